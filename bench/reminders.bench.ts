import { createPostgresBackend, createRedisBackend, withBackend, type ConnectionOptions, type Queue, type Worker } from 'bullmq';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisOptions } from '../src/config/redis.js';
import { latencyOf, round2 } from './load.js';
import type { BenchDatabase } from './support/bench-database.js';
import type { BenchContext, BenchSuite, SuiteReport } from './support/suite.js';
import type { Table } from './support/table.js';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REMINDERS = 10_000;
const SUBSCRIBERS = 100;
const SPREAD_MS = 60_000;
/** Time to write the deadlines and let the dispatcher queue them before the first falls due. */
const LEAD_MS = 20_000;
const QUIET_MS = 10_000;
const P99_TARGET_MS = 2_000;
const RAW_CONCURRENCY = 50;

interface Receipt {
  id: string;
  latencyMs: number;
  at: number;
}

/** Counts every delivery by webhook-id and how long after its due time it arrived. */
async function startReceiver(): Promise<{ url: string; receipts: Receipt[]; close(): Promise<void> }> {
  const receipts: Receipt[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { dueTime: string } };
      receipts.push({ id: String(req.headers['webhook-id']), latencyMs: at - Date.parse(body.data.dueTime), at });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    receipts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The built service in its own process (as `npm start` runs it), so the receiver's clock is not its event loop. */
async function startServiceProcess(env: Record<string, string>): Promise<{ baseUrl: string; token: string; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'trt-bench-reminders-'));
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  const token = `trt_bench-${randomBytes(24).toString('base64url')}`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'ROLE'].includes(key)));
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: { ...clean, ...env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: 'off', BOOTSTRAP_ADMIN_TOKEN: token, WEBHOOK_ALLOW_PRIVATE: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if ((await fetch(`${baseUrl}/health`).then((r) => r.status, () => 0)) === 200) break;
    if (i > 600) throw new Error('the service did not become healthy');
    await sleep(100);
  }
  return {
    baseUrl,
    token,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function post(baseUrl: string, token: string, path: string, body: object): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

interface Delivered {
  backend: string;
  reminders: number;
  delivered: number;
  lost: number;
  duplicated: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  perSecond: number;
}

/** `reminders` reminders (subscribers × deadlines, one PT1S offset each) falling due over one minute, to a local receiver. */
async function reminderRun(context: BenchContext, database: BenchDatabase, backend: 'redis' | 'postgres', reminders: number): Promise<Delivered> {
  const receiver = await startReceiver();
  const service = await startServiceProcess({ DATABASE_URL: database.url, ...(backend === 'redis' && { REDIS_URL }) });
  try {
    const processId = (await post(service.baseUrl, service.token, '/api/processes', { title: 'Bench', timezone: 'UTC' })).id as string;
    const subscribers = Math.min(SUBSCRIBERS, reminders);
    for (let i = 0; i < subscribers; i++) {
      await post(service.baseUrl, service.token, `/api/processes/${processId}/subscriptions`, { channel: 'webhook', address: receiver.url, language: 'en' });
    }
    const deadlines = Math.ceil(reminders / subscribers);
    const firstDue = Date.now() + LEAD_MS;
    for (let i = 0; i < deadlines; i++) {
      const due = firstDue + Math.floor((SPREAD_MS * i) / deadlines);
      await post(service.baseUrl, service.token, `/api/processes/${processId}/deadlines`, {
        title: `Deadline ${i}`,
        kind: 'other',
        dueAt: new Date(due + 1_000).toISOString(),
        timezone: 'UTC',
        remindBefore: ['PT1S'],
        notifyOverdue: false,
      });
    }
    const total = subscribers * deadlines;
    context.log(`${backend}: ${total} reminders planned, due from ${new Date(firstDue).toISOString()} over ${SPREAD_MS / 1000} s`);
    let lastCount = -1;
    let quietSince = Date.now();
    while (Date.now() < firstDue + SPREAD_MS || Date.now() - quietSince < QUIET_MS) {
      await sleep(1_000);
      if (receiver.receipts.length !== lastCount) {
        lastCount = receiver.receipts.length;
        quietSince = Date.now();
      }
      if (new Set(receiver.receipts.map((r) => r.id)).size >= total && Date.now() > firstDue + SPREAD_MS + 2_000) break;
    }
    const unique = new Set(receiver.receipts.map((r) => r.id));
    const latency = latencyOf(receiver.receipts.map((r) => r.latencyMs));
    const first = Math.min(...receiver.receipts.map((r) => r.at));
    const last = Math.max(...receiver.receipts.map((r) => r.at));
    return {
      backend,
      reminders: total,
      delivered: unique.size,
      lost: total - unique.size,
      duplicated: receiver.receipts.length - unique.size,
      p50Ms: Math.round(latency.p50),
      p99Ms: Math.round(latency.p99),
      maxMs: Math.round(latency.max),
      perSecond: round2(receiver.receipts.length / Math.max(0.001, (last - first) / 1000)),
    };
  } finally {
    await service.stop();
    await receiver.close();
  }
}

/** BullMQ alone: add `jobs` empty jobs in bulk and process them with a no-op, as fast as it goes. */
async function rawRun(backend: 'redis' | 'postgres', jobs: number, database: BenchDatabase): Promise<{ backend: string; jobs: number; perSecond: number }> {
  const name = `raw-${randomBytes(4).toString('hex')}`;
  // Explicit backends: a service started in this process (other suites) sets BullMQ's process-wide default.
  const classes = (backend === 'redis' ? withBackend(createRedisBackend) : withBackend(createPostgresBackend)) as unknown as { Queue: typeof Queue; Worker: typeof Worker };
  const connection = (backend === 'redis'
    ? { ...redisOptions(REDIS_URL), maxRetriesPerRequest: null }
    : { connectionString: database.url, migrate: true, max: 8 }) as unknown as ConnectionOptions;
  const opts = { connection, ...(backend === 'redis' && { prefix: `bench:${database.name}` }) } as never;
  const queue = new classes.Queue(name, opts);
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const worker = new classes.Worker(name, async () => {
    if (++done === jobs) finished();
  }, { ...(opts as object), concurrency: RAW_CONCURRENCY, autorun: false } as never);
  try {
    await queue.waitUntilReady();
    const start = performance.now();
    for (let i = 0; i < jobs; i += 1_000) {
      await queue.addBulk(Array.from({ length: Math.min(1_000, jobs - i) }, () => ({ name: 'noop', data: {}, opts: { removeOnComplete: true } })));
    }
    void worker.run();
    await allDone;
    return { backend, jobs, perSecond: round2(jobs / ((performance.now() - start) / 1000)) };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

async function run(context: BenchContext): Promise<SuiteReport> {
  const reminders = context.count(REMINDERS, SUBSCRIBERS);
  const delivered: Delivered[] = [];
  const raw: { backend: string; jobs: number; perSecond: number }[] = [];
  for (const backend of ['redis', 'postgres'] as const) {
    const database = await context.createDatabase();
    raw.push(await rawRun(backend, reminders, database));
    context.log(`raw BullMQ on ${backend}: ${raw[raw.length - 1].perSecond} jobs/s`);
    delivered.push(await reminderRun(context, database, backend, reminders));
  }
  const table: Table = {
    title: `Reminders: ${reminders.toLocaleString('en')} falling due within one minute, delivered to a local webhook receiver`,
    columns: ['queue', 'delivered', 'lost', 'duplicated', 'p50 ms', 'p99 ms', 'max ms', 'deliveries/s', 'raw BullMQ jobs/s'],
    rows: delivered.map((d, i) => [d.backend, d.delivered, d.lost, d.duplicated, d.p50Ms, d.p99Ms, d.maxMs, d.perSecond, raw[i].perSecond]),
    notes: [
      'latency: from the reminder\'s due time to its receipt; deliveries/s: over the span of receipts (the offered rate is reminders/60 s)',
      `raw: empty jobs added in bulk and taken by a no-op worker (concurrency ${RAW_CONCURRENCY}) on the same backend in the same run`,
      `target: p99 under ${P99_TARGET_MS} ms, 0 lost, 0 duplicated`,
    ],
  };
  return {
    tables: [table],
    figures: Object.fromEntries(delivered.map((d, i) => [d.backend, { ...d, rawJobsPerSecond: raw[i].perSecond, p99TargetMet: d.p99Ms < P99_TARGET_MS && d.lost === 0 && d.duplicated === 0 }])),
  };
}

export const remindersBench: BenchSuite = {
  name: 'reminders',
  description: '10,000 reminders due within one minute to a webhook receiver, on Redis and on the PostgreSQL backend, beside raw BullMQ',
  run,
};
