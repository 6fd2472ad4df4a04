import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** One worker's next operation; resolves to the number of units (events) it did. */
export type Operation = () => Promise<number>;

export interface ThroughputOptions {
  /** Concurrent workers; each gets its own operation, so it can keep its own state. */
  workers: number;
  createWorker(index: number): Operation | Promise<Operation>;
  /** Operations before timing starts, shared by the workers (not counted). */
  warmupOperations?: number;
  /** Stop after this many operations in total... */
  operations?: number;
  /** ...or after this many milliseconds (operations already running finish). */
  durationMs?: number;
}

export interface Throughput {
  operations: number;
  units: number;
  seconds: number;
  unitsPerSecond: number;
  operationsPerSecond: number;
  /** CPU time of this Node process (user + system) over the measurement, per wall second: 1 = one core. */
  nodeCpu: number;
  /** Busy share of all the machine's CPUs over the measurement (0..1), from /proc/stat; null elsewhere. */
  machineCpu: number | null;
  /** Latency of one operation, milliseconds. */
  latency: { p50: number; p95: number; p99: number; max: number };
}

/**
 * Runs workers concurrently and measures units per second over a fixed count of operations or a
 * fixed duration (after an optional warm-up with the same workers). It measures; it asserts nothing.
 */
export async function measureThroughput(options: ThroughputOptions): Promise<Throughput> {
  if ((options.operations === undefined) === (options.durationMs === undefined)) {
    throw new Error('measureThroughput needs exactly one of operations or durationMs');
  }
  const workers = await Promise.all(Array.from({ length: options.workers }, (_, i) => options.createWorker(i)));

  if (options.warmupOperations) {
    let remaining = options.warmupOperations;
    await Promise.all(
      workers.map(async (operation) => {
        while (remaining-- > 0) await operation();
      }),
    );
  }

  const latencies: number[] = [];
  let units = 0;
  let started = 0;
  const cpuBefore = process.cpuUsage();
  const machineBefore = machineTicks();
  const start = performance.now();
  const deadline = options.durationMs === undefined ? Infinity : start + options.durationMs;
  const limit = options.operations ?? Infinity;
  await Promise.all(
    workers.map(async (operation) => {
      while (started < limit && performance.now() < deadline) {
        started++;
        const before = performance.now();
        // Not `units += await …`: that reads units before the await and loses the other workers' counts.
        const done = await operation();
        latencies.push(performance.now() - before);
        units += done;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const machineAfter = machineTicks();

  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    operations: latencies.length,
    units,
    seconds,
    unitsPerSecond: units / seconds,
    operationsPerSecond: latencies.length / seconds,
    nodeCpu: (cpu.user + cpu.system) / 1e6 / seconds,
    machineCpu:
      machineBefore && machineAfter
        ? 1 - (machineAfter.idle - machineBefore.idle) / (machineAfter.total - machineBefore.total)
        : null,
    latency: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: latencies[latencies.length - 1] ?? 0 },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Aggregate CPU ticks (user … steal; idle includes iowait), or null where /proc/stat does not exist. */
function machineTicks(): { idle: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    return { idle: fields[3] + (fields[4] ?? 0), total: fields.reduce((sum, value) => sum + value, 0) };
  } catch {
    return null;
  }
}

/** One side of a comparison: the same kind of operation done two ways. */
export interface Side<Key extends string> {
  key: Key;
  label: string;
  operation: Operation;
}

/** Measures each side once per round with one worker, the order alternating so drift of the machine hits both alike. */
export async function alternatingRounds<Key extends string>(
  context: { rounds: number; log(message: string): void },
  sides: Side<Key>[],
  counts: { operations: number; warmupOperations: number },
): Promise<Map<Key, Throughput[]>> {
  const results = new Map<Key, Throughput[]>(sides.map((side) => [side.key, []]));
  for (let round = 0; round < context.rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const result = await measureThroughput({ workers: 1, createWorker: () => side.operation, ...counts });
      results.get(side.key)!.push(result);
      context.log(`round ${round + 1}/${context.rounds} ${side.label}: median ${result.latency.p50.toFixed(2)} ms, p99 ${result.latency.p99.toFixed(2)} ms`);
    }
  }
  return results;
}
