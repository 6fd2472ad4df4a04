import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { mailHeader } from '../../src/channels/testing/raw-mail.js';
import { aDeadline, aProcess, aSubscription } from '../builders/request-bodies.js';
import { startPrivatePostgres, startPrivateRedis } from '../support/private-servers.js';
import { eventually } from '../support/eventually.js';
import { startWebhookReceiver, type WebhookHit } from '../support/reminder-receivers.js';
import { startService, type ServiceProcess } from '../support/service-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { bearer, createTestApp, TEST_ADMIN_TOKEN } from '../support/test-app.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const admin = bearer(TEST_ADMIN_TOKEN);

/** The service with the test's admin token; ROLE=worker processes serve no HTTP and are ready when they say so. */
async function service(env: Record<string, string>): Promise<ServiceProcess> {
  const started = await startService({ LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '1000000', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...env });
  if (env.ROLE === 'worker') await started.waitForLine(/Worker started/);
  else await started.healthy();
  return started;
}

async function post(http: ReturnType<typeof request>, path: string, body: object = {}): Promise<Record<string, any>> {
  const res = await http.post(path).set(admin).send(body);
  if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

const countBy = (hits: WebhookHit[]) => {
  const counts = new Map<string, number>();
  for (const hit of hits) counts.set(hit.headers['webhook-id'], (counts.get(hit.headers['webhook-id']) ?? 0) + 1);
  return counts;
};

describe('reminders when the infrastructure fails', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  /** Receivers may hold their answer, to keep deliveries in flight. */
  let holdMs = 0;

  beforeAll(async () => {
    receiver = await startWebhookReceiver((_, res) => setTimeout(() => res.writeHead(204).end(), holdMs));
  });

  afterAll(async () => {
    await receiver?.close();
  });

  /** A process with `subscribers` webhook subscriptions (path /<tag>/<n>) and `deadlines` deadlines, each with one PT1S reminder. */
  async function plant(http: ReturnType<typeof request>, tag: string, subscribers: number, deadlines: number, dueInSeconds: number) {
    const processId = (await post(http, '/api/processes', aProcess())).id as string;
    for (let i = 0; i < subscribers; i++) {
      const path = `/${tag}/${i}`;
      const { secret } = await post(http, `/api/processes/${processId}/subscriptions`, aSubscription({ channel: 'webhook', address: receiver.url(path), language: 'en' }));
      receiver.trust(path, secret);
    }
    const dueAt = inSeconds(dueInSeconds + 1);
    for (let i = 0; i < deadlines; i++) {
      await post(http, `/api/processes/${processId}/deadlines`, aDeadline({ title: `deadline ${i}`, dueAt, remindBefore: ['PT1S'], notifyOverdue: false }));
    }
    return processId;
  }
  const hitsOf = (tag: string) => receiver.hits.filter((h) => h.path.startsWith(`/${tag}/`));

  it('FLUSHALL on Redis with 500 reminders pending: every one is still delivered, exactly once', async () => {
    const redis = await startPrivateRedis();
    const t = await createTestApp({ REDIS_URL: redis.url, WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'info' });
    try {
      await plant(t.http, 'flush', 50, 10, 25);
      const queued = async () => Number((await t.db.pool.query(`SELECT count(*) AS n FROM reminder_ledger WHERE status = 'queued'`)).rows[0].n);
      expect(await eventually(async () => (await queued()) === 500, 20_000)).toBe(true);
      expect(hitsOf('flush')).toHaveLength(0);
      expect(await redis.cli('FLUSHALL')).toBe('OK');
      expect(await redis.cli('DBSIZE')).toBe('0');

      expect(await eventually(() => countBy(hitsOf('flush')).size === 500, 100_000, 500)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const counts = countBy(hitsOf('flush'));
      expect(counts.size).toBe(500);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(hitsOf('flush').every((h) => h.verified)).toBe(true);
      await t.service.waitForLine(/re-created \d+ missing jobs/, 1_000);
      const sent = await t.db.pool.query(`SELECT count(*) AS n FROM events WHERE type = 'ReminderSent'`);
      expect(Number(sent.rows[0].n)).toBe(500);
    } finally {
      await t.close();
      await redis.stop();
    }
  }, 180_000);

  it('warns at start when Redis may evict keys, and not when it may not', async () => {
    const evicting = await startPrivateRedis('allkeys-lru');
    const t = await createTestApp({ REDIS_URL: evicting.url, LOG_LEVEL: 'warn' });
    try {
      expect(await t.service.waitForLine(/maxmemory-policy/, 10_000)).toMatch(/Redis maxmemory-policy is \\"allkeys-lru\\".*noeviction/);
    } finally {
      await t.close();
      await evicting.stop();
    }
    const keeping = await startPrivateRedis('noeviction');
    const quiet = await createTestApp({ REDIS_URL: keeping.url, LOG_LEVEL: 'warn' });
    try {
      await quiet.http.get('/health').expect(200);
      expect(quiet.service.output()).not.toMatch(/maxmemory-policy/);
    } finally {
      await quiet.close();
      await keeping.stop();
    }
  }, 60_000);

  it('a worker killed with SIGKILL mid-delivery loses nothing; only deliveries in flight repeat, with the same webhook-id; a reminder due while no worker ran goes out late', async () => {
    const db: TestDatabase = await createTestDatabase();
    const dataDir = await mkdtemp(join(tmpdir(), 'trt-workers-'));
    const env = { DATABASE_URL: db.url, REDIS_URL, DATA_DIR: dataDir, WEBHOOK_ALLOW_PRIVATE: 'true' };
    const api = await service({ ...env, ROLE: 'api' });
    const workers = [await service({ ...env, ROLE: 'worker' }), await service({ ...env, ROLE: 'worker' })];
    const http = request(api.baseUrl);
    try {
      holdMs = 3_000;
      await plant(http, 'kill', 20, 2, 6);
      // Kill one worker while deliveries are held open by the receiver.
      expect(await eventually(() => hitsOf('kill').length >= 5, 30_000, 20)).toBe(true);
      workers[0].child.kill('SIGKILL');
      await workers[0].exited;
      // What the killed worker had sent reaches the receiver at the latest now; the survivor's deliveries never repeat.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const inFlight = new Set(hitsOf('kill').map((h) => h.headers['webhook-id']));
      holdMs = 0;

      // The killed worker's jobs come back after its lock lapses and the claim's 30 s lease ends.
      const sent = async () => (await db.pool.query(`SELECT count(*)::int AS n FROM reminder_ledger WHERE status = 'sent'`)).rows[0].n;
      expect(await eventually(async () => (await sent()) === 40, 90_000, 500)).toBe(true);
      expect(countBy(hitsOf('kill')).size).toBe(40);
      const repeated = [...countBy(hitsOf('kill'))].filter(([, n]) => n > 1).map(([id]) => id);
      expect(repeated.every((id) => inFlight.has(id))).toBe(true);
      expect(hitsOf('kill').every((h) => h.verified)).toBe(true);

      // Nothing runs reminders now; a reminder falls due meanwhile and goes out at once when a worker starts.
      await workers[1].stop();
      const processId = await plant(http, 'late', 1, 1, 1);
      await new Promise((resolve) => setTimeout(resolve, 13_000));
      expect(hitsOf('late')).toHaveLength(0);
      workers.push(await service({ ...env, ROLE: 'worker' }));
      expect(await eventually(() => hitsOf('late').length === 1, 15_000)).toBe(true);
      const [late] = (await http.get(`/api/processes/${processId}/deadlines`).set(admin).expect(200)).body.items[0].reminders;
      expect(await eventually(async () => (await http.get(`/api/processes/${processId}/deadlines`).set(admin)).body.items[0].reminders[0].status === 'sent', 5_000)).toBe(true);
      expect(JSON.parse(hitsOf('late')[0].body).data.late).toBe(true);
      expect(late.id).toBe(hitsOf('late')[0].headers['webhook-id']);
    } finally {
      holdMs = 0;
      for (const worker of workers) await worker.stop();
      await api.stop();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);

  it('recovers from a PostgreSQL restart under it, without a restart of its own', async () => {
    const postgres = await startPrivatePostgres();
    const redis = await startPrivateRedis();
    const dataDir = await mkdtemp(join(tmpdir(), 'trt-pg-restart-'));
    const app = await service({ DATABASE_URL: postgres.url, REDIS_URL: redis.url, DATA_DIR: dataDir, WEBHOOK_ALLOW_PRIVATE: 'true' });
    const http = request(app.baseUrl);
    try {
      await plant(http, 'restart-before', 1, 1, 6);
      await postgres.restart(2_000);
      expect(await eventually(() => hitsOf('restart-before').length === 1, 30_000)).toBe(true);

      expect(await eventually(async () => (await http.get('/health')).status === 200, 30_000, 500)).toBe(true);
      await plant(http, 'restart-after', 1, 1, 3);
      expect(await eventually(() => hitsOf('restart-after').length === 1, 30_000)).toBe(true);
      expect(app.child.exitCode).toBeNull();
    } finally {
      await app.stop();
      await redis.stop();
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('the embedded start (no DATABASE_URL, REDIS_URL or SMTP_URL) queues on PostgreSQL and writes the reminder as an .eml file', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'trt-embedded-reminders-'));
    const app = await service({ DATA_DIR: dataDir });
    const http = request(app.baseUrl);
    try {
      const processId = (await post(http, '/api/processes', aProcess())).id;
      await post(http, `/api/processes/${processId}/subscriptions`, aSubscription({ address: 'outbox@example.org', language: 'es' }));
      await post(http, `/api/processes/${processId}/deadlines`, aDeadline({ title: 'Informe', dueAt: inSeconds(5), remindBefore: ['PT1S'], notifyOverdue: false }));
      const outbox = join(dataDir, 'outbox');
      const files = async () => (await readdir(outbox).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
      expect(await eventually(async () => (await files()).length === 1, 30_000, 200)).toBe(true);
      const [file] = await files();
      const raw = await readFile(join(outbox, file), 'utf8');
      const reminderId = file.replace(/\.eml$/, '');
      expect(mailHeader(raw, 'Message-ID')).toBe(`<reminder-${reminderId}@treaty-review-tracker>`);
      expect(mailHeader(raw, 'To')).toBe('outbox@example.org');
      expect(mailHeader(raw, 'Subject')).toMatch(/^Recordatorio: «Informe»/);
      const health = await http.get('/health').expect(200);
      expect(health.body.info.queue.status).toBe('up');
    } finally {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
