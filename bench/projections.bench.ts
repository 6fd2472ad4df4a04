import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { EventStore } from '../src/event-store/event-store.js';
import { BuildingBlocksProjection } from '../src/projections/building-blocks/building-blocks.projection.js';
import { catchUp } from '../src/projections/catch-up.js';
import { DeadlinesProjection } from '../src/projections/deadlines/deadlines.projection.js';
import { ProcessesProjection } from '../src/projections/processes/processes.projection.js';
import type { Projection } from '../src/projections/projection.js';
import { ProjectionProgress } from '../src/projections/projection-progress.js';
import { rebuildProjection, type RebuildResult } from '../src/projections/rebuild.js';
import { encodeCursor } from '../src/projections/timeline/timeline.dto.js';
import { TimelineProjection } from '../src/projections/timeline/timeline.projection.js';
import { ReminderLedgerProjection } from '../src/reminders/ledger/reminder-ledger.projection.js';
import { appendHistory, LOADER_METADATA, loadLog, ProcessHistory } from './history.js';
import { cpuPerRequest, latencyOf, queriesPerRequest, round2, runLoad, statusesOf, type Latency, type LoadResult } from './load.js';
import { startService } from './service.js';
import { aSignedInPerson } from './support/people.js';
import type { BenchContext, BenchSuite, SuiteReport } from './support/suite.js';
import { formatNumber, percent, type Table } from './support/table.js';
import { median } from './support/throughput.js';

/** The projections the service's modules register. */
const PROJECTION_CLASSES = [ProcessesProjection, TimelineProjection, BuildingBlocksProjection, DeadlinesProjection, ReminderLedgerProjection];

const REBUILD_EVENTS = 1_000_000;
const REBUILD_PROCESSES = 100;
const LOAD_BATCH = 100;
const LOAD_WRITERS = 4;
const REBUILD_TARGET = 0.3;

const TIMELINE_MILESTONES = 100_000;
const PAGE = 50;
const READ_CONNECTIONS = 50;
const READ_SECONDS = 10;
const WARMUP_SECONDS = 2;
/** Keyset positions spread over the whole timeline, so the load is not one page the caches keep. */
const CURSORS = 31;
const READ_P99_TARGET_MS = 20;

const LAG_RATE = 500;
const LAG_SECONDS = 20;
const LAG_STREAMS = 16;
const LAG_P99_TARGET_MS = 100;

// ---------------------------------------------------------------------------------------------
// (a) Rebuild rate against PostgreSQL returning the same rows in order

interface Copy {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
}

/** The physical limit of reading the log: PostgreSQL streaming every row in delivery order, nothing parsed. */
async function copyLog(pool: pg.Pool): Promise<Copy> {
  const client = await pool.connect();
  try {
    const start = performance.now();
    const stream = client.query(copyTo('COPY (SELECT * FROM events ORDER BY transaction_id, position) TO STDOUT'));
    let bytes = 0;
    let rows = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      // Text format escapes newlines inside values: every raw newline ends a row.
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
    }
    const seconds = (performance.now() - start) / 1000;
    return { rows, bytes, seconds, rowsPerSecond: rows / seconds };
  } finally {
    client.release();
  }
}

interface RebuildCase {
  label: string;
  rebuild: RebuildResult;
  /** Share of the rebuild's wall time spent inside apply (null when several ran at once). */
  applyShare: number | null;
  copy: Copy;
  /** False for the read-path row: it shows where the time goes, it has no target. */
  hasTarget: boolean;
}

/** Reads the log the way every rebuild does and applies nothing: the cost of the read path alone. */
const readOnly: Projection = { name: 'bench-read-only', tables: [], apply: async () => undefined };

async function rebuildRates(context: BenchContext) {
  const database = await context.createDatabase();
  const pool = database.pool(LOAD_WRITERS + 4);
  const store = new EventStore(pool);
  const events = context.count(REBUILD_EVENTS, 10_000);
  context.log(`(a) loading ${events.toLocaleString('en')} events over ${REBUILD_PROCESSES} processes (realistic mix)`);
  const { histories, seconds: loadSeconds } = await loadLog(store, {
    events,
    processes: REBUILD_PROCESSES,
    batch: LOAD_BATCH,
    writers: LOAD_WRITERS,
    mix: 'realistic',
    log: context.log,
  });
  const loaded = histories.reduce((sum, h) => sum + h.version, 0);
  context.log(`(a) loaded ${loaded.toLocaleString('en')} events in ${loadSeconds.toFixed(1)} s`);
  await pool.query('VACUUM ANALYZE events');
  const mix = (await pool.query<{ type: string; n: string }>(`SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY 2 DESC`)).rows;

  const rebuild = async (projections: Projection[]): Promise<{ result: RebuildResult; applySeconds: number }> => {
    let logged = performance.now();
    let applySeconds = 0;
    const start = performance.now();
    const results = await Promise.all(
      projections.map((projection) => {
        const timed: Projection = {
          name: projection.name,
          tables: projection.tables,
          eventTypes: projection.eventTypes,
          async apply(batch, projectionContext) {
            const before = performance.now();
            await projection.apply(batch, projectionContext);
            applySeconds += (performance.now() - before) / 1000;
          },
        };
        return rebuildProjection(timed, pool, store, ({ covered, total }) => {
          if (performance.now() - logged < 10_000) return;
          logged = performance.now();
          context.log(`(a) rebuilding ${projection.name}: ${covered.toLocaleString('en')}/${total.toLocaleString('en')}`);
        });
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    // Each rebuild reads the whole log: all together, the log is read once per projection in the wall time.
    const covered = results[0].covered;
    return { result: { covered, total: results[0].total, seconds, eventsPerSecond: covered / seconds }, applySeconds };
  };

  // Unmeasured: the first full read after the load pays for cold pages, which would go to whichever row came first.
  await copyLog(pool);
  const cases: RebuildCase[] = [];
  const plan: [string, () => Projection[]][] = [
    ['(read path alone) no-op projection', () => [readOnly]],
    ...PROJECTION_CLASSES.map((P): [string, () => Projection[]] => [new P().name, () => [new P()]]),
    [`all ${PROJECTION_CLASSES.length} at once (concurrently)`, () => PROJECTION_CLASSES.map((P) => new P())],
  ];
  for (const [label, projections] of plan) {
    // The baseline right before each rebuild, so both see the same caches and the same machine.
    const copy = await copyLog(pool);
    const chosen = projections();
    const { result, applySeconds } = await rebuild(chosen);
    const applyShare = chosen.length === 1 ? applySeconds / result.seconds : null;
    cases.push({ label, rebuild: result, applyShare, copy, hasTarget: chosen[0] !== readOnly });
    context.log(
      `(a) ${label}: ${formatNumber(result.eventsPerSecond)} events/s; COPY ${formatNumber(copy.rowsPerSecond)} rows/s ` +
        `(${percent(result.eventsPerSecond / copy.rowsPerSecond)})`,
    );
  }
  // Dropped now, not at the end of the suite: its autovacuum and dirty pages would run under (b) and (c).
  await database.close();
  return { events: loaded, loadSeconds, mix, cases };
}

// ---------------------------------------------------------------------------------------------
// (b) GET /timeline under 50 connections against a bare server returning the same bytes

async function timelineReads(context: BenchContext) {
  const database = await context.createDatabase();
  const pool = database.pool(2);
  const store = new EventStore(pool);
  const milestones = context.count(TIMELINE_MILESTONES, 1_000);
  const history = new ProcessHistory('milestones', 11);
  const fillStart = performance.now();
  await appendHistory(store, history, milestones + 1, 1_000);
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const catchUpStart = performance.now();
  await catchUp(new TimelineProjection(), pool, store, 5_000);
  const catchUpSeconds = (performance.now() - catchUpStart) / 1000;
  await pool.query('VACUUM ANALYZE');
  context.log(`(b) ${milestones.toLocaleString('en')} milestones appended in ${fillSeconds.toFixed(1)} s, timeline caught up in ${catchUpSeconds.toFixed(1)} s`);

  const sample = await pool.query<{ occurred_on: string; milestone_id: string }>(
    `SELECT to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, milestone_id FROM timeline_milestones
     WHERE process_id = $1 AND visibility = 'public' AND NOT retracted ORDER BY random() LIMIT $2`,
    [history.processId, CURSORS],
  );
  const base = `/api/processes/${history.processId}/timeline?limit=${PAGE}`;
  const paths = [base, ...sample.rows.map((row) => `${base}&cursor=${encodeCursor({ occurredOn: row.occurred_on, milestoneId: row.milestone_id })}`)];

  const service = await startService(database, 'api', { listen: true });
  const bare = createServer();
  try {
    const pages = await Promise.all(
      paths.map(async (path) => {
        const response = await fetch(`${service.baseUrl}${path}`);
        if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
        return Buffer.from(await response.arrayBuffer());
      }),
    );
    const page = pages[0];
    const items = (JSON.parse(page.toString('utf8')) as { items: unknown[] }).items.length;
    bare.on('request', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': page.length });
      response.end(page);
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

    const seconds = Math.max(2, READ_SECONDS * context.scale);
    // A viewer reads the same public pages as the anonymous side: the difference is what proving who asks costs.
    const viewer = await aSignedInPerson(service.app, 'viewer');
    const served = async (duration: number, headers: Record<string, string> = {}) => {
      const result = await runLoad({ baseUrl: service.baseUrl!, connections: READ_CONNECTIONS, seconds: duration, method: 'GET', paths, headers });
      await service.idle();
      return result;
    };
    const sides = {
      app: (duration: number) => served(duration),
      bearer: (duration: number) => served(duration, { authorization: viewer.authorization }),
      cookie: (duration: number) => served(duration, { cookie: viewer.cookie }),
      // minPosition=1 is passed at once, but a read that names one goes past the page cache: every request reads PostgreSQL.
      uncached: async (duration: number) => {
        const result = await runLoad({ baseUrl: service.baseUrl!, connections: READ_CONNECTIONS, seconds: duration, method: 'GET', paths: paths.map((path) => `${path}&minPosition=1`) });
        await service.idle();
        return result;
      },
      bare: (duration: number) => runLoad({ baseUrl: bareUrl, connections: READ_CONNECTIONS, seconds: duration, method: 'GET', paths }),
    };
    const names = Object.keys(sides) as (keyof typeof sides)[];
    for (const side of names) await sides[side](WARMUP_SECONDS);
    const runs = Object.fromEntries(names.map((side) => [side, [] as LoadResult[]])) as Record<keyof typeof sides, LoadResult[]>;
    for (let round = 0; round < context.rounds; round++) {
      // Each round starts with another side, so no side always runs on a warmer (or more tired) machine.
      for (const side of names.map((_, i) => names[(i + round) % names.length])) {
        const result = await sides[side](seconds);
        runs[side].push(result);
        context.log(
          `(b) round ${round + 1}/${context.rounds} ${side}: ${formatNumber(result.requestsPerSecond)} req/s, ` +
            `p99 ${result.latency.p99.toFixed(2)} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
        );
      }
    }
    return {
      milestones,
      fillSeconds,
      catchUpSeconds,
      pageBytes: page.length,
      pageBytesRange: [Math.min(...pages.map((p) => p.length)), Math.max(...pages.map((p) => p.length))],
      items,
      paths: paths.length,
      seconds,
      runs,
    };
  } finally {
    bare.close();
    await service.close();
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------
// (c) Projection lag while appending at a steady rate

interface Appended {
  startedAt: number;
  committedAt: number;
  position: number;
}

interface Announcement {
  at: number;
  transactionId: bigint;
  position: number;
}

interface HorizonHolder {
  database: string;
  backend: string;
  query: string;
  maxAgeMs: number;
}

const HORIZON_SAMPLE_MS = 50;
const HORIZON_MIN_AGE_MS = 100;

/**
 * Samples the transactions that hold back what readAllAfter may read: pg_snapshot_xmin is the oldest
 * transaction id still running in the whole server, in any database, so any long writer delays every projection.
 */
function watchHorizon(pool: pg.Pool): { stop(): Promise<HorizonHolder[]> } {
  const holders = new Map<string, HorizonHolder>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const result = await pool.query<{ key: string; database: string | null; backend: string; query: string; age_ms: number }>(
        `SELECT pid || '/' || backend_xid AS key, datname AS database, backend_type AS backend,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS query,
                extract(epoch FROM clock_timestamp() - xact_start) * 1000 AS age_ms
         FROM pg_stat_activity
         WHERE backend_xid IS NOT NULL AND xact_start < clock_timestamp() - make_interval(secs => $1 / 1000.0)`,
        [HORIZON_MIN_AGE_MS],
      );
      for (const row of result.rows) {
        const known = holders.get(row.key);
        holders.set(row.key, { database: row.database ?? '-', backend: row.backend, query: row.query, maxAgeMs: Math.max(known?.maxAgeMs ?? 0, Number(row.age_ms)) });
      }
      await sleep(HORIZON_SAMPLE_MS);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [...holders.values()].sort((a, b) => b.maxAgeMs - a.maxAgeMs);
    },
  };
}

/** Whether a projection cursor is at or past an event, in delivery order (transaction id, then position). */
function covers(cursor: { transactionId: bigint; position: number } | undefined, event: { transactionId: bigint; position: number }): boolean {
  if (!cursor) return false;
  return cursor.transactionId > event.transactionId || (cursor.transactionId === event.transactionId && cursor.position >= event.position);
}

async function projectionLag(context: BenchContext) {
  const database = await context.createDatabase();
  const service = await startService(database, 'all', { listen: false });
  try {
    const store = service.app.get(EventStore);
    const progress = service.app.get(ProjectionProgress);
    const histories = Array.from({ length: LAG_STREAMS }, (_, i) => new ProcessHistory('milestones', 101 + i));
    for (const history of histories) await appendHistory(store, history, 1, 1);

    const announcements = new Map<string, Announcement[]>();
    const stopListening = progress.onProjected((name, cursor) => {
      const at = performance.now();
      if (!announcements.has(name)) announcements.set(name, []);
      announcements.get(name)!.push({ at, transactionId: BigInt(cursor.transactionId), position: cursor.position });
    });

    /** Open loop: event i is due at start + i/rate whatever earlier appends did; each stream appends in order. */
    const appendAtRate = async (seconds: number): Promise<{ appended: Appended[]; seconds: number }> => {
      const total = Math.round(LAG_RATE * seconds);
      const streams = histories.map(() => Promise.resolve());
      const appended: Appended[] = [];
      const start = performance.now();
      for (let i = 0; i < total; i++) {
        const wait = start + (i * 1000) / LAG_RATE - performance.now();
        if (wait > 0) await sleep(wait);
        const history = histories[i % LAG_STREAMS];
        streams[i % LAG_STREAMS] = streams[i % LAG_STREAMS].then(async () => {
          const startedAt = performance.now();
          const result = await store.appendToStream(history.streamId, history.next(1), { expectedVersion: history.version }, LOADER_METADATA);
          history.version = result.streamVersion;
          appended.push({ startedAt, committedAt: performance.now(), position: result.position });
        });
      }
      await Promise.all(streams);
      return { appended, seconds: (performance.now() - start) / 1000 };
    };

    // Start from the same place every run: no checkpoint of earlier writes in the middle of the measurement.
    await database.pool(1).query('CHECKPOINT');
    await appendAtRate(WARMUP_SECONDS);
    const seconds = Math.max(3, LAG_SECONDS * context.scale);
    context.log(`(c) appending ${LAG_RATE} events/s for ${seconds} s with every projection running`);
    const horizon = watchHorizon(database.pool(1));
    const measured = await appendAtRate(seconds);
    const holders = await horizon.stop();
    const names = PROJECTION_CLASSES.map((P) => new P().name);
    const last = Math.max(...measured.appended.map((a) => a.position));
    if (!(await progress.waitFor(names, last, 60_000))) throw new Error(`the projections did not reach position ${last} within 60 s`);
    const transactions = await database
      .pool(1)
      .query<{ position: string; transaction_id: string }>(
        `SELECT position, transaction_id::text AS transaction_id FROM events WHERE position = ANY($1::bigint[])`,
        [measured.appended.map((a) => a.position)],
      );
    const transactionOf = new Map(transactions.rows.map((row) => [Number(row.position), BigInt(row.transaction_id)]));
    const appended = measured.appended.map((event) => ({ ...event, transactionId: transactionOf.get(event.position)! }));
    const newest = appended.reduce((a, b) => (covers(a, b) ? a : b));
    // waitFor reads the checkpoints, which commit just before the runner announces them.
    for (const deadline = Date.now() + 5_000; !names.every((name) => covers(announcements.get(name)?.at(-1), newest)); await sleep(5)) {
      if (Date.now() > deadline) throw new Error('a projection committed its checkpoint but never announced it');
    }
    stopListening();

    const lags = names.map((name) => {
      const list = announcements.get(name)!;
      let early = 0;
      const values = appended.map((event) => {
        // Announcements move forward in delivery order: the first one at or past the event applied it.
        let low = 0;
        let high = list.length - 1;
        while (low < high) {
          const middle = (low + high) >> 1;
          if (covers(list[middle], event)) high = middle;
          else low = middle + 1;
        }
        const lag = list[low].at - event.committedAt;
        if (lag < 0) early++;
        return Math.max(0, lag);
      });
      return { name, latency: latencyOf(values), early };
    });
    return {
      rate: measured.appended.length / measured.seconds,
      events: measured.appended.length,
      seconds: measured.seconds,
      appendLatency: latencyOf(measured.appended.map((a) => a.committedAt - a.startedAt)),
      lags,
      holders,
    };
  } finally {
    await service.close();
  }
}

// ---------------------------------------------------------------------------------------------

const latencyFigures = (latency: Latency) => ({ p50Ms: round2(latency.p50), p99Ms: round2(latency.p99), maxMs: round2(latency.max) });

async function run(context: BenchContext): Promise<SuiteReport> {
  const wanted = (part: string) => context.parts.length === 0 || context.parts.includes(part);
  const tables: Table[] = [];
  const figures: Record<string, unknown> = {};
  if (wanted('rebuild')) reportRebuild(await rebuildRates(context), tables, figures);
  if (wanted('reads')) reportReads(await timelineReads(context), context, tables, figures);
  if (wanted('lag')) reportLag(await projectionLag(context), tables, figures);
  return { tables, figures };
}

function reportRebuild(rebuild: Awaited<ReturnType<typeof rebuildRates>>, tables: Table[], figures: Record<string, unknown>): void {
  const rebuildRows = rebuild.cases.map(({ label, rebuild: r, applyShare, copy, hasTarget }) => {
    const ratio = r.eventsPerSecond / copy.rowsPerSecond;
    return [
      label,
      r.eventsPerSecond,
      r.seconds,
      applyShare === null ? '-' : percent(applyShare),
      copy.rowsPerSecond,
      percent(ratio),
      hasTarget ? (ratio >= REBUILD_TARGET ? 'yes' : 'NO') : '-',
    ];
  });
  const copyBytes = median(rebuild.cases.map((c) => c.copy.bytes));
  tables.push({
    title:
      `(a) Rebuild of ${rebuild.events.toLocaleString('en')} events (${REBUILD_PROCESSES} processes) against ` +
      'COPY (SELECT * FROM events ORDER BY transaction_id, position) TO STDOUT, measured right before each rebuild',
    columns: ['rebuild', 'events/s', 'seconds', 'in apply', 'COPY rows/s', 'rebuild/COPY', `>= ${percent(REBUILD_TARGET)}`],
    rows: rebuildRows,
    notes: [
      `load: ${rebuild.loadSeconds.toFixed(1)} s through EventStore.appendToStream (${LOAD_WRITERS} writers, ${LOAD_BATCH} events per append)`,
      `COPY output: ${(copyBytes / 2 ** 20).toFixed(0)} MiB; mix: ${rebuild.mix.map((m) => `${m.type} ${m.n}`).join(', ')}`,
      'in apply: share of the wall time inside Projection.apply; the rest is reading the log (readPageAfter) and the swap',
      'all at once: four rebuilds side by side, each reading the whole log; events/s = log size / wall time',
    ],
  });
  figures.rebuild = {
    events: rebuild.events,
    processes: REBUILD_PROCESSES,
    loadSeconds: round2(rebuild.loadSeconds),
    copyBytes,
    cases: rebuild.cases.map(({ label, rebuild: r, applyShare, copy, hasTarget }) => ({
      label,
      eventsPerSecond: Math.round(r.eventsPerSecond),
      seconds: round2(r.seconds),
      applyShare: applyShare === null ? null : round2(applyShare),
      copyRowsPerSecond: Math.round(copy.rowsPerSecond),
      copySeconds: round2(copy.seconds),
      ratio: round2(r.eventsPerSecond / copy.rowsPerSecond),
      met: hasTarget ? r.eventsPerSecond / copy.rowsPerSecond >= REBUILD_TARGET : null,
    })),
    target: REBUILD_TARGET,
  };
}

function reportReads(reads: Awaited<ReturnType<typeof timelineReads>>, context: BenchContext, tables: Table[], figures: Record<string, unknown>): void {
  const readFigures = (runs: LoadResult[]) => ({
    requestsPerSecond: Math.round(median(runs.map((r) => r.requestsPerSecond))),
    perRound: runs.map((r) => Math.round(r.requestsPerSecond)),
    p50Ms: round2(median(runs.map((r) => r.latency.p50))),
    p99Ms: round2(median(runs.map((r) => r.latency.p99))),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
    non2xxStatuses: statusesOf(runs),
    serverCpuMsPerRequest: cpuPerRequest(runs),
    queriesPerRequest: queriesPerRequest(runs),
  });
  const readRow = (f: ReturnType<typeof readFigures>) => [
    f.requestsPerSecond,
    f.perRound.join(' / '),
    f.p50Ms,
    f.p99Ms,
    f.serverCpuMsPerRequest ?? 'n/a',
    f.queriesPerRequest,
    String(f.non2xx),
  ];
  const app = readFigures(reads.runs.app);
  const bearer = readFigures(reads.runs.bearer);
  const cookie = readFigures(reads.runs.cookie);
  const uncached = readFigures(reads.runs.uncached);
  const bare = readFigures(reads.runs.bare);
  const readRatios = reads.runs.app.map((r, i) => r.requestsPerSecond / reads.runs.bare[i].requestsPerSecond);
  const readP99Met = app.p99Ms < READ_P99_TARGET_MS;
  tables.push({
    title:
      `(b) GET /timeline?limit=${PAGE} (anonymous, and a viewer by token and by cookie) on a process of ${reads.milestones.toLocaleString('en')} milestones, ` +
      `${READ_CONNECTIONS} connections (autocannon), ${reads.seconds} s per side and round, ${context.rounds} round(s)`,
    columns: ['case', 'req/s (median)', 'per round', 'p50 ms', 'p99 ms', 'server CPU ms/request', 'SQL statements/request', 'non-2xx + errors'],
    rows: [
      ['service: GET /api/processes/:id/timeline', ...readRow(app)],
      ['service, a viewer with their API token (Authorization: Bearer)', ...readRow(bearer)],
      ['service, a viewer signed in on the web page (session cookie)', ...readRow(cookie)],
      ['service, past the page cache (&minPosition=1)', ...readRow(uncached)],
      ['bare node:http returning the same bytes', ...readRow(bare)],
    ],
    notes: [
      `service / bare: ${percent(median(readRatios))} (per round ${readRatios.map(percent).join(' / ')}); ` +
        `target p99 < ${READ_P99_TARGET_MS} ms: ${readP99Met ? 'met' : 'NOT met'}`,
      `${reads.paths} pages (first page + ${reads.paths - 1} random cursors) of ${reads.items} items, ` +
        `${reads.pageBytesRange[0]}-${reads.pageBytesRange[1]} bytes; the bare server always sends the first (${reads.pageBytes} bytes)`,
      'service: the 32 pages are read from PostgreSQL once, then served from the page cache while the timeline does not move',
      `service non-2xx by status: ${JSON.stringify(app.non2xxStatuses)}, bearer ${JSON.stringify(bearer.non2xxStatuses)}, cookie ${JSON.stringify(cookie.non2xxStatuses)}`,
      'bearer and cookie: the viewer is looked up once, then known to the process until a NOTIFY says their access changed; SQL statements/request: sent by the service in this process (the bare server sends none)',
      `fill ${reads.fillSeconds.toFixed(1)} s, timeline catch-up ${reads.catchUpSeconds.toFixed(1)} s; ` +
        'the load generator runs on a worker thread; server CPU: of the main thread, which serves both sides',
    ],
  });
  figures.timelineReads = {
    milestones: reads.milestones,
    connections: READ_CONNECTIONS,
    pageBytes: reads.pageBytes,
    secondsPerSide: reads.seconds,
    service: app,
    bearer,
    cookie,
    uncached,
    bare,
    ratio: round2(median(readRatios)),
    ratioPerRound: readRatios.map(round2),
    targetP99Ms: READ_P99_TARGET_MS,
    met: readP99Met,
  };
}

function reportLag(lag: Awaited<ReturnType<typeof projectionLag>>, tables: Table[], figures: Record<string, unknown>): void {
  const timelineLag = lag.lags.find((l) => l.name === 'timeline')!;
  const lagMet = timelineLag.latency.p99 < LAG_P99_TARGET_MS;
  tables.push({
    title:
      `(c) Projection lag (append returned -> projection committed it) at ${formatNumber(lag.rate)} events/s (scheduled ${LAG_RATE}) ` +
      `for ${lag.seconds.toFixed(0)} s (${lag.events.toLocaleString('en')} single-event appends over ${LAG_STREAMS} processes), role all`,
    columns: ['projection', 'p50 ms', 'p99 ms', 'max ms', 'applied before the append returned'],
    rows: [
      ...lag.lags.map((l) => [l.name, l.latency.p50, l.latency.p99, l.latency.max, String(l.early)]),
      ['(baseline) the append itself', lag.appendLatency.p50, lag.appendLatency.p99, lag.appendLatency.max, '-'],
    ],
    notes: [
      `target: timeline p99 < ${LAG_P99_TARGET_MS} ms: ${lagMet ? 'met' : 'NOT met'}`,
      `transactions seen holding the visibility horizon > ${HORIZON_MIN_AGE_MS} ms (any database of the server): ${lag.holders.length}` +
        lag.holders
          .slice(0, 5)
          .map((h) => `\n    ${Math.round(h.maxAgeMs)} ms ${h.database} ${h.backend}: ${h.query}`)
          .join(''),
    ],
  });
  figures.lag = {
    rate: Math.round(lag.rate),
    seconds: round2(lag.seconds),
    events: lag.events,
    appendLatency: latencyFigures(lag.appendLatency),
    projections: Object.fromEntries(lag.lags.map((l) => [l.name, { ...latencyFigures(l.latency), appliedBeforeAppendReturned: l.early }])),
    horizonHolders: lag.holders.slice(0, 10).map((h) => ({ ...h, maxAgeMs: Math.round(h.maxAgeMs) })),
    targetP99Ms: LAG_P99_TARGET_MS,
    met: lagMet,
  };
}

export const projectionsBench: BenchSuite = {
  name: 'projections',
  description:
    'rebuild rate at 1,000,000 events vs COPY, GET /timeline under 50 connections vs a bare server, projection lag at 500 events/s (--parts=rebuild,reads,lag)',
  run,
};
