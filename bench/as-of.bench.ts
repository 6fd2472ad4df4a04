import { performance } from 'node:perf_hooks';
import { EventStore } from '../src/event-store/event-store.js';
import { RecordedHistory } from '../src/projections/recorded-history.js';
import { TimelineQueries } from '../src/projections/timeline/timeline.queries.js';
import { appendHistory, ProcessHistory, seededRandom } from './history.js';
import { round2 } from './load.js';
import { startService } from './service.js';
import type { BenchContext, BenchSuite, SuiteReport } from './support/suite.js';
import { percent, type Table } from './support/table.js';
import { alternatingRounds, median, type Side as SideOf } from './support/throughput.js';

const HISTORY_EVENTS = 100_000;
const FILL_BATCH = 1_000;
const READS = 40;
const WARMUP = 3;

type Side = SideOf<'page' | 'history' | 'rawRead'>;

/** asOf reads of one long process at random past instants: the page as served, the fold lookup alone, and the raw read the old path made per request. */
async function run(context: BenchContext): Promise<SuiteReport> {
  const database = await context.createDatabase();
  const service = await startService(database, 'api', { listen: false });
  try {
    const history = new ProcessHistory('milestones', 3);
    const historyEvents = context.count(HISTORY_EVENTS, FILL_BATCH);
    await appendHistory(new EventStore(database.pool(1)), history, historyEvents, FILL_BATCH);
    const pool = database.pool(2);
    const { rows } = await pool.query<{ at: Date }>(`SELECT DISTINCT recorded_at AS at FROM events WHERE stream_id = $1`, [history.streamId]);
    const instants = rows.map((row) => row.at);
    const random = seededRandom(11);
    const anInstant = () => instants[Math.floor(random() * instants.length)];

    const timeline = service.app.get(TimelineQueries);
    const recorded = service.app.get(RecordedHistory);
    const coldStart = performance.now();
    await recorded.at(history.processId, anInstant());
    const coldMs = performance.now() - coldStart;
    context.log(`cold: folding ${historyEvents.toLocaleString('en')} events once took ${coldMs.toFixed(0)} ms`);

    const sides: Side[] = [
      {
        key: 'page',
        label: 'GET timeline?asOf page of 50 (TimelineQueries, anonymous)',
        operation: async () => {
          await timeline.page(history.processId, { asOf: anInstant().toISOString(), limit: 50 }, undefined);
          return 1;
        },
      },
      {
        key: 'history',
        label: 'RecordedHistory.at (the fold lookup alone)',
        operation: async () => {
          await recorded.at(history.processId, anInstant());
          return 1;
        },
      },
      {
        key: 'rawRead',
        label: 'raw read of the stream up to the instant (what the old path read per request)',
        operation: async () => {
          await pool.query(`SELECT data, metadata, recorded_at FROM events WHERE stream_id = $1 AND recorded_at < $2 ORDER BY version`, [
            history.streamId,
            anInstant(),
          ]);
          return 1;
        },
      },
    ];
    const operations = context.count(READS, 20);
    const results = await alternatingRounds(context, sides, { operations, warmupOperations: WARMUP });
    const summary = (key: Side['key']) => {
      const runs = results.get(key)!;
      return {
        p50Ms: round2(median(runs.map((r) => r.latency.p50))),
        p99Ms: round2(median(runs.map((r) => r.latency.p99))),
        perSecond: Math.round(median(runs.map((r) => r.operationsPerSecond))),
      };
    };
    const figures = Object.fromEntries(sides.map((side) => [side.key, summary(side.key)])) as Record<Side['key'], ReturnType<typeof summary>>;
    const tables: Table[] = [
      {
        title: `asOf reads of a process of ${historyEvents.toLocaleString('en')} events at random recorded instants: ${operations} sequential reads per side and round, ${context.rounds} round(s), in-process`,
        columns: ['case', 'median ms', 'p99 ms', 'reads/s'],
        rows: sides.map((side) => [side.label, figures[side.key].p50Ms, figures[side.key].p99Ms, figures[side.key].perSecond]),
        notes: [
          `cold: the first asOf read of the process folds it once: ${coldMs.toFixed(0)} ms`,
          `page over the raw read alone: median ${percent(figures.page.p50Ms / figures.rawRead.p50Ms)}`,
          `instants: ${instants.length} distinct recorded times`,
        ],
      },
    ];
    return { tables, figures: { historyEvents, operationsPerRound: operations, coldMs: round2(coldMs), ...figures } };
  } finally {
    await service.close();
  }
}

export const asOfBench: BenchSuite = {
  name: 'as-of',
  description: 'timeline asOf reads of a process of 100,000 events (folded history with snapshots) beside the raw read of the stream prefix',
  run,
};
