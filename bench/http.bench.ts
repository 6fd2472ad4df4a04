import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { TokenService } from '../src/auth/token.service.js';
import { EventStore } from '../src/event-store/event-store.js';
import type { WriteContext } from '../src/event-store/write-context.js';
import { OpenProcessCommand } from '../src/processes/commands/open-process/open-process.command.js';
import { metadataOf } from '../src/event-store/write-context.js';
import { processStreamId } from '../src/processes/process-stream.js';
import { milestoneFields, seededRandom } from './history.js';
import { cpuPerRequest, queriesPerRequest, round2, runLoad, statusesOf, type LoadResult } from './load.js';
import { startService } from './service.js';
import { aSignedInPerson } from './support/people.js';
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

    // Three ways to prove who writes: a token of no person (BOOTSTRAP_ADMIN_TOKEN, `npm run token`), a person's own token, a web page's session.
    const person = await aSignedInPerson(app, 'editor');
    const credentials = {
      'token of no person': { authorization: `Bearer ${token}` },
      "person's token": { authorization: person.authorization },
      // A cookie write must say it comes from the service's own page.
      'session cookie': { cookie: person.cookie, origin: baseUrl! },
    };
    const http = async (credential: keyof typeof credentials, duration: number) => {
      const result = await runLoad({
        baseUrl: baseUrl!,
        connections: CONNECTIONS,
        seconds: duration,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...credentials[credential] },
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

    const sides = [...(Object.keys(credentials) as (keyof typeof credentials)[]), 'bare'] as const;
    context.log(`warm-up: ${WARMUP_SECONDS} s of each side`);
    for (const side of sides) await (side === 'bare' ? bare(WARMUP_SECONDS) : http(side, WARMUP_SECONDS));
    const httpRuns = new Map<keyof typeof credentials, LoadResult[]>(Object.keys(credentials).map((c) => [c as keyof typeof credentials, []]));
    const bareRuns: Throughput[] = [];
    for (let round = 0; round < context.rounds; round++) {
      // Each round starts with another side, so no side always runs on a warmer (or more tired) machine.
      const order = sides.map((_, i) => sides[(i + round) % sides.length]);
      for (const side of order) {
        if (side === 'bare') {
          const result = await bare(seconds);
          bareRuns.push(result);
          context.log(`round ${round + 1}/${context.rounds} bare append: ${formatNumber(result.operationsPerSecond)} appends/s`);
        } else {
          const result = await http(side, seconds);
          httpRuns.get(side)!.push(result);
          context.log(`round ${round + 1}/${context.rounds} HTTP, ${side}: ${formatNumber(result.requestsPerSecond)} req/s, non-2xx ${result.non2xx}`);
        }
      }
    }

    const figuresOf = (runs: LoadResult[]) => {
      const perRound = runs.map((r, i) => r.requestsPerSecond / bareRuns[i].operationsPerSecond);
      return {
        requestsPerSecond: Math.round(median(runs.map((r) => r.requestsPerSecond))),
        perRound: runs.map((r) => Math.round(r.requestsPerSecond)),
        p50Ms: round2(median(runs.map((r) => r.latency.p50))),
        p99Ms: round2(median(runs.map((r) => r.latency.p99))),
        non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
        non2xxStatuses: statusesOf(runs),
        errors: runs.reduce((sum, r) => sum + r.errors, 0),
        serverCpuMsPerWrite: cpuPerRequest(runs),
        queriesPerWrite: queriesPerRequest(runs),
        ratio: round2(median(perRound)),
        ratioPerRound: perRound.map(round2),
      };
    };
    const httpFigures = Object.fromEntries([...httpRuns].map(([credential, runs]) => [credential, figuresOf(runs)]));
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
        columns: ['case', 'writes/s (median)', 'per round', 'p50 ms', 'p99 ms', 'server CPU ms/write', 'SQL statements/write', 'non-2xx + errors'],
        rows: [
          ...Object.entries(httpFigures).map(([credential, f]) => [
            `HTTP, whole service, ${credential}`,
            f.requestsPerSecond,
            f.perRound.join(' / '),
            f.p50Ms,
            f.p99Ms,
            f.serverCpuMsPerWrite ?? 'n/a',
            f.queriesPerWrite,
            String(f.non2xx + f.errors),
          ]),
          [
            `bare appendToStream, ${CONNECTIONS} loops, 1 event each`,
            bareFigures.appendsPerSecond,
            bareFigures.perRound.join(' / '),
            bareFigures.p50Ms,
            bareFigures.p99Ms,
            bareFigures.serverCpuMsPerWrite,
            '-',
            '0',
          ],
        ],
        notes: [
          ...Object.entries(httpFigures).map(([credential, f]) => `HTTP (${credential}) / bare: ${percent(f.ratio)} (median of per-round ratios: ${f.ratioPerRound.map(percent).join(' / ')})`),
          `payload: ${Buffer.byteLength(payload)} bytes of JSON; the load generator runs on a worker thread of the same process`,
          `non-2xx by status: ${JSON.stringify(Object.fromEntries(Object.entries(httpFigures).map(([c, f]) => [c, f.non2xxStatuses])))}`,
          'SQL statements/write: sent by the service in this process; a person is looked up once, then kept until a NOTIFY says their access changed, so the three ways cost the same statements',
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
      },
    };
  } finally {
    await service.close();
  }
}

export const httpBench: BenchSuite = {
  name: 'http',
  description: 'HTTP milestone writes with 16 connections (autocannon), by token of no person, person\'s token and session cookie, beside 16 loops of bare appends, as a ratio',
  run,
};
