import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '../../src/event-store/event-store.js';
import { decide } from '../../src/processes/domain/process.decisions.js';
import { evolve, initialProcessState } from '../../src/processes/domain/process.state.js';
import { processStreamId } from '../../src/processes/process-stream.js';
import { rebuildProjection } from '../../src/projections/rebuild.js';
import { appendHistory } from '../builders/process-history.js';
import { eventually } from '../support/eventually.js';
import { serviceProjections } from '../support/service-projections.js';
import { startService, tail, type ServiceProcess } from '../support/service-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const projections = serviceProjections();
const tables = projections.flatMap((p) => p.tables);

async function caughtUp(db: TestDatabase): Promise<boolean> {
  const result = await db.pool.query<{ done: boolean; n: string }>(
    `SELECT count(*) AS n, coalesce(bool_and(NOT EXISTS (
       SELECT 1 FROM events e WHERE (e.transaction_id, e.position) > (c.last_transaction_id, c.last_position))), false) AS done
     FROM projection_checkpoints c`,
  );
  return result.rows[0].done && Number(result.rows[0].n) === projections.length;
}

/** Waits for every projection to catch up; on time-out, fails with the checkpoints and the services' output. */
async function waitUntilCaughtUp(db: TestDatabase, services: ServiceProcess[], timeoutMs = 120_000): Promise<void> {
  if (await eventually(() => caughtUp(db), timeoutMs)) return;
  const checkpoints = await db.pool.query(`SELECT * FROM projection_checkpoints ORDER BY name`);
  const head = await db.pool.query(`SELECT max(position) AS position, pg_snapshot_xmin(pg_current_snapshot())::text AS horizon FROM events`);
  throw new Error(
    [`projections not caught up within ${timeoutMs} ms`, JSON.stringify(head.rows[0]), JSON.stringify(checkpoints.rows, null, 1)]
      .concat(services.map((s, i) => `--- service ${i + 1}:\n${tail(s.output())}`))
      .join('\n'),
  );
}

async function snapshot(db: TestDatabase, suffix: string): Promise<void> {
  for (const table of tables) await db.pool.query(`CREATE TABLE ${table}_${suffix} AS SELECT * FROM ${table}`);
}

/** Rows in one table and not the other, both ways (EXCEPT ALL counts duplicates too). */
async function differences(db: TestDatabase, table: string, other: string): Promise<number> {
  const result = await db.pool.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM (SELECT * FROM ${table} EXCEPT ALL SELECT * FROM ${other}) a)
          + (SELECT count(*) FROM (SELECT * FROM ${other} EXCEPT ALL SELECT * FROM ${table}) b) AS n`,
  );
  return Number(result.rows[0].n);
}

/** Builds every read model again from scratch and returns the differences with the live one, per table. */
async function compareWithScratch(db: TestDatabase): Promise<Record<string, number>> {
  await snapshot(db, 'live');
  const store = new EventStore(db.pool);
  for (const projection of projections) await rebuildProjection(projection, db.pool, store);
  const result: Record<string, number> = {};
  for (const table of tables) {
    result[table] = await differences(db, table, `${table}_live`);
    await db.pool.query(`DROP TABLE ${table}_live`);
  }
  return result;
}

/** Every index of the read-model tables, by name and definition. */
async function indexesOf(db: TestDatabase): Promise<string[]> {
  const result = await db.pool.query<{ line: string }>(
    `SELECT indexname || ': ' || indexdef AS line FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY($1) ORDER BY indexname`,
    [tables],
  );
  return result.rows.map((row) => row.line);
}

/** One more milestone on an existing process, through the domain. */
async function logMilestone(store: EventStore, processId: string): Promise<void> {
  const streamId = processStreamId(processId);
  const recorded = await store.readStream(streamId);
  const state = recorded.reduce(evolve, initialProcessState);
  const events = decide(
    { type: 'LogMilestone', milestoneId: randomUUID(), kind: 'meeting', title: 'One more', occurredOn: '2021-05-05', stakeholders: ['States'], buildingBlocks: [1], visibility: 'public' },
    state,
  );
  await store.appendToStream(streamId, events, { expectedVersion: recorded.length }, { actor: { id: 'test', name: 'test', role: 'editor' }, correlationId: 'test' });
}

const allZero = () => Object.fromEntries(tables.map((t) => [t, 0]));

describe('projections', () => {
  let db: TestDatabase;
  let dataDir: string;
  const services: ServiceProcess[] = [];

  const start = async () => {
    const service = await startService({ DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'info', BOOTSTRAP_ADMIN_TOKEN: 'trt_projection-test-token-123' });
    services.push(service);
    return service;
  };

  beforeEach(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'trt-projections-'));
  });

  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.stop('SIGKILL')));
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lose nothing and count nothing twice when the process is killed between and inside batches', async () => {
    const store = new EventStore(db.pool);
    const { events } = await appendHistory(store, { processes: 6, milestonesPerProcess: 1000, batch: 200 });
    expect(events).toBeGreaterThan(8_000);

    const killedMidway: boolean[] = [];
    const timelinePosition = async () =>
      Number((await db.pool.query(`SELECT last_position FROM projection_checkpoints WHERE name = 'timeline'`)).rows[0]?.last_position ?? 0);
    // First inside the first batch, then right after one and two more batches committed.
    for (const batchesToSee of [0, 1, 2]) {
      const service = await start();
      await service.waitForLine(/Projection timeline is running here/);
      let seen = 0;
      let last = await timelinePosition();
      while (seen < batchesToSee) {
        const now = await timelinePosition();
        if (now !== last) seen++;
        last = now;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await service.stop('SIGKILL');
      killedMidway.push(!(await caughtUp(db)));
      // Appends continue while nothing projects.
      await appendHistory(store, { processes: 1, milestonesPerProcess: 300, batch: 100 });
    }
    // The kills must have hit work in progress, or this test proves nothing.
    expect(killedMidway.filter(Boolean).length).toBeGreaterThanOrEqual(2);

    const service = await start();
    await service.healthy();
    await waitUntilCaughtUp(db, services);
    await service.stop('SIGTERM');
    expect(await compareWithScratch(db)).toEqual(allZero());
  }, 180_000);

  it('run each projection in exactly one of two instances on one database, and the read model is exact', async () => {
    const store = new EventStore(db.pool);
    const [first, second] = await Promise.all([start(), start()]);
    await Promise.all([first.healthy(), second.healthy()]);
    await Promise.all([appendHistory(store, { processes: 2, milestonesPerProcess: 200 }), appendHistory(new EventStore(db.pool), { processes: 2, milestonesPerProcess: 200 })]);
    await waitUntilCaughtUp(db, services);

    for (const projection of projections) {
      const line = new RegExp(`Projection ${projection.name} is running here`);
      const runners = [first, second].filter((s) => line.test(s.output()));
      expect(runners).toHaveLength(1);
    }
    expect(await compareWithScratch(db)).toEqual(allZero());
  }, 180_000);

  it('keep the timeline pages an instance caches in step with a projection another instance runs', async () => {
    const store = new EventStore(db.pool);
    const { processIds } = await appendHistory(store, { processes: 1, milestonesPerProcess: 20 });
    const [first, second] = await Promise.all([start(), start()]);
    await Promise.all([first.healthy(), second.healthy()]);
    await waitUntilCaughtUp(db, services);
    const runsTimeline = (s: ServiceProcess) => /Projection timeline is running here/.test(s.output());
    const standby = [first, second].find((s) => !runsTimeline(s))!;
    expect(runsTimeline(standby === first ? second : first)).toBe(true);
    const url = `${standby.baseUrl}/api/processes/${processIds[0]}/timeline?limit=500`;
    const count = async () => ((await (await fetch(url)).json()) as { items: unknown[] }).items.length;
    const before = await count();
    expect(await count()).toBe(before);

    await logMilestone(store, processIds[0]);
    await waitUntilCaughtUp(db, services);
    // Only the checkpoint in the database tells the standby instance that its cached pages are old.
    expect(await eventually(async () => (await count()) > before, 5_000)).toBe(true);
  }, 180_000);

  it('rebuild while the service answers from the old tables, and produce exactly the live rows', async () => {
    const store = new EventStore(db.pool);
    const { processIds } = await appendHistory(store, { processes: 2, milestonesPerProcess: 300 });
    const service = await start();
    await service.healthy();
    await waitUntilCaughtUp(db, services);
    const url = `${service.baseUrl}/api/processes/${processIds[0]}/timeline?limit=500`;
    const expected = (await (await fetch(url)).json()) as { items: unknown[] };

    const indexes = await indexesOf(db);
    let rebuilding = true;
    const answers: number[] = [];
    const reader = (async () => {
      while (rebuilding) {
        const res = await fetch(url);
        answers.push(res.status === 200 ? ((await res.json()) as { items: unknown[] }).items.length : -res.status);
      }
    })();
    const differencesByTable = await compareWithScratch(db);
    rebuilding = false;
    await reader;

    expect(differencesByTable).toEqual(allZero());
    // The rebuild fills its copies without their secondary indexes and builds them after: same names, same definitions.
    expect(await indexesOf(db)).toEqual(indexes);
    expect(indexes.length).toBeGreaterThan(tables.length);
    expect(answers.length).toBeGreaterThan(0);
    expect(new Set(answers)).toEqual(new Set([expected.items.length]));
    expect(await (await fetch(url)).json()).toEqual(expected);
  });
});
