import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { TokenService } from '../src/auth/token.service.js';
import { EventStore } from '../src/event-store/event-store.js';
import type { WriteContext } from '../src/event-store/write-context.js';
import { OpenProcessCommand } from '../src/processes/commands/open-process/open-process.command.js';
import { metadataOf } from '../src/event-store/write-context.js';
import { processStreamId } from '../src/processes/process-stream.js';
import { milestoneFields, seededRandom } from './history.js';
import { cpuPerRequest, round2, runLoad, statusesOf, type LoadResult } from './load.js';
import { startService } from './service.js';
import type { BenchContext, BenchSuite, SuiteReport } from './support/suite.js';
import { formatNumber, percent, type Table } from './support/table.js';
import { measureThroughput, median, type Throughput } from './support/throughput.js';

const CONNECTIONS = 16;
const PROCESSES = 16;
const SECONDS = 10;
const WARMUP_SECONDS = 2;

async function run(context: BenchContext): Promise<SuiteReport> {
  const database = await context.createDatabase();
  const service = await startService(database, 'api', { listen: true });
  try {
    const { app, baseUrl } = service;
    const { id: tokenId, token } = await app.get(TokenService).create('Benchmark editor', 'editor');
    const write = (): WriteContext => ({ actor: { id: tokenId, name: 'Benchmark editor', role: 'editor' }, correlationId: randomUUID() });
    const commands = app.get(CommandBus);
    const processIds: string[] = [];
    for (let i = 0; i < PROCESSES; i++) {
      processIds.push((await commands.execute(new OpenProcessCommand({ title: `Benchmark review ${i}`, timezone: 'Europe/Zurich' }, write()))).id);
    }
    const body = milestoneFields(1, seededRandom(3), 'public');
    const payload = JSON.stringify(body);
    const seconds = Math.max(2, SECONDS * context.scale);

    const http = async (duration: number) => {
      const result = await runLoad({
        baseUrl: baseUrl!,
        connections: CONNECTIONS,
        seconds: duration,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: payload,
        paths: processIds.map((id) => `/api/processes/${id}/milestones`),
      });
      await service.idle();
      return result;
    };
    // The same event the command writes, through the same store instance and pool, one stream per loop.
    const store = app.get(EventStore);
    const bare = (duration: number) =>
      measureThroughput({
        workers: CONNECTIONS,
        createWorker: () => {
          const streamId = processStreamId(randomUUID());
          let version = 0;
          return async () => {
            const event = { type: 'MilestoneLogged', data: { milestoneId: randomUUID(), ...body } };
            const expectedVersion = version === 0 ? 'no-stream' : version;
            version = (await store.appendToStream(streamId, [event], { expectedVersion }, metadataOf(write()))).streamVersion;
            return 1;
          };
        },
        durationMs: duration * 1000,
      });

    context.log(`warm-up: ${WARMUP_SECONDS} s of each side`);
    await http(WARMUP_SECONDS);
    await bare(WARMUP_SECONDS);
    const httpRuns: LoadResult[] = [];
    const bareRuns: Throughput[] = [];
    for (let round = 0; round < context.rounds; round++) {
      const order = round % 2 === 0 ? (['http', 'bare'] as const) : (['bare', 'http'] as const);
      for (const side of order) {
        if (side === 'http') {
          const result = await http(seconds);
          httpRuns.push(result);
          context.log(`round ${round + 1}/${context.rounds} HTTP: ${formatNumber(result.requestsPerSecond)} req/s, non-2xx ${result.non2xx}`);
        } else {
          const result = await bare(seconds);
          bareRuns.push(result);
          context.log(`round ${round + 1}/${context.rounds} bare append: ${formatNumber(result.operationsPerSecond)} appends/s`);
        }
      }
    }

    const perRound = httpRuns.map((r, i) => r.requestsPerSecond / bareRuns[i].operationsPerSecond);
    const ratio = median(perRound);
    const httpFigures = {
      requestsPerSecond: Math.round(median(httpRuns.map((r) => r.requestsPerSecond))),
      perRound: httpRuns.map((r) => Math.round(r.requestsPerSecond)),
      p50Ms: round2(median(httpRuns.map((r) => r.latency.p50))),
      p99Ms: round2(median(httpRuns.map((r) => r.latency.p99))),
      non2xx: httpRuns.reduce((sum, r) => sum + r.non2xx, 0),
      non2xxStatuses: statusesOf(httpRuns),
      errors: httpRuns.reduce((sum, r) => sum + r.errors, 0),
      serverCpuMsPerWrite: cpuPerRequest(httpRuns),
    };
    const bareFigures = {
      appendsPerSecond: Math.round(median(bareRuns.map((r) => r.operationsPerSecond))),
      perRound: bareRuns.map((r) => Math.round(r.operationsPerSecond)),
      p50Ms: round2(median(bareRuns.map((r) => r.latency.p50))),
      p99Ms: round2(median(bareRuns.map((r) => r.latency.p99))),
      nodeCpu: round2(median(bareRuns.map((r) => r.nodeCpu))),
      // No load worker runs beside the loops: the process's CPU is the server's.
      serverCpuMsPerWrite: round2(median(bareRuns.map((r) => (r.nodeCpu / r.operationsPerSecond) * 1000))),
    };
    const tables: Table[] = [
      {
        title:
          `HTTP writes: POST /api/processes/:id/milestones, ${CONNECTIONS} connections (autocannon) over ${PROCESSES} processes, ` +
          `${seconds} s per side and round, ${context.rounds} round(s)`,
        columns: ['case', 'writes/s (median)', 'per round', 'p50 ms', 'p99 ms', 'server CPU ms/write', 'non-2xx + errors'],
        rows: [
          [
            'HTTP, whole service (auth, validation, CommandBus, store)',
            httpFigures.requestsPerSecond,
            httpFigures.perRound.join(' / '),
            httpFigures.p50Ms,
            httpFigures.p99Ms,
            httpFigures.serverCpuMsPerWrite ?? 'n/a',
            String(httpFigures.non2xx + httpFigures.errors),
          ],
          [
            `bare appendToStream, ${CONNECTIONS} loops, 1 event each`,
            bareFigures.appendsPerSecond,
            bareFigures.perRound.join(' / '),
            bareFigures.p50Ms,
            bareFigures.p99Ms,
            bareFigures.serverCpuMsPerWrite,
            '0',
          ],
        ],
        notes: [
          `HTTP / bare: ${percent(ratio)} (median of per-round ratios: ${perRound.map(percent).join(' / ')})`,
          `payload: ${Buffer.byteLength(payload)} bytes of JSON; the load generator runs on a worker thread of the same process`,
          `non-2xx by status: ${JSON.stringify(httpFigures.non2xxStatuses)}; connection errors: ${httpFigures.errors}`,
          'server CPU: of the thread that serves (HTTP: the main thread, without the load worker; bare: the whole process)',
        ],
      },
    ];
    return {
      tables,
      figures: {
        connections: CONNECTIONS,
        processes: PROCESSES,
        secondsPerSide: seconds,
        http: httpFigures,
        bare: bareFigures,
        ratio: round2(ratio),
        ratioPerRound: perRound.map(round2),
      },
    };
  } finally {
    await service.close();
  }
}

export const httpBench: BenchSuite = {
  name: 'http',
  description: 'HTTP milestone writes with 16 connections (autocannon) beside 16 loops of bare appends, as a ratio',
  run,
};
