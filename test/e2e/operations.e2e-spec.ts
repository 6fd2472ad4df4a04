import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { migrations } from '../../migrations/index.js';
import { EventStore } from '../../src/event-store/event-store.js';
import { aMilestone, aProcess } from '../builders/request-bodies.js';
import { startPrivateRedis } from '../support/private-servers.js';
import { startService, type ServiceProcess } from '../support/service-process.js';
import { bearer, createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);
const METRICS_TOKEN = 'scraper-token-0123456789';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('operations', () => {
  let t: TestApp;
  let processId: string;

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN });
    processId = (await t.http.post('/api/processes').set(bearer(t.tokens.editor)).send(aProcess()).expect(201)).body.id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('exports HTTP latency, appends and each projection lag in /metrics', async () => {
    const written = await t.http.post(`/api/processes/${processId}/milestones`).set(bearer(t.tokens.editor)).send(aMilestone()).expect(201);
    await t.http.get(`/api/processes/${processId}/timeline?minPosition=${written.body.position}`).expect(200);
    const metrics = await t.http.get('/metrics').set(bearer(METRICS_TOKEN)).expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/processes\/:id\/milestones",status_code="201"\} \d+/);
    expect(metrics.text).toMatch(/events_appended_total [1-9]/);
    for (const projection of ['processes', 'timeline', 'building-blocks', 'deadlines']) {
      expect(metrics.text).toContain(`projection_lag_seconds{projection="${projection}"}`);
      expect(metrics.text).toContain(`projection_lag_positions{projection="${projection}"}`);
    }
  });

  it('opens /metrics to METRICS_TOKEN and admin tokens only', async () => {
    for (const [headers, status] of [
      [{}, 401],
      [bearer('not-the-metrics-token-0123'), 401],
      [bearer(t.tokens.viewer), 403],
      [bearer(t.tokens.editor), 403],
      [bearer(t.tokens.auditor), 403],
    ] as const) {
      const refused = await t.http.get('/metrics').set(headers).expect(status);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.text).not.toContain('events_appended_total');
    }
    expect((await t.http.get('/metrics').set(bearer(t.tokens.admin)).expect(200)).text).toContain('events_appended_total');
    // The scraper's token opens nothing else.
    await t.http.get('/api/processes/' + processId + '/events').set(bearer(METRICS_TOKEN)).expect(401);
  });

  it('rebuilds a projection from the command line, printing its progress and rate', async () => {
    const { stdout, stderr } = await run(process.execPath, ['dist/src/cli/rebuild-projections.js', 'timeline'], {
      env: { ...process.env, DATABASE_URL: t.db.url, LOG_LEVEL: 'warn' },
    });
    expect(stdout).toMatch(/Rebuilt timeline: [\d,]+ events in [\d.]+ s \([\d,]+ events\/s\)/);
    expect(stderr).toMatch(/timeline \[#+-*\]\s+\d+%/);
    await t.http.get(`/api/processes/${processId}/timeline`).expect(200);
  });

  it('stops only the projection that cannot apply an event, names its position in /health, and keeps serving', async () => {
    // An event no projection code expects: a correction whose date is not a date.
    const milestone = await t.http.post(`/api/processes/${processId}/milestones`).set(bearer(t.tokens.editor)).send(aMilestone()).expect(201);
    const poison = await new EventStore(t.db.pool).appendToStream(
      `process-${processId}`,
      [{ type: 'MilestoneCorrected', data: { milestoneId: milestone.body.milestoneId, changes: { occurredOn: 'the day after' }, reason: 'broken on purpose' } }],
      { expectedVersion: 'any' },
      { actor: { id: 'test', name: 'operations test' }, correlationId: randomUUID() },
    );

    const health = await eventually(
      () => fetch(`${t.service.baseUrl}/health`).then(async (res) => ({ status: res.status, body: (await res.json()) as any })),
      (h) => h.status === 503,
    );
    expect(health.body.health.details.projections.timeline.failure).toMatchObject({ position: poison.position });
    expect(health.body.health.details.projections.processes.failure).toBeUndefined();
    await t.service.waitForLine(new RegExp(`Projection timeline cannot apply the event at position ${poison.position}\\b`), 10_000);

    // The rest of the service goes on: writes, other projections, reads.
    const next = await t.http.post(`/api/processes/${processId}/deadlines`).set(bearer(t.tokens.editor)).send({
      title: 'After the poison',
      kind: 'other',
      dueAt: '2031-01-01T12:00:00Z',
      timezone: 'UTC',
      remindBefore: ['P1D'],
    });
    expect(next.status).toBe(201);
    const deadlines = await t.http.get(`/api/processes/${processId}/deadlines?minPosition=${next.body.position}`).expect(200);
    expect(deadlines.body.items.map((d: { title: string }) => d.title)).toContain('After the poison');
    await t.http.get(`/api/processes/${processId}/timeline`).expect(200);
  });
});

describe('rate limiting', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '40' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 429 problem+json once a client goes over its requests per minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60 && !statuses.includes(429); i++) statuses.push((await t.http.get('/api/processes')).status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(10);
    expect(statuses[statuses.length - 1]).toBe(429);
    const limited = await t.http.get('/api/processes').expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'too-many-requests' });
  });
});

describe('rate limits across instances and behind proxies', () => {
  let db: TestDatabase;
  let dataDir: string;
  let services: ServiceProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'trt-rate-limits-'));
  });

  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.stop()));
  });

  afterAll(async () => {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string>) => {
    const service = await startService({ DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...env });
    services.push(service);
    await service.healthy();
    return service;
  };
  const statusOf = async (service: ServiceProcess, path: string, headers: Record<string, string> = {}) => (await fetch(`${service.baseUrl}${path}`, { headers })).status;

  it('counts a client across instances that share a Redis', async () => {
    const env = { REDIS_URL, RATE_LIMIT_PER_MINUTE: '10' };
    const [a, b] = [await start(env), await start(env)];
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await statusOf(a, '/api/processes'));
    for (let i = 0; i < 6; i++) statuses.push(await statusOf(b, '/api/processes'));
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
  });

  it('keeps limiting, per instance, while Redis is unreachable, and never fails a request for it', async () => {
    const redis = await startPrivateRedis();
    let service: ServiceProcess;
    try {
      service = await start({ REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '5' });
    } finally {
      await redis.stop();
    }
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await statusOf(service, '/api/processes'));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    await service.waitForLine(/rate limits are counted per instance until it is back/, 5_000);
    // Its reminder workers wait for Redis to come back before they stop.
    await services.pop()!.stop('SIGKILL');
  });

  it('takes the client from X-Forwarded-For only when TRUST_PROXY trusts the proxy', async () => {
    const trusting = await start({ RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'loopback' });
    const forwarded = (client: string) => ({ 'X-Forwarded-For': client });
    const first = [];
    for (let i = 0; i < 6; i++) first.push(await statusOf(trusting, '/api/processes', forwarded('203.0.113.1')));
    expect(first).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await statusOf(trusting, '/api/processes', forwarded('203.0.113.2'))).toBe(200);

    const direct = await start({ RATE_LIMIT_PER_MINUTE: '5' });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await statusOf(direct, '/api/processes', forwarded(`203.0.113.${i + 1}`)));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('instances starting together on an empty database', () => {
  let db: TestDatabase;
  let dataDir: string;
  let services: ServiceProcess[] = [];

  beforeEach(async () => {
    db = await createTestDatabase({ migrated: false });
    dataDir = await mkdtemp(join(tmpdir(), 'trt-start-together-'));
  });

  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.stop()));
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const startThree = async (env: Record<string, string>) => {
    services = await Promise.all([1, 2, 3].map(() => startService({ DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env })));
    await Promise.all(services.map((s) => s.healthy()));
  };
  const adminTokens = async () => Number((await db.pool.query(`SELECT count(*) AS n FROM api_tokens WHERE role = 'admin'`)).rows[0].n);

  it('all come up: one migrates and creates BOOTSTRAP_ADMIN_TOKEN, the others wait and find both done', async () => {
    await startThree({ BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN });

    const recorded = await db.pool.query<{ name: string }>(`SELECT name FROM migrations ORDER BY id`);
    expect(recorded.rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
    expect(await adminTokens()).toBe(1);
  });

  it('on a first start without a token, exactly one of them makes the first admin token and prints it', async () => {
    await startThree({});

    expect(await adminTokens()).toBe(1);
    const printed = services.filter((s) => s.output().includes('Admin token (shown once'));
    expect(printed).toHaveLength(1);
  });
});
