import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogIntegrity } from '../../src/event-store/integrity/log-integrity.js';
import { SealSigningKey } from '../../src/event-store/integrity/seal-signature.js';
import { aMilestone, aProcess } from '../builders/request-bodies.js';
import { auditVerify } from '../support/audit-verify-cli.js';
import { eventually } from '../support/eventually.js';
import { startWebhookReceiver, type WebhookHit } from '../support/reminder-receivers.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

/** A hit with the status the witness answered. */
type AnsweredHit = WebhookHit & { status?: number };

/** The seal numbers a witness acknowledged (answered 2xx), in the order it received them. */
const acknowledged = (hits: AnsweredHit[], path: string) =>
  hits.filter((hit) => hit.path === path && hit.verified && hit.status === 204).map((hit) => JSON.parse(hit.body).data.sealNumber as number);

describe('witnesses: every seal leaves the tracker, signed, in order', () => {
  const signingKey = SealSigningKey.generate();
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  let down = true;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let t: TestApp;
  let integrity: LogIntegrity;
  let dir: string;
  let last = 0;

  async function recordAndSeal(title: string): Promise<number> {
    const process = await t.http.post('/api/processes').set(bearer(t.tokens.editor)).send(aProcess({ title })).expect(201);
    const milestone = await t.http.post(`/api/processes/${process.body.id}/milestones`).set(bearer(t.tokens.editor)).send(aMilestone()).expect(201);
    last = milestone.body.position;
    // Seals cover events older than every transaction running on the server, whichever database it serves.
    const sealable = async () =>
      (await t.db.pool.query(`SELECT transaction_id < pg_snapshot_xmin(pg_current_snapshot()) AS ok FROM events WHERE position = $1`, [last])).rows[0].ok === true;
    expect(await eventually(sealable, 15_000)).toBe(true);
    const seals = await integrity.seal();
    expect(seals.length).toBe(1);
    return seals[0].sealNumber;
  }

  beforeAll(async () => {
    // The second witness is down (503) until the test brings it up.
    receiver = await startWebhookReceiver((hit, res) => {
      const status = hit.path === '/late' && down ? 503 : 204;
      Object.assign(hit, { status });
      res.writeHead(status).end();
    });
    receiver.trust('/steady', secret);
    receiver.trust('/late', secret);
    t = await createTestApp({
      SEAL_SIGNING_KEY: signingKey.toPem(),
      AUDIT_WITNESS_URLS: `${receiver.url('/steady')}, ${receiver.url('/late')}`,
      AUDIT_WITNESS_SECRET: secret,
      WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    integrity = new LogIntegrity(t.db.pool, signingKey);
    dir = await mkdtemp(join(tmpdir(), 'trt-witness-'));
  });

  afterAll(async () => {
    await t.close();
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers each seal exactly once and in order, and the missed ones to a witness that was down', async () => {
    await recordAndSeal('Review of resolution 68/268');
    expect(await eventually(() => acknowledged(receiver.hits, '/steady').length === 1, 15_000)).toBe(true);
    await recordAndSeal('Review of the treaty body system');
    expect(await eventually(() => acknowledged(receiver.hits, '/steady').length === 2, 15_000)).toBe(true);
    // The witness that is down was tried, and refused every time.
    expect(receiver.hits.some((hit) => hit.path === '/late')).toBe(true);
    expect(acknowledged(receiver.hits, '/late')).toEqual([]);

    down = false;
    expect(await eventually(() => acknowledged(receiver.hits, '/late').length === 2, 30_000, 200)).toBe(true);
    await recordAndSeal('Third review');
    expect(await eventually(() => acknowledged(receiver.hits, '/late').length === 3 && acknowledged(receiver.hits, '/steady').length === 3, 15_000)).toBe(true);
    // A few rounds more: nothing is sent twice.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(acknowledged(receiver.hits, '/steady')).toEqual([1, 2, 3]);
    expect(acknowledged(receiver.hits, '/late')).toEqual([1, 2, 3]);

    const steady = receiver.hits.filter((hit) => hit.path === '/steady');
    expect(steady.map((hit) => hit.headers['webhook-id'])).toEqual([...new Set(steady.map((hit) => hit.headers['webhook-id']))]);
    const { items } = (await t.http.get('/api/audit/seals').expect(200)).body;
    expect(steady.map((hit) => JSON.parse(hit.body))).toEqual(items.map((seal: { sealedAt: string }) => ({ type: 'audit.seal', timestamp: seal.sealedAt, data: seal })));
  });

  it("verifies the witness's copy against the public key, and names the first seal that does not", async () => {
    const copy = join(dir, 'seals.ndjson');
    const bodies = (receiver.hits as AnsweredHit[]).filter((hit) => hit.path === '/late' && hit.status === 204).map((hit) => hit.body);
    await writeFile(copy, `${bodies.join('\n')}\n`);
    const keyFile = join(dir, 'public-key.json');
    await writeFile(keyFile, (await t.http.get('/api/audit/public-key').expect(200)).text);

    const run = await auditVerify(['--file', copy, '--public-key', keyFile]);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/^OK: 3 seals verified\nSignatures: 3 seals signed, verified with the given key /);

    const tampered = bodies.map((body) => JSON.parse(body));
    tampered[1].data.eventCount += 1;
    await writeFile(copy, tampered.map((body) => JSON.stringify(body)).join('\n'));
    const broken = await auditVerify(['--file', copy, '--public-key', keyFile]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe(`BROKEN at seal 2: the signature of seal 2 does not verify with key ${signingKey.keyId} (1 seals checked before it)\n`);
  });

  it('pages the public seal chain with cursors, without a token', async () => {
    const first = (await t.http.get('/api/audit/seals').query({ limit: 2, minPosition: last }).expect(200)).body;
    expect(first.items.map((seal: { sealNumber: number }) => seal.sealNumber)).toEqual([1, 2]);
    expect(first.nextCursor).toBe('2');
    const second = (await t.http.get('/api/audit/seals').query({ limit: 2, cursor: first.nextCursor }).expect(200)).body;
    expect(second).toEqual({ items: [expect.objectContaining({ sealNumber: 3, keyId: signingKey.keyId })] });
    expect((await t.http.get('/api/audit/seals').query({ after: 1 }).expect(200)).body.items.map((seal: { sealNumber: number }) => seal.sealNumber)).toEqual([2, 3]);
    const bad = await t.http.get('/api/audit/seals').query({ cursor: 'abc', limit: 0 }).expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
