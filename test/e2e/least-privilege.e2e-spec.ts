import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { LogIntegrity } from '../../src/event-store/integrity/log-integrity.js';
import { SealSigningKey } from '../../src/event-store/integrity/seal-signature.js';
import { aMilestone, aProcess } from '../builders/request-bodies.js';
import { startService, type ServiceProcess } from '../support/service-process.js';
import { bearer, TEST_ADMIN_TOKEN } from '../support/test-app.js';
import { ADMIN_DATABASE_URL, createTestDatabase, type TestDatabase } from '../support/test-database.js';

const INSUFFICIENT_PRIVILEGE = '42501';

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(pool: pg.Pool, sql: string): Promise<string> {
  return pool.query(sql).then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? 'error',
  );
}

describe('the service runs as a role that may only add to history, never rewrite it', () => {
  const role = `trt_service_${randomBytes(4).toString('hex')}`;
  const signingKey = SealSigningKey.generate();
  let db: TestDatabase;
  let serviceUrl: string;
  let service: ServiceProcess;
  let asService: pg.Pool;
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    await db.admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    const url = new URL(db.url);
    url.username = role;
    serviceUrl = url.toString();
    dataDir = await mkdtemp(join(tmpdir(), 'trt-role-'));
    service = await startService({
      DATABASE_URL: serviceUrl,
      DATABASE_MIGRATION_URL: db.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      SEAL_SIGNING_KEY: signingKey.toPem(),
    });
    await service.healthy();
    asService = new pg.Pool({ connectionString: serviceUrl, max: 2 });
  });

  afterAll(async () => {
    await asService?.end();
    await service?.stop();
    await db.close();
    const admin = new pg.Pool({ connectionString: ADMIN_DATABASE_URL, max: 1 });
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates as the owner: the service role owns no table', async () => {
    const { rows } = await db.admin.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1`, [role]);
    expect(rows).toEqual([]);
    const owner = await db.admin.query<{ tableowner: string }>(`SELECT tableowner FROM pg_tables WHERE tablename = 'events'`);
    expect(owner.rows[0].tableowner).not.toBe(role);
  });

  it('writes, projects, seals and verifies as that role', async () => {
    const http = request(service.baseUrl);
    const opened = await http.post('/api/processes').set(bearer(TEST_ADMIN_TOKEN)).send(aProcess()).expect(201);
    const logged = await http.post(`/api/processes/${opened.body.id}/milestones`).set(bearer(TEST_ADMIN_TOKEN)).send(aMilestone({ title: 'Written by the service role' })).expect(201);
    const timeline = await http.get(`/api/processes/${opened.body.id}/timeline`).query({ minPosition: logged.body.position }).set(bearer(TEST_ADMIN_TOKEN)).expect(200);
    expect(timeline.body.items.map((item: { title: string }) => item.title)).toEqual(['Written by the service role']);

    const seals = await new LogIntegrity(asService, signingKey).seal();
    expect(seals.length).toBe(1);
    expect((await http.get('/api/audit/verify').set(bearer(TEST_ADMIN_TOKEN)).expect(200)).body).toMatchObject({ ok: true, signedSeals: 1 });
  });

  it.each([
    ['UPDATE events', `UPDATE events SET type = type`],
    ['DELETE FROM events', `DELETE FROM events`],
    ['TRUNCATE events', `TRUNCATE events`],
    ['ALTER TABLE events DISABLE TRIGGER', `ALTER TABLE events DISABLE TRIGGER events_append_only`],
    ['DROP TRIGGER on events', `DROP TRIGGER events_append_only ON events`],
    ['session_replication_role = replica', `SET session_replication_role = replica`],
    ['UPDATE seals', `UPDATE seals SET digest = digest`],
    ['DELETE FROM seals', `DELETE FROM seals`],
    ['TRUNCATE seals', `TRUNCATE seals`],
    ['ALTER TABLE seals DISABLE TRIGGER', `ALTER TABLE seals DISABLE TRIGGER ALL`],
    ['DELETE FROM seal_signing_keys', `DELETE FROM seal_signing_keys`],
    ['INSERT INTO migrations', `INSERT INTO migrations (timestamp, name) VALUES (1, 'Forged1')`],
  ])('refuses the service role: %s', async (_, sql) => {
    expect(await outcome(asService, sql)).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it('leaves what the refused statements aimed at untouched', async () => {
    const { rows } = await db.admin.query<{ events: string; seals: string }>(`SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM seals) AS seals`);
    expect(Number(rows[0].events)).toBeGreaterThanOrEqual(2);
    expect(Number(rows[0].seals)).toBe(1);
  });
});
