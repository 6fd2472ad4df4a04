import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EventStore } from '../src/event-store/event-store.js';
import { LogMilestoneCommand } from '../src/processes/commands/log-milestone/log-milestone.command.js';
import { metadataOf, type WriteContext } from '../src/event-store/write-context.js';
import { appendHistory, milestoneFields, ProcessHistory, seededRandom } from './history.js';
import { round2 } from './load.js';
import { startService } from './service.js';
import type { BenchContext, BenchSuite, SuiteReport } from './support/suite.js';
import { percent, type Table } from './support/table.js';
import { alternatingRounds, median, type Side as SideOf } from './support/throughput.js';

const HISTORY_EVENTS = 100_000;
const FILL_BATCH = 1_000;
const COMMANDS = 2_000;
/** Unmeasured operations before each side: JIT, and the repository re-reading what the other side appended. */
const WARMUP = 50;
const MEDIAN_TARGET_MS = 10;
const P99_TARGET_MS = 30;

function writeContext(): WriteContext {
  return { actor: { id: 'bench-token', name: 'Benchmark editor', role: 'editor' }, correlationId: randomUUID() };
}

type Side = SideOf<'command' | 'bare'>;

async function run(context: BenchContext): Promise<SuiteReport> {
  const database = await context.createDatabase();
  const service = await startService(database, 'api', { listen: false });
  try {
    const history = new ProcessHistory('milestones', 1);
    const historyEvents = context.count(HISTORY_EVENTS, FILL_BATCH);
    const fillStart = performance.now();
    // A store of its own: nothing of the fill is cached in the app, so the first command starts cold.
    await appendHistory(new EventStore(database.pool(1)), history, historyEvents, FILL_BATCH);
    const fillSeconds = (performance.now() - fillStart) / 1000;
    context.log(`filled process ${history.processId} with ${historyEvents.toLocaleString('en')} events in ${fillSeconds.toFixed(1)} s`);

    const commands = service.app.get(CommandBus);
    const store = service.app.get(EventStore);
    const random = seededRandom(7);
    let version = history.version;
    let n = 0;
    const body = () => milestoneFields(++n, random, 'public');

    const coldStart = performance.now();
    version = (await commands.execute(new LogMilestoneCommand(history.processId, body(), writeContext()))).version;
    const coldMs = performance.now() - coldStart;
    context.log(`cold command (folds ${historyEvents.toLocaleString('en')} events): ${coldMs.toFixed(1)} ms`);

    const sides: Side[] = [
      {
        key: 'command',
        label: 'LogMilestoneCommand through the CommandBus',
        operation: async () => {
          version = (await commands.execute(new LogMilestoneCommand(history.processId, body(), writeContext()))).version;
          return 1;
        },
      },
      {
        key: 'bare',
        label: 'bare EventStore.appendToStream, 1 event',
        operation: async () => {
          const event = { type: 'MilestoneLogged', data: { milestoneId: randomUUID(), ...body() } };
          version = (await store.appendToStream(history.streamId, [event], { expectedVersion: version }, metadataOf(writeContext()))).streamVersion;
          return 1;
        },
      },
    ];
    const operations = context.count(COMMANDS, 100);
    const results = await alternatingRounds(context, sides, { operations, warmupOperations: WARMUP });

    const summary = (key: Side['key']) => {
      const runs = results.get(key)!;
      return {
        p50Ms: round2(median(runs.map((r) => r.latency.p50))),
        p99Ms: round2(median(runs.map((r) => r.latency.p99))),
        maxMs: round2(Math.max(...runs.map((r) => r.latency.max))),
        perSecond: Math.round(median(runs.map((r) => r.operationsPerSecond))),
        p50PerRound: runs.map((r) => round2(r.latency.p50)),
        p99PerRound: runs.map((r) => round2(r.latency.p99)),
      };
    };
    const command = summary('command');
    const bare = summary('bare');
    const medianMet = command.p50Ms < MEDIAN_TARGET_MS;
    const p99Met = command.p99Ms < P99_TARGET_MS;
    const row = (label: string, s: typeof command) => [
      label,
      s.p50Ms,
      s.p50PerRound.join(' / '),
      s.p99Ms,
      s.p99PerRound.join(' / '),
      s.maxMs,
      s.perSecond,
    ];
    const tables: Table[] = [
      {
        title:
          `Logging a milestone into a process of ${historyEvents.toLocaleString('en')} events: ${operations} sequential ` +
          `operations per side and round, ${context.rounds} round(s), in-process (no HTTP)`,
        columns: ['case', 'median ms', 'median per round', 'p99 ms', 'p99 per round', 'max ms', 'ops/s'],
        rows: [row('LogMilestoneCommand (CommandBus)', command), row('bare appendToStream, same stream', bare)],
        notes: [
          `cold: the first command after the fill folds the whole stream once: ${coldMs.toFixed(1)} ms`,
          `command over bare append: median ${percent(command.p50Ms / bare.p50Ms)}, +${(command.p50Ms - bare.p50Ms).toFixed(2)} ms`,
          `targets: median < ${MEDIAN_TARGET_MS} ms (${medianMet ? 'met' : 'NOT met'}), p99 < ${P99_TARGET_MS} ms (${p99Met ? 'met' : 'NOT met'})`,
          `fill: ${historyEvents.toLocaleString('en')} events in appends of ${FILL_BATCH} took ${fillSeconds.toFixed(1)} s; medians over rounds, max over all`,
        ],
      },
    ];
    return {
      tables,
      figures: {
        historyEvents,
        operationsPerRound: operations,
        fillSeconds: round2(fillSeconds),
        coldMs: round2(coldMs),
        command,
        bare,
        overheadMedianMs: round2(command.p50Ms - bare.p50Ms),
        targets: { medianMs: MEDIAN_TARGET_MS, p99Ms: P99_TARGET_MS, medianMet, p99Met },
      },
    };
  } finally {
    await service.close();
  }
}

export const commandsBench: BenchSuite = {
  name: 'commands',
  description: 'LogMilestoneCommand latency on a process of 100,000 events (CommandBus, in-process) beside a bare append',
  run,
};
