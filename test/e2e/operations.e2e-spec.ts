import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { migrations } from '../../migrations/index.js';
import { EventStore } from '../../src/event-store/event-store.js';
import { aMilestone, aProcess } from '../builders/request-bodies.js';
import { startService, type ServiceProcess } from '../support/service-process.js';
import { bearer, createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);

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
    t = await createTestApp();
    processId = (await t.http.post('/api/processes').set(bearer(t.tokens.editor)).send(aProcess()).expect(201)).body.id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('exports HTTP latency, appends and each projection lag in /metrics', async () => {
    const written = await t.http.post(`/api/processes/${processId}/milestones`).set(bearer(t.tokens.editor)).send(aMilestone()).expect(201);
    await t.http.get(`/api/processes/${processId}/timeline?minPosition=${written.body.position}`).expect(200);
    const metrics = await t.http.get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/processes\/:id\/milestones",status_code="201"\} \d+/);
    expect(metrics.text).toMatch(/events_appended_total [1-9]/);
    for (const projection of ['processes', 'timeline', 'building-blocks', 'deadlines']) {
      expect(metrics.text).toContain(`projection_lag_seconds{projection="${projection}"}`);
      expect(metrics.text).toContain(`projection_lag_positions{projection="${projection}"}`);
    }
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
