import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { EventStore } from '../src/event-store/event-store.js';
import type { EventMetadata, NewEvent } from '../src/event-store/event-store.types.js';
import { processStreamId } from '../src/processes/process-stream.js';
import type { BenchDatabase } from './support/bench-database.js';
import type { BenchContext, BenchSuite, SuiteReport } from './support/suite.js';
import { formatNumber, percent, type Table } from './support/table.js';
import { measureThroughput, median, type Operation, type Throughput } from './support/throughput.js';

const SINGLE_WRITERS = 16;
const SINGLE_OPERATIONS = 20_000;
const SINGLE_WARMUP = 2_000;
const BATCH_WRITERS = 4;
const BATCH_SIZE = 100;
const BATCH_OPERATIONS = 1_000;
const BATCH_WARMUP = 40;
const SINGLE_TARGET = 0.6;
const BATCH_TARGET = 0.5;

const COLUMNS = 'stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, hash';

/**
 * The physical limit: the events table's columns, identity, defaults, unique constraints and
 * indexes (LIKE … INCLUDING ALL copies all of them, with a sequence of its own), and no trigger
 * (LIKE never copies triggers): no NOTIFY, no append-only guard, no streams row, no hashing.
 */
const CREATE_RAW_TABLE = `CREATE TABLE raw_events (LIKE events INCLUDING ALL)`;

/** The baseline is only fair if raw_events has every index of events and no trigger: check, don't trust. */
async function checkRawTable(pool: pg.Pool): Promise<void> {
  const shape = await pool.query<{ name: string; indexes: string[]; triggers: number }>(`
    SELECT t.name,
      ARRAY(SELECT regexp_replace(indexdef, 'INDEX \\S+ ON \\S+', 'INDEX ON') FROM pg_indexes
            WHERE schemaname = 'public' AND tablename = t.name ORDER BY 1) AS indexes,
      (SELECT count(*)::int FROM pg_trigger WHERE tgrelid = t.name::regclass) AS triggers
    FROM (VALUES ('events'), ('raw_events')) AS t(name)
    ORDER BY t.name`);
  const [events, raw] = shape.rows;
  if (JSON.stringify(events.indexes) !== JSON.stringify(raw.indexes) || raw.triggers !== 0) {
    throw new Error(`raw_events does not mirror events: ${JSON.stringify(shape.rows)}`);
  }
}

const RAW_SINGLE = `INSERT INTO raw_events (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
const RAW_VALUES = `INSERT INTO raw_events (${COLUMNS}) VALUES ${Array.from(
  { length: BATCH_SIZE },
  (_, row) => `(${Array.from({ length: 9 }, (_, column) => `$${row * 9 + column + 1}`).join(', ')})`,
).join(', ')}`;
const RAW_UNNEST = `INSERT INTO raw_events (${COLUMNS})
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[],
    $8::timestamptz[], $9::text[])`;

/** A realistic MilestoneLogged, about 400 bytes of JSON. */
function milestoneLogged(n: number): NewEvent {
  return {
    type: 'MilestoneLogged',
    data: {
      milestoneId: randomUUID(),
      kind: 'consultation',
      title: `Informal consultation on treaty body strengthening, session ${n}`,
      occurredOn: '2026-11-27',
      stakeholders: ['States', 'TreatyBodies', 'CivilSociety', 'NHRIs'],
      buildingBlocks: [1, 2, 5],
      location: 'Palais des Nations, Geneva',
      source: { url: 'https://www.ohchr.org/en/treaty-bodies/strengthening', symbol: 'A/RES/68/268' },
      visibility: 'public',
      confirmed: true,
    },
  };
}

function commandMetadata(): EventMetadata {
  return { actor: { id: 'token-7f3a', name: 'ISHR team', role: 'editor' }, correlationId: randomUUID() };
}

const FAKE_HASH = 'a'.repeat(64);

/** The parameters of one raw row, shaped like what EventStore sends. */
function rawRow(streamId: string, version: number, n: number): unknown[] {
  const event = milestoneLogged(n);
  return [
    streamId,
    version,
    randomUUID(),
    event.type,
    1,
    JSON.stringify(event.data),
    JSON.stringify(commandMetadata()),
    new Date().toISOString(),
    FAKE_HASH,
  ];
}

type Side = (pool: pg.Pool) => (worker: number) => Operation;

const storeSingle: Side = (pool) => {
  // As the service runs it on a real server: prepared append statements.
  const store = new EventStore(pool, { prepareStatements: true });
  return () => {
    const streamId = processStreamId(randomUUID());
    let version = 0;
    return async () => {
      const result = await store.appendToStream(
        streamId,
        [milestoneLogged(version + 1)],
        { expectedVersion: version === 0 ? 'no-stream' : version },
        commandMetadata(),
      );
      version = result.streamVersion;
      return 1;
    };
  };
};

const rawSingle: Side = (pool) => () => {
  const streamId = processStreamId(randomUUID());
  let version = 0;
  return async () => {
    version++;
    await pool.query(RAW_SINGLE, rawRow(streamId, version, version));
    return 1;
  };
};

const storeBatch: Side = (pool) => {
  // As the service runs it on a real server: prepared append statements.
  const store = new EventStore(pool, { prepareStatements: true });
  return () => {
    const streamId = processStreamId(randomUUID());
    let version = 0;
    return async () => {
      const events = Array.from({ length: BATCH_SIZE }, (_, i) => milestoneLogged(version + i + 1));
      const result = await store.appendToStream(
        streamId,
        events,
        { expectedVersion: version === 0 ? 'no-stream' : version },
        commandMetadata(),
      );
      version = result.streamVersion;
      return BATCH_SIZE;
    };
  };
};

function rawBatchRows(streamId: string, firstVersion: number): unknown[][] {
  const metadata = JSON.stringify(commandMetadata());
  return Array.from({ length: BATCH_SIZE }, (_, i) => {
    const row = rawRow(streamId, firstVersion + i, firstVersion + i);
    row[6] = metadata;
    return row;
  });
}

const rawBatchValues: Side = (pool) => () => {
  const streamId = processStreamId(randomUUID());
  let version = 0;
  return async () => {
    await pool.query(RAW_VALUES, rawBatchRows(streamId, version + 1).flat());
    version += BATCH_SIZE;
    return BATCH_SIZE;
  };
};

const rawBatchUnnest: Side = (pool) => () => {
  const streamId = processStreamId(randomUUID());
  let version = 0;
  return async () => {
    const rows = rawBatchRows(streamId, version + 1);
    await pool.query(
      RAW_UNNEST,
      Array.from({ length: 9 }, (_, column) => rows.map((row) => row[column])),
    );
    version += BATCH_SIZE;
    return BATCH_SIZE;
  };
};

interface Case {
  key: string;
  label: string;
  side: Side;
}

interface Plan {
  writers: number;
  operations: number;
  warmupOperations: number;
}

/** Every case once per round, the order rotated each round so drift (table growth, WAL) hits all. */
async function compare(
  context: BenchContext,
  database: BenchDatabase,
  cases: Case[],
  plan: Plan,
): Promise<Map<string, Throughput[]>> {
  const results = new Map<string, Throughput[]>(cases.map((c) => [c.key, []]));
  const admin = database.pool(1);
  for (let round = 0; round < context.rounds; round++) {
    const order = cases.map((_, i) => cases[(i + round) % cases.length]);
    for (const benchCase of order) {
      // Start each measurement from the same place: no checkpoint of the previous one's WAL in it.
      await admin.query('CHECKPOINT');
      const pool = database.pool(plan.writers);
      const throughput = await measureThroughput({
        workers: plan.writers,
        createWorker: benchCase.side(pool),
        warmupOperations: plan.warmupOperations,
        operations: plan.operations,
      });
      await pool.end();
      results.get(benchCase.key)!.push(throughput);
      context.log(
        `round ${round + 1}/${context.rounds} ${benchCase.label}: ${formatNumber(throughput.unitsPerSecond)} events/s`,
      );
    }
  }
  return results;
}

function caseRows(cases: Case[], results: Map<string, Throughput[]>): (string | number)[][] {
  return cases.map((c) => {
    const runs = results.get(c.key)!;
    return [
      c.label,
      median(runs.map((r) => r.unitsPerSecond)),
      runs.map((r) => formatNumber(r.unitsPerSecond)).join(' / '),
      median(runs.map((r) => r.latency.p50)),
      median(runs.map((r) => r.latency.p99)),
      percent(median(runs.map((r) => r.nodeCpu))),
      runs.every((r) => r.machineCpu !== null) ? percent(median(runs.map((r) => r.machineCpu!))) : 'n/a',
    ];
  });
}

const CASE_COLUMNS = ['case', 'events/s (median)', 'per round', 'p50 ms', 'p99 ms', 'Node CPU', 'machine CPU'];
const CPU_NOTE =
  'Node CPU: this process, 100% = one core; machine CPU: all cores busy (Node + PostgreSQL + anything else)';

function figuresOf(runs: Throughput[]) {
  return {
    eventsPerSecond: Math.round(median(runs.map((r) => r.unitsPerSecond))),
    rounds: runs.map((r) => Math.round(r.unitsPerSecond)),
    p50Ms: Number(median(runs.map((r) => r.latency.p50)).toFixed(2)),
    p99Ms: Number(median(runs.map((r) => r.latency.p99)).toFixed(2)),
    nodeCpu: Number(median(runs.map((r) => r.nodeCpu)).toFixed(2)),
    machineCpu: runs.every((r) => r.machineCpu !== null)
      ? Number(median(runs.map((r) => r.machineCpu!)).toFixed(2))
      : null,
  };
}

interface Comparison {
  store: number;
  raw: number;
  /** Median of the per-round ratios: both sides ran back to back, so this cancels most drift. */
  ratio: number;
  perRound: number[];
  target: number;
  met: boolean;
}

function compareToRaw(store: Throughput[], raw: Throughput[], target: number): Comparison {
  const perRound = store.map((run, round) => run.unitsPerSecond / raw[round].unitsPerSecond);
  const ratio = median(perRound);
  return {
    store: median(store.map((r) => r.unitsPerSecond)),
    raw: median(raw.map((r) => r.unitsPerSecond)),
    ratio,
    perRound,
    target,
    met: ratio >= target,
  };
}

function comparisonRow(label: string, c: Comparison): (string | number)[] {
  const perRound = c.perRound.map(percent).join(' / ');
  return [label, c.store, c.raw, percent(c.ratio), perRound, `>= ${percent(c.target)}`, c.met ? 'yes' : 'NO'];
}

function comparisonFigures(c: Comparison) {
  return {
    ratio: Number(c.ratio.toFixed(3)),
    ratioPerRound: c.perRound.map((r) => Number(r.toFixed(3))),
    target: c.target,
    met: c.met,
  };
}

async function run(context: BenchContext): Promise<SuiteReport> {
  const database = await context.createDatabase();
  const setup = database.pool(1);
  await setup.query(CREATE_RAW_TABLE);
  await checkRawTable(setup);
  await setup.query('ANALYZE');

  const single: Plan = {
    writers: SINGLE_WRITERS,
    operations: context.count(SINGLE_OPERATIONS, SINGLE_WRITERS),
    warmupOperations: context.count(SINGLE_WARMUP, SINGLE_WRITERS),
  };
  const singleCases: Case[] = [
    { key: 'raw', label: 'raw INSERT, 1 row per statement', side: rawSingle },
    { key: 'store', label: 'EventStore.appendToStream, 1 event', side: storeSingle },
  ];
  context.log(`single-event appends: ${single.writers} writers, ${single.operations} events per measurement`);
  const singles = await compare(context, database, singleCases, single);

  const batch: Plan = {
    writers: BATCH_WRITERS,
    operations: context.count(BATCH_OPERATIONS, BATCH_WRITERS),
    warmupOperations: context.count(BATCH_WARMUP, BATCH_WRITERS),
  };
  const batchCases: Case[] = [
    { key: 'rawValues', label: `raw INSERT … VALUES, ${BATCH_SIZE} rows per statement`, side: rawBatchValues },
    { key: 'rawUnnest', label: `raw INSERT … SELECT unnest, ${BATCH_SIZE} rows`, side: rawBatchUnnest },
    { key: 'store', label: `EventStore.appendToStream, ${BATCH_SIZE} events`, side: storeBatch },
  ];
  context.log(
    `batches: ${batch.writers} writers, ${BATCH_SIZE} events per append, ${batch.operations} appends per measurement`,
  );
  const batches = await compare(context, database, batchCases, batch);

  const eventsPerSecond = (key: string) => median(batches.get(key)!.map((r) => r.unitsPerSecond));
  const batchBaseline = eventsPerSecond('rawValues') >= eventsPerSecond('rawUnnest') ? 'rawValues' : 'rawUnnest';
  const singleResult = compareToRaw(singles.get('store')!, singles.get('raw')!, SINGLE_TARGET);
  const batchResult = compareToRaw(batches.get('store')!, batches.get(batchBaseline)!, BATCH_TARGET);
  const payloadBytes = Buffer.byteLength(JSON.stringify(milestoneLogged(1).data));

  const tables: Table[] = [
    {
      title:
        `Single-event appends: ${single.writers} concurrent writers, one stream each, ` +
        `${single.operations} events per measurement`,
      columns: CASE_COLUMNS,
      rows: caseRows(singleCases, singles),
      notes: [CPU_NOTE],
    },
    {
      title:
        `Batches: ${batch.writers} concurrent writers, one stream each, ${BATCH_SIZE} events per append, ` +
        `${batch.operations * BATCH_SIZE} events per measurement`,
      columns: CASE_COLUMNS,
      rows: caseRows(batchCases, batches),
      notes: [CPU_NOTE, `baseline: the faster raw form (${batchBaseline === 'rawValues' ? 'VALUES' : 'unnest'})`],
    },
    {
      title: 'Event store against the physical limit (raw INSERT, same run)',
      columns: ['comparison', 'store events/s', 'raw events/s', 'store/raw', 'per round', 'target', 'met'],
      rows: [comparisonRow('single-event appends', singleResult), comparisonRow(`batches of ${BATCH_SIZE}`, batchResult)],
      notes: [
        `payload: MilestoneLogged data of ${payloadBytes} bytes of JSON; a CHECKPOINT before each measurement`,
        `events/s: medians of ${context.rounds} round(s); store/raw: median of the per-round ratios ` +
          '(both sides measured back to back in each round)',
      ],
    },
  ];

  return {
    tables,
    figures: {
      payloadBytes,
      single: {
        writers: single.writers,
        eventsPerMeasurement: single.operations,
        raw: figuresOf(singles.get('raw')!),
        store: figuresOf(singles.get('store')!),
        ...comparisonFigures(singleResult),
      },
      batch: {
        writers: batch.writers,
        batchSize: BATCH_SIZE,
        eventsPerMeasurement: batch.operations * BATCH_SIZE,
        rawValues: figuresOf(batches.get('rawValues')!),
        rawUnnest: figuresOf(batches.get('rawUnnest')!),
        baseline: batchBaseline,
        store: figuresOf(batches.get('store')!),
        ...comparisonFigures(batchResult),
      },
    },
  };
}

export const eventStoreBench: BenchSuite = {
  name: 'event-store',
  description: 'appendToStream (1 event × 16 writers, 100-event batches × 4 writers) against raw INSERTs',
  run,
};
