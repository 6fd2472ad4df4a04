import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stream } from 'node:stream';
import type { Role } from '../../src/auth/roles.js';
import { LogIntegrity } from '../../src/event-store/integrity/log-integrity.js';
import { SealSigningKey } from '../../src/event-store/integrity/seal-signature.js';
import { aMilestone, aProcess } from '../builders/request-bodies.js';
import { auditVerify } from '../support/audit-verify-cli.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

type Caller = Role | 'anonymous';

const binary = (res: Stream, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

describe('the audit log over HTTP and on the command line', () => {
  // The service's key, given to it as SEAL_SIGNING_KEY: the test seals as its scheduler would.
  const signingKey = SealSigningKey.generate();
  let t: TestApp;
  let dir: string;
  let last = 0;
  const processes: string[] = [];
  const positions: Record<string, number> = {};

  const as = (caller: Caller) => (caller === 'anonymous' ? {} : bearer(t.tokens[caller]));

  async function write(path: string, body: object, caller: Role = 'editor'): Promise<Record<string, any>> {
    const res = await t.http.post(path).set(as(caller)).send(body).expect(201);
    last = res.body.position;
    return res.body;
  }

  async function audit(query: Record<string, unknown> = {}, caller: Caller = 'auditor') {
    return (await t.http.get('/api/audit').query({ minPosition: last, ...query }).set(as(caller)).expect(200)).body;
  }

  async function everyEntry(query: Record<string, unknown> = {}): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await audit({ limit: 3, ...query, ...(cursor && { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return items;
  }

  async function exportFile(name: string): Promise<string> {
    const res = await t.http.get('/api/audit.ndjson').query({ minPosition: last }).set(as('auditor')).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const path = join(dir, name);
    await writeFile(path, res.body as Buffer);
    return path;
  }

  const linesOf = async (path: string) => (await readFile(path, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));

  beforeAll(async () => {
    t = await createTestApp({ SEAL_SIGNING_KEY: signingKey.toPem() });
    dir = await mkdtemp(join(tmpdir(), 'trt-audit-'));
    for (const title of ['Review of resolution 68/268', 'Review of the treaty body system']) {
      processes.push((await write('/api/processes', aProcess({ title }))).id);
    }
    for (let i = 1; i <= 4; i++) {
      const body = await write(`/api/processes/${processes[i % 2]}/milestones`, aMilestone({ title: `Consultation ${i}` }), i === 4 ? 'admin' : 'editor');
      positions[`milestone${i}`] = body.position;
    }
    // Seal what is there now; the events after stay unsealed, as between two runs of the scheduler.
    expect((await new LogIntegrity(t.db.pool, signingKey).seal()).length).toBeGreaterThan(0);
    await write(`/api/processes/${processes[0]}/milestones`, aMilestone({ title: 'After the seal', visibility: 'confidential' }));
  });

  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('access', () => {
    it.each(['/api/audit', '/api/audit.ndjson', '/api/audit/verify'])('refuses viewers and editors (403), and anonymous callers (401): %s', async (path) => {
      for (const [caller, status] of [['viewer', 403], ['editor', 403], ['anonymous', 401]] as const) {
        const res = await t.http.get(path).set(as(caller)).expect(status);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      await t.http.get(path).query({ minPosition: last }).set(as('auditor')).expect(200);
      await t.http.get(path).query({ minPosition: last }).set(as('admin')).expect(200);
    });

    it.each(['/api/audit/seals', '/api/audit/public-key'])('answers anyone, without a token: %s', async (path) => {
      await t.http.get(path).expect(200);
      await t.http.get(path).set(as('viewer')).expect(200);
    });
  });

  describe('GET /api/audit', () => {
    it('lists every event of every stream with the shape of the process events, page by page', async () => {
      const entries = await everyEntry();
      const { rows } = await t.db.pool.query(`SELECT position FROM events ORDER BY position`);
      expect(entries.map((e) => e.position).sort((a, b) => a - b)).toEqual(rows.map((r) => Number(r.position)));

      const streamEvents = (await t.http.get(`/api/processes/${processes[0]}/events`).set(as('auditor')).expect(200)).body.items;
      for (const event of streamEvents) {
        const entry = entries.find((e) => e.position === event.position);
        expect(entry).toMatchObject({ ...event, streamId: `process-${processes[0]}` });
        expect(entry.metadata).toEqual({
          actor: event.actor,
          correlationId: event.correlationId,
          causationId: event.causationId,
        });
      }
    });

    it('filters by type, actor, position and time', async () => {
      const all = await everyEntry();
      expect((await everyEntry({ type: 'ProcessOpened' })).map((e) => e.streamId)).toEqual(processes.map((id) => `process-${id}`));

      const adminId = all.find((e) => e.position === positions.milestone4).actor.id;
      const byAdmin = await everyEntry({ actor: adminId });
      expect(byAdmin.map((e) => e.position)).toEqual([positions.milestone4]);
      expect((await everyEntry({ actor: 'test editor' })).length).toBe(all.length - 1);

      const after = all[2].position;
      expect((await everyEntry({ after })).map((e) => e.position)).toEqual(all.slice(3).map((e) => e.position));

      const middle = all[3];
      const window = await everyEntry({ from: middle.recordedAt, to: new Date(Date.parse(all[all.length - 1].recordedAt)).toISOString() });
      expect(window[0].position).toBe(middle.position);
      expect(window.every((e) => e.recordedAt >= middle.recordedAt && e.recordedAt < all[all.length - 1].recordedAt)).toBe(true);
    });

    it('answers 400 for an unknown position, a foreign cursor, a bad instant or limit', async () => {
      for (const query of [{ after: 999_999 }, { cursor: 'bm90LWEtY3Vyc29y' }, { from: 'yesterday' }, { limit: 501 }, { limit: 0 }]) {
        const res = await t.http.get('/api/audit').query(query).set(as('auditor')).expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('seals and verification', () => {
    it('lists the seals: range of positions, digest, time, signature and key', async () => {
      const { items } = (await t.http.get('/api/audit/seals').set(as('auditor')).expect(200)).body;
      expect(items.length).toBeGreaterThan(0);
      expect(items[0]).toMatchObject({
        sealNumber: 1,
        firstPosition: 1,
        previousDigest: '0'.repeat(64),
        digest: expect.stringMatching(/^[0-9a-f]{64}$/),
        signature: expect.any(String),
        keyId: signingKey.keyId,
      });
      expect(items.reduce((sum: number, seal: { eventCount: number }) => sum + seal.eventCount, 0)).toBe(6);
    });

    it('publishes the public key that verifies the seals, with its id, as PEM and JWK', async () => {
      const { body } = await t.http.get('/api/audit/public-key').expect(200);
      expect(body).toEqual({
        algorithm: 'Ed25519',
        currentKeyId: signingKey.keyId,
        keys: [
          {
            keyId: signingKey.keyId,
            algorithm: 'Ed25519',
            publicKeyPem: signingKey.publicKey.export({ type: 'spki', format: 'pem' }),
            jwk: { kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: signingKey.keyId, alg: 'EdDSA', use: 'sig' },
            registeredAt: expect.any(String),
          },
        ],
      });
    });

    it('passes on the untouched log: endpoint, command line on the database, exported file offline', async () => {
      expect((await t.http.get('/api/audit/verify').set(as('auditor')).expect(200)).body).toEqual({
        ok: true,
        checkedEvents: 7,
        checkedSeals: 1,
        signaturesChecked: true,
        signedSeals: 1,
        unsignedSeals: 0,
      });

      const seal = (await t.http.get('/api/audit/seals').set(as('auditor')).expect(200)).body.items[0];
      const sealLine = `Last seal: #1, positions 1 to 6, digest ${seal.digest}, sealed at ${seal.sealedAt}\n`;
      const keyFile = join(dir, 'public-key.json');
      await writeFile(keyFile, (await t.http.get('/api/audit/public-key').expect(200)).text);
      const database = await auditVerify([], { DATABASE_URL: t.db.url });
      expect(database).toMatchObject({
        code: 0,
        stdout: `OK: 7 events and 1 seals verified\nSignatures: 1 seals signed, verified with the keys the database records\n${sealLine}`,
      });

      const path = await exportFile('audit.ndjson');
      const lines = await linesOf(path);
      expect(lines[0].export).toMatchObject({ format: 'treaty-review-tracker/audit-ndjson/1', complete: true });
      expect(lines[1].seal).toMatchObject({ sealNumber: 1 });
      expect(lines[lines.length - 1]).toEqual({ end: { events: 7, seals: 1 } });
      expect(lines.filter((line) => line.position !== undefined)).toEqual(await everyEntry());
      expect(await auditVerify(['--file', path, '--public-key', keyFile])).toMatchObject({
        code: 0,
        stdout: `OK: 7 events and 1 seals verified\nSignatures: 1 seals signed, verified with the given key ${signingKey.keyId}\n${sealLine}`,
      });
      expect((await auditVerify(['--file', path])).stdout).toContain('Signatures: not checked (1 seals signed); give --public-key <file> to check them');

      const otherKey = join(dir, 'other-key.pem');
      await writeFile(otherKey, SealSigningKey.generate().publicKey.export({ type: 'spki', format: 'pem' }));
      const wrongKey = await auditVerify(['--file', path, '--public-key', otherKey]);
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.stdout).toContain(`BROKEN at position 1: seal 1 is signed with key ${signingKey.keyId}, which is not among the trusted public keys`);
    });

    it('fails offline on the same file with one byte changed, naming the position', async () => {
      const path = await exportFile('audit-changed.ndjson');
      const bytes = await readFile(path);
      const at = bytes.indexOf('Consultation 3');
      bytes[at + 'Consultation '.length] = '8'.charCodeAt(0);
      await writeFile(path, bytes);
      const run = await auditVerify(['--file', path]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`BROKEN at position ${positions.milestone3}:`);
    });

    it('fails after one row is changed by a superuser with triggers off, naming it: endpoint, command line, export', async () => {
      const target = positions.milestone2;
      const client = await t.db.admin.connect();
      try {
        await client.query(`SET session_replication_role = replica`);
        await client.query(`UPDATE events SET data = jsonb_set(data, '{title}', '"Rewritten"') WHERE position = $1`, [target]);
      } finally {
        await client.query(`RESET session_replication_role`);
        client.release();
      }

      const endpoint = (await t.http.get('/api/audit/verify').set(as('admin')).expect(200)).body;
      expect(endpoint).toMatchObject({ ok: false, checkedEvents: 7, firstBrokenPosition: target });

      const database = await auditVerify([], { DATABASE_URL: t.db.url });
      expect(database.code).toBe(1);
      expect(database.stdout).toContain(`BROKEN at position ${target}:`);

      const file = await auditVerify(['--file', await exportFile('audit-tampered.ndjson')]);
      expect(file.code).toBe(1);
      expect(file.stdout).toContain(`BROKEN at position ${target}:`);
    });
  });
});
