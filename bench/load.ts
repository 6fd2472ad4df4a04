import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import pg from 'pg';
import { median } from './support/throughput.js';

export interface LoadOptions {
  baseUrl: string;
  connections: number;
  seconds: number;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Request n (across all connections) goes to paths[n % paths.length]. */
  paths: string[];
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  /** 2xx responses; the others are counted in non2xx, errors and timeouts. */
  ok: number;
  non2xx: number;
  /** Count per status code of the non-2xx answers, to tell a conflict from a failure. */
  non2xxStatuses: Record<string, number>;
  errors: number;
  timeouts: number;
  seconds: number;
  requestsPerSecond: number;
  /** Of the 2xx responses, in milliseconds (autocannon's own histogram keeps whole milliseconds only). */
  latency: Latency;
  /** CPU time of the main thread (the server under test) per answered request, ms; null off Linux. */
  serverCpuMsPerRequest: number | null;
  /** PostgreSQL statements the server in this process sent per answered request: what a cache saves shows here. */
  queriesPerRequest: number;
}

let queriesSent = 0;
if (isMainThread) {
  // Counted at the one door every pool's client goes through: the service under test runs in this process.
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    queriesSent++;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

/** Quantiles the way bench/support/throughput.ts takes them: the value at floor(q·n) of the sorted list. */
export function latencyOf(values: ArrayLike<number>): Latency {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

export const round2 = (value: number) => Number(value.toFixed(2));

/** Median server CPU per request over runs, ms; null off Linux. */
export function cpuPerRequest(runs: LoadResult[]): number | null {
  const values = runs.map((r) => r.serverCpuMsPerRequest);
  return values.every((v) => v !== null) ? round2(median(values as number[])) : null;
}

/** Median PostgreSQL statements per request over runs. */
export const queriesPerRequest = (runs: LoadResult[]) => round2(median(runs.map((r) => r.queriesPerRequest)));

/** The non-2xx status counts of several runs added up, e.g. { "409": 1 }. */
export function statusesOf(runs: LoadResult[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const run of runs) for (const [status, count] of Object.entries(run.non2xxStatuses)) total[status] = (total[status] ?? 0) + count;
  return total;
}

const WORKER_KEY = 'trt-bench-load';

/**
 * autocannon on a worker thread of its own: in the server's thread it would take the event loop the
 * server is measured on (on 2 cores the thread still shares the CPUs, with the server and PostgreSQL).
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { [WORKER_KEY]: options } });
    const cpuBefore = mainThreadCpuSeconds();
    const queriesBefore = queriesSent;
    worker.once('message', (result: Omit<LoadResult, 'serverCpuMsPerRequest' | 'queriesPerRequest'>) => {
      const cpuAfter = mainThreadCpuSeconds();
      const answered = result.ok + result.non2xx;
      const serverCpuMsPerRequest = cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / answered;
      resolve({ ...result, serverCpuMsPerRequest, queriesPerRequest: (queriesSent - queriesBefore) / answered });
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the load worker exited with code ${code} before reporting`)));
  });
}

/**
 * CPU seconds of the main thread so far, from /proc (Linux); null elsewhere. Not process.cpuUsage():
 * that adds the load worker's thread, which runs in the same process.
 */
export function mainThreadCpuSeconds(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat(5)), in USER_HZ ticks: 100 per second on x86 and arm64.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function generateLoad(options: LoadOptions): Promise<Omit<LoadResult, 'serverCpuMsPerRequest' | 'queriesPerRequest'>> {
  let next = 0;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        duration: options.seconds,
        requests: [
          {
            method: options.method,
            headers: options.headers,
            body: options.body,
            setupRequest: (request) => ({ ...request, path: options.paths[next++ % options.paths.length] }),
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  return {
    ok: latencies.length,
    non2xx: result.non2xx,
    non2xxStatuses: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {})
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, { count }]) => [status, count ?? 0]),
    ),
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    requestsPerSecond: latencies.length / result.duration,
    latency: latencyOf(latencies),
  };
}

if (!isMainThread && workerData?.[WORKER_KEY]) {
  // A failure is an unhandled rejection: it ends the worker and reaches runLoad as its 'error' event.
  void generateLoad(workerData[WORKER_KEY] as LoadOptions).then((result) => parentPort!.postMessage(result));
}
