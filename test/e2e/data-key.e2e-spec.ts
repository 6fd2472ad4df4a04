import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { aDeadline, aProcess, aSubscription } from '../builders/request-bodies.js';
import { eventually } from '../support/eventually.js';
import { opensWithRowsAlone } from '../support/opens-with-rows-alone.js';
import { startService, tail, type ServiceProcess } from '../support/service-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { bearer, TEST_ADMIN_TOKEN } from '../support/test-app.js';

const JANE = 'jane.doe@example.org';
const admin = bearer(TEST_ADMIN_TOKEN);

describe('personal-data keys wrapped with DATA_KEY', () => {
  let db: TestDatabase;
  let dataDir: string;
  let service: ServiceProcess | undefined;
  let processId: string;
  const [currentKeyFile, newKeyFile] = ['current-key', 'new-key'];

  const start = async (env: Record<string, string>) => {
    service = await startService({ DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...env });
    return service;
  };
  const stop = async () => {
    await service?.stop();
    service = undefined;
  };
  const http = () => request(service!.baseUrl);
  const mails = async () => {
    const names = await readdir(join(dataDir, 'outbox')).catch(() => [] as string[]);
    return Promise.all(names.map((name) => readFile(join(dataDir, 'outbox', name), 'utf8')));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'trt-data-key-'));
    await writeFile(join(dataDir, currentKeyFile), randomBytes(32).toString('base64'), { mode: 0o600 });
    await writeFile(join(dataDir, newKeyFile), randomBytes(32).toString('base64'), { mode: 0o600 });
    await (await start({ DATA_KEY_FILE: join(dataDir, currentKeyFile) })).healthy();
    processId = (await http().post('/api/processes').set(admin).send(aProcess()).expect(201)).body.id;
    await http().post(`/api/processes/${processId}/subscriptions`).set(admin).send(aSubscription({ address: JANE })).expect(201);
  });

  afterAll(async () => {
    await stop();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps nothing in the database that decrypts an address', async () => {
    const added = await db.pool.query(`SELECT data->'address' AS address FROM events WHERE type = 'SubscriptionAdded'`);
    const keys = await db.pool.query(`SELECT * FROM subject_keys`);
    expect(keys.rows).toHaveLength(1);
    expect(opensWithRowsAlone(keys.rows, added.rows[0].address)).toBe(false);
  });

  it('refuses to start with another key, in one line naming it', async () => {
    await stop();
    const wrong = await start({ DATA_KEY: randomBytes(32).toString('base64') });
    expect(await wrong.exited).toBe(1);
    expect(tail(wrong.output(), 1)).toMatch(/^Invalid configuration: DATA_KEY is not the key that wrapped this database's personal-data keys/);
    service = undefined;
  });

  it('rotates with npm run data-key:rotate: the subscriber still gets reminders, and can still be erased', async () => {
    const rotate = await promisify(execFile)(
      process.execPath,
      ['dist/src/cli/data-key-rotate.js', '--current-key-file', join(dataDir, currentKeyFile), '--new-key-file', join(dataDir, newKeyFile)],
      { env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dataDir, DATA_KEY: '', DATA_KEY_FILE: '' } },
    );
    expect(rotate.stdout).toMatch(/^Re-wrapped 1 personal-data keys/);

    const old = await start({ DATA_KEY_FILE: join(dataDir, currentKeyFile) });
    expect(await old.exited).toBe(1);
    await (await start({ DATA_KEY_FILE: join(dataDir, newKeyFile) })).healthy();
    await http()
      .post(`/api/processes/${processId}/deadlines`)
      .set(admin)
      .send(aDeadline({ dueAt: new Date(Date.now() + 3000).toISOString(), remindBefore: ['PT1S'], notifyOverdue: false }))
      .expect(201);
    const delivered = await eventually(async () => (await mails()).some((mail) => mail.includes(`To: ${JANE}`)), 30_000, 200);
    expect(delivered ? 'delivered' : tail(service!.output())).toBe('delivered');

    await http().post('/api/erasures').set(admin).send({ address: JANE }).expect(201);
    expect((await mails()).join('\n')).not.toContain(JANE);
  });
});
