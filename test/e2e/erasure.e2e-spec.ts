import { createDecipheriv, createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { verifyAuditExport } from '../../src/audit/audit-export-verifier.js';
import { KeyEncryptionKey } from '../../src/privacy/key-encryption-key.js';
import { aDeadline, aProcess, aSubscription } from '../builders/request-bodies.js';
import { eventually } from '../support/eventually.js';
import { TEST_DATA_KEY } from '../support/service-process.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

const EMAIL = 'Jane.Doe@Example.org';
const WEBHOOK = 'https://hooks.example.org/jane-doe';
const KEPT = 'someone.else@example.org';

/** Every way the address could be found: as typed, lowercased, and the digest the vault keys it by. */
const tracesOf = (address: string) => {
  const normalized = address.includes('://') ? address : address.toLowerCase();
  return [address, normalized, createHash('sha256').update(normalized).digest('hex')];
};

/** The text of every row of every table of the database. */
async function everyTable(pool: pg.Pool): Promise<string> {
  const tables = await pool.query<{ name: string }>(
    `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
  );
  expect(tables.rows.map((t) => t.name)).toEqual(expect.arrayContaining(['public.events', 'public.subject_keys', 'public.idempotency_records']));
  const dumps = await Promise.all(
    tables.rows.map(async ({ name }) => (await pool.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`)).rows.map((r) => r.row).join('\n')),
  );
  return dumps.join('\n');
}

/** Decrypts an encrypted value of an event with the key the vault keeps, if it still does, unwrapped with the service's DATA_KEY. */
async function reveal(pool: pg.Pool, value: { keyId: string; iv: string; ciphertext: string; tag: string }): Promise<string | undefined> {
  const { rows } = await pool.query<{ wrapped_key: Buffer }>(`SELECT wrapped_key FROM subject_keys WHERE subject_id = $1`, [value.keyId]);
  if (rows.length === 0) return undefined;
  const key = new KeyEncryptionKey(Buffer.from(TEST_DATA_KEY, 'base64')).unwrap(value.keyId, rows[0].wrapped_key);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(value.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(value.ciphertext, 'base64')), decipher.final()]).toString('utf8');
}

describe('forgetting a person', () => {
  let t: TestApp;
  let last = 0;
  const processes: string[] = [];
  const subscriptions: Record<string, { processId: string; subscriptionId: string }> = {};
  let feedKey: string;

  async function write(path: string, body: object, headers: Record<string, string> = {}): Promise<Record<string, any>> {
    const res = await t.http.post(path).set(bearer(t.tokens.admin)).set(headers).send(body).expect(201);
    last = res.body.position;
    return res.body;
  }

  const addedAddress = async (subscriptionId: string) => {
    const { rows } = await t.db.pool.query(`SELECT data FROM events WHERE type = 'SubscriptionAdded' AND data->>'subscriptionId' = $1`, [subscriptionId]);
    return rows[0].data.address;
  };

  /** Every GET the API offers (from its OpenAPI document), for every process, with every role and the feed key. */
  async function everyResponse(): Promise<string> {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const texts: string[] = [JSON.stringify(doc)];
    const paths = Object.keys(doc.paths).filter((path) => doc.paths[path].get);
    expect(paths).toEqual(expect.arrayContaining(['/api/audit', '/api/audit.ndjson', '/api/processes/{id}/events', '/api/processes/{id}/deadlines.ics']));
    for (const path of [...paths, '/metrics']) {
      for (const id of processes) {
        const url = path.replace('{id}', id);
        if (path.endsWith('/live')) {
          texts.push(await readLive(url));
          continue;
        }
        for (const role of ['admin', 'auditor', 'viewer'] as const) {
          const res = await t.http.get(url).query({ key: feedKey, limit: 500, minPosition: last }).set(bearer(t.tokens[role])).buffer(true);
          texts.push(res.text ?? String(res.body));
        }
        texts.push((await t.http.get(url).query({ key: feedKey })).text);
      }
    }
    return texts.join('\n');
  }

  /** The live feed from the first event on, for a second. */
  async function readLive(url: string): Promise<string> {
    const controller = new AbortController();
    const res = await fetch(`${t.service.baseUrl}${url}`, { headers: { ...bearer(t.tokens.admin), 'Last-Event-ID': '0' }, signal: controller.signal });
    const reader = res.body!.getReader();
    let text = '';
    const stop = setTimeout(() => controller.abort(), 1000);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
    } catch {
      // Aborted after a second: the feed itself never ends.
    } finally {
      clearTimeout(stop);
    }
    return text;
  }

  /** Every e-mail written to DATA_DIR/outbox (no SMTP_URL here). */
  async function outbox(): Promise<string[]> {
    const dir = join(t.dataDir, 'outbox');
    const names = await readdir(dir).catch(() => [] as string[]);
    return Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')));
  }

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'info' });
    for (const title of ['Review of resolution 68/268', 'Review of the treaty body system']) {
      const id = (await write('/api/processes', aProcess({ title }))).id;
      processes.push(id);
      await write(`/api/processes/${id}/deadlines`, aDeadline());
    }
    const subscribe = async (name: string, processId: string, body: Record<string, unknown>, headers = {}) =>
      (subscriptions[name] = { processId, subscriptionId: (await write(`/api/processes/${processId}/subscriptions`, aSubscription(body), headers)).subscriptionId });
    await subscribe('email1', processes[0], { address: EMAIL }, { 'Idempotency-Key': 'subscribe-jane-1' });
    await subscribe('email2', processes[1], { address: EMAIL.toLowerCase() });
    await subscribe('webhook', processes[1], { channel: 'webhook', address: WEBHOOK });
    await subscribe('kept', processes[0], { address: KEPT });
    // Ended before the erasure: still one of the person's subscriptions, but not ended twice.
    await t.http.delete(`/api/processes/${processes[1]}/subscriptions/${subscriptions.email2.subscriptionId}`).set(bearer(t.tokens.admin)).expect((res) => {
      expect(res.status).toBeLessThan(300);
    });
    // A reminder to each subscriber of the first process, written to the outbox: Jane's must go with her.
    await write(`/api/processes/${processes[0]}/deadlines`, aDeadline({ dueAt: new Date(Date.now() + 3000).toISOString(), remindBefore: ['PT1S'], notifyOverdue: false }));
    expect(await eventually(async () => (await outbox()).length === 2, 30_000, 200)).toBe(true);
    feedKey = (await t.http.post(`/api/processes/${processes[0]}/feed-keys`).set(bearer(t.tokens.editor)).send({ label: 'team' }).expect(201)).body.key;
  });

  afterAll(async () => {
    await t.close();
  });

  it('holds the address only encrypted, readable with the subject key, before', async () => {
    expect(await reveal(t.db.pool, await addedAddress(subscriptions.email1.subscriptionId))).toBe(EMAIL);
    const tables = await everyTable(t.db.pool);
    expect(tables).not.toContain(EMAIL.toLowerCase());
    // The digest the vault finds the person by is there: the test below can see it go.
    expect(tables).toContain(tracesOf(EMAIL)[2]);
    expect((await outbox()).join('\n').toLowerCase()).toContain(EMAIL.toLowerCase());
  });

  it('is for admins only', async () => {
    for (const role of ['editor', 'auditor', 'viewer'] as const) {
      await t.http.post('/api/erasures').set(bearer(t.tokens[role])).send({ address: EMAIL }).expect(403);
    }
    await t.http.post('/api/erasures').set(bearer(t.tokens.admin)).send({}).expect(400);
  });

  it('ends every subscription with the address in every process, records the erasure, and deletes the key', async () => {
    const res = await write('/api/erasures', { address: ' jane.doe@EXAMPLE.org ' });
    const subjectId = (await addedAddress(subscriptions.email1.subscriptionId)).keyId;
    expect(res).toEqual({
      subjectId,
      subscriptions: [subscriptions.email1, subscriptions.email2],
      position: expect.any(Number),
    });
    await write('/api/erasures', { address: WEBHOOK });

    const { rows: ended } = await t.db.pool.query(`SELECT data FROM events WHERE type = 'SubscriptionEnded' ORDER BY position`);
    expect(ended.map((r) => r.data)).toEqual([
      { subscriptionId: subscriptions.email2.subscriptionId },
      { subscriptionId: subscriptions.email1.subscriptionId, reason: 'erasure' },
      { subscriptionId: subscriptions.webhook.subscriptionId, reason: 'erasure' },
    ]);
    const { rows: erased } = await t.db.pool.query(`SELECT stream_id, data FROM events WHERE type = 'PersonalDataErased' AND position = $1`, [res.position]);
    expect(erased).toEqual([
      {
        stream_id: `subject-${subjectId}`,
        data: { subjectId, subscriptions: [subscriptions.email1, subscriptions.email2], endedSubscriptions: [subscriptions.email1.subscriptionId] },
      },
    ]);

    expect(await reveal(t.db.pool, await addedAddress(subscriptions.email1.subscriptionId))).toBeUndefined();
    expect(await reveal(t.db.pool, await addedAddress(subscriptions.webhook.subscriptionId))).toBeUndefined();
    expect(await reveal(t.db.pool, await addedAddress(subscriptions.kept.subscriptionId))).toBe(KEPT);
    await t.http.post('/api/erasures').set(bearer(t.tokens.admin)).send({ address: EMAIL }).expect(404);
  });

  it('leaves no trace of the addresses in any table, any API response, or the log output', async () => {
    const tables = await everyTable(t.db.pool);
    const responses = await everyResponse();
    for (const trace of [...tracesOf(EMAIL), ...tracesOf(WEBHOOK)]) {
      expect(tables.toLowerCase()).not.toContain(trace.toLowerCase());
      expect(responses.toLowerCase()).not.toContain(trace.toLowerCase());
      expect(t.service.output().toLowerCase()).not.toContain(trace.toLowerCase());
    }
    const mails = (await outbox()).join('\n').toLowerCase();
    for (const trace of [...tracesOf(EMAIL), 'jane']) expect(mails).not.toContain(trace.toLowerCase());
    // The outbox was read: the other subscriber's e-mail is still there.
    expect(mails).toContain(KEPT);
    // The reply kept for the Idempotency-Key of Jane's subscription went too (its request hash was a digest of her address).
    expect((await t.db.pool.query(`SELECT * FROM idempotency_records WHERE idempotency_key = 'subscribe-jane-1'`)).rows).toEqual([]);
    // The responses were real: they hold the other subscriber's ciphertext and the erasure record.
    expect(responses).toContain('PersonalDataErased');
    expect(responses).toContain(subscriptions.kept.subscriptionId);
  });

  it('still verifies: the database, and an export offline', async () => {
    expect((await t.http.get('/api/audit/verify').set(bearer(t.tokens.auditor)).expect(200)).body).toMatchObject({ ok: true });
    const res = await t.http.get('/api/audit.ndjson').query({ minPosition: last }).set(bearer(t.tokens.auditor)).buffer(true).expect(200);
    const text: string = res.text;
    const result = await verifyAuditExport((async function* () {
      yield* text.split('\n');
    })());
    expect(result).toMatchObject({ ok: true });
    expect(result.checkedEvents).toBeGreaterThan(10);
  });
});
