import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import canonicalize from 'canonicalize';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { verifyAuditExport } from '../src/audit/audit-export-verifier.js';
import { EventStore } from '../src/event-store/event-store.js';
import { LogIntegrity } from '../src/event-store/integrity/log-integrity.js';
import { SealSigningKey } from '../src/event-store/integrity/seal-signature.js';
import { loadLog } from './history.js';
import type { BenchDatabase } from './support/bench-database.js';
import type { BenchContext, BenchSuite, SuiteReport } from './support/suite.js';
import { formatNumber, percent, type Table } from './support/table.js';

const SIZES = [100_000, 1_000_000];
const PROCESSES = 100;
const LOAD_BATCH = 100;
const LOAD_WRITERS = 4;
const READ_BATCH = 5_000;
const RSS_SAMPLE_MS = 20;
const MiB = 1024 * 1024;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process from /proc: now and the peak since it started (Linux). */
async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** The built service (`dist/src/main.js`) in its own process, so its memory is its own. */
async function startServiceProcess(database: BenchDatabase): Promise<{ child: ChildProcess; baseUrl: string; token: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'trt-bench-audit-'));
  const token = `trt_bench-${randomBytes(24).toString('base64url')}`;
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      ROLE: 'api',
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_MINUTE: 'off',
      BOOTSTRAP_ADMIN_TOKEN: token,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while ((await fetch(`${baseUrl}/health`).then((r) => r.status, () => 0)) !== 200) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the service did not start');
    await sleep(200);
  }
  return {
    child,
    baseUrl,
    token,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface ExportRun {
  events: number;
  bytes: number;
  seconds: number;
  eventsPerSecond: number;
  rssBeforeMiB: number;
  peakDuringMiB: number;
  peakSinceStartMiB: number;
}

/** GET /api/audit.ndjson from a fresh service process into a file, sampling the process's memory meanwhile. */
async function exportOnce(database: BenchDatabase, file: string): Promise<ExportRun> {
  const service = await startServiceProcess(database);
  try {
    const pid = service.child.pid!;
    const before = await memoryOf(pid);
    let peakDuring = before.rss;
    const sampler = setInterval(() => {
      void memoryOf(pid).then((m) => (peakDuring = Math.max(peakDuring, m.rss)), () => undefined);
    }, RSS_SAMPLE_MS);
    const start = performance.now();
    let bytes = 0;
    let lines = 0;
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(file);
      request(`${service.baseUrl}/api/audit.ndjson`, { headers: { Authorization: `Bearer ${service.token}` } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`export answered ${res.statusCode}`));
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        });
        res.pipe(out);
        out.on('finish', resolve);
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const after = await memoryOf(pid);
    const events = lines - 2 - (await countSeals(database));
    return {
      events,
      bytes,
      seconds,
      eventsPerSecond: events / seconds,
      rssBeforeMiB: before.rss / MiB,
      peakDuringMiB: Math.max(peakDuring, after.rss) / MiB,
      peakSinceStartMiB: after.peak / MiB,
    };
  } finally {
    await service.stop();
  }
}

async function countSeals(database: BenchDatabase): Promise<number> {
  const pool = database.pool(1);
  return Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM seals`)).rows[0].n);
}

/** The physical limit of exporting: PostgreSQL streaming the same rows, in the same order, as text. */
async function copyRate(pool: pg.Pool): Promise<{ rowsPerSecond: number; bytes: number }> {
  const client = await pool.connect();
  try {
    const start = performance.now();
    const stream = client.query(copyTo('COPY (SELECT * FROM events ORDER BY transaction_id, position) TO STDOUT'));
    let bytes = 0;
    let rows = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
    }
    return { rowsPerSecond: rows / ((performance.now() - start) / 1000), bytes };
  } finally {
    client.release();
  }
}

/**
 * The bytes the verifier hashes, hashed in a plain loop: each event's RFC 8785 encoding with its
 * previous hash, built outside the timed part; only the sha256 calls are timed.
 */
async function plainHashRate(
  pool: pg.Pool,
): Promise<{ events: number; bytes: number; eventsPerSecond: number; mibPerSecond: number; readEventsPerSecond: number; encodeEventsPerSecond: number }> {
  let cursor = { tx: '0', position: 0 };
  let events = 0;
  let bytes = 0;
  let hashing = 0;
  let reading = 0;
  let encoding = 0;
  const previous = new Map<string, string>();
  for (;;) {
    const readStart = performance.now();
    const { rows } = await pool.query(
      `SELECT position, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, transaction_id::text AS tx, hash
       FROM events WHERE (transaction_id, position) > ($1::xid8, $2::bigint) ORDER BY transaction_id, position LIMIT $3`,
      [cursor.tx, cursor.position, READ_BATCH],
    );
    const encodeStart = performance.now();
    reading += encodeStart - readStart;
    const encoded = rows.map((row) => {
      // As hashEvent encodes: canonicalize straight over what node-pg parsed.
      const text = canonicalize({
        previousHash: previous.get(row.stream_id) ?? '0'.repeat(64),
        streamId: row.stream_id,
        version: Number(row.version),
        eventId: row.event_id,
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.data,
        metadata: row.metadata,
        recordedAt: (row.recorded_at as Date).toISOString(),
      });
      previous.set(row.stream_id, row.hash);
      return text!;
    });
    const start = performance.now();
    encoding += start - encodeStart;
    for (const text of encoded) createHash('sha256').update(text).digest('hex');
    hashing += performance.now() - start;
    events += rows.length;
    for (const text of encoded) bytes += Buffer.byteLength(text);
    if (rows.length < READ_BATCH) break;
    cursor = { tx: rows[rows.length - 1].tx, position: Number(rows[rows.length - 1].position) };
  }
  const seconds = hashing / 1000;
  return {
    events,
    bytes,
    eventsPerSecond: events / seconds,
    mibPerSecond: bytes / MiB / seconds,
    readEventsPerSecond: events / (reading / 1000),
    encodeEventsPerSecond: events / (encoding / 1000),
  };
}

async function run(context: BenchContext): Promise<SuiteReport> {
  const dir = await mkdtemp(join(tmpdir(), 'trt-bench-audit-files-'));
  const exports: (ExportRun & { copyRowsPerSecond: number; size: number })[] = [];
  let verification: Record<string, number> | undefined;
  try {
    for (const base of SIZES) {
      const size = context.count(base, 10_000);
      const database = await context.createDatabase();
      const pool = database.pool(LOAD_WRITERS + 2);
      context.log(`loading ${size.toLocaleString('en')} events over ${PROCESSES} processes (realistic mix)`);
      const { seconds } = await loadLog(new EventStore(pool), { events: size, processes: PROCESSES, batch: LOAD_BATCH, writers: LOAD_WRITERS, mix: 'realistic', log: context.log });
      context.log(`loaded in ${seconds.toFixed(1)} s; sealing`);
      const integrity = new LogIntegrity(pool, SealSigningKey.generate());
      await integrity.seal();
      await pool.query('VACUUM ANALYZE events');
      await pool.query('CHECKPOINT');

      const file = join(dir, `audit-${size}.ndjson`);
      context.log(`exporting ${size.toLocaleString('en')} events from a service process`);
      const exported = await exportOnce(database, file);
      const copy = await copyRate(pool);
      exports.push({ ...exported, copyRowsPerSecond: copy.rowsPerSecond, size });
      context.log(`export: ${Math.round(exported.eventsPerSecond).toLocaleString('en')} events/s, peak RSS ${exported.peakDuringMiB.toFixed(0)} MiB`);

      context.log('verifying the export offline');
      let start = performance.now();
      const offline = await verifyAuditExport(createInterface({ input: createReadStream(file), crlfDelay: Infinity }));
      const offlineSeconds = (performance.now() - start) / 1000;
      if (!offline.ok) {
        const kept = join(tmpdir(), `trt-audit-bench-failed-${size}.ndjson`);
        await rename(file, kept);
        throw new Error(`offline verification of ${kept} failed at position ${offline.firstBrokenPosition} (line ${offline.line}): ${offline.problem}`);
      }
      if (base === SIZES[SIZES.length - 1]) {
        context.log('verifying the database (chains and seals)');
        start = performance.now();
        const result = await integrity.verify();
        const verifySeconds = (performance.now() - start) / 1000;
        if (!result.ok) throw new Error(`verification failed: ${result.problem}`);
        context.log('hashing the same bytes in a plain loop');
        const plain = await plainHashRate(pool);
        verification = {
          events: result.checkedEvents,
          seals: result.checkedSeals,
          databaseEventsPerSecond: Math.round(result.checkedEvents / verifySeconds),
          fileEventsPerSecond: Math.round(offline.checkedEvents / offlineSeconds),
          fileMiB: Math.round((await stat(file)).size / MiB),
          plainHashEventsPerSecond: Math.round(plain.eventsPerSecond),
          plainHashMiBPerSecond: Math.round(plain.mibPerSecond),
          hashedMiB: Math.round(plain.bytes / MiB),
          readEventsPerSecond: Math.round(plain.readEventsPerSecond),
          encodeEventsPerSecond: Math.round(plain.encodeEventsPerSecond),
        };
      }
      await rm(file, { force: true });
      await database.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const exportTable: Table = {
    title: 'NDJSON export (GET /api/audit.ndjson from a service process, ROLE=api) beside PostgreSQL COPY of the same rows',
    columns: ['events', 'events/s', 'MiB', 'COPY rows/s', 'export / COPY', 'RSS before', 'peak RSS during', 'peak since start'],
    rows: exports.map((e) => [
      e.events,
      e.eventsPerSecond,
      e.bytes / MiB,
      e.copyRowsPerSecond,
      percent(e.eventsPerSecond / e.copyRowsPerSecond),
      `${formatNumber(e.rssBeforeMiB)} MiB`,
      `${formatNumber(e.peakDuringMiB)} MiB`,
      `${formatNumber(e.peakSinceStartMiB)} MiB`,
    ]),
  };
  const tables: Table[] = [exportTable];
  if (verification) {
    tables.push({
      title: `Verification over ${formatNumber(verification.events)} events and ${verification.seals} seals beside sha256 over the same bytes in a plain loop`,
      columns: ['case', 'events/s', 'of plain hashing'],
      rows: [
        ['LogIntegrity.verify() on the database (REPEATABLE READ, batches of 5,000)', verification.databaseEventsPerSecond, percent(verification.databaseEventsPerSecond / verification.plainHashEventsPerSecond)],
        [`npm run audit:verify -- --file (the ${verification.fileMiB} MiB export)`, verification.fileEventsPerSecond, percent(verification.fileEventsPerSecond / verification.plainHashEventsPerSecond)],
        [`baseline: sha256 of the ${verification.hashedMiB} MiB hashed, plain loop (${verification.plainHashMiBPerSecond} MiB/s)`, verification.plainHashEventsPerSecond, '100%'],
      ],
      notes: [
        `Where the time goes, measured apart on the same events: reading them (queries of 5,000, node-pg parsing jsonb) ${formatNumber(verification.readEventsPerSecond)} events/s;`,
        `RFC 8785 encoding (canonicalize) in memory ${formatNumber(verification.encodeEventsPerSecond)} events/s; sha256 alone as above.`,
      ],
    });
  }
  return {
    tables,
    figures: {
      exports: exports.map((e) => ({
        events: e.events,
        eventsPerSecond: Math.round(e.eventsPerSecond),
        mib: Math.round(e.bytes / MiB),
        copyRowsPerSecond: Math.round(e.copyRowsPerSecond),
        rssBeforeMiB: Math.round(e.rssBeforeMiB),
        peakDuringMiB: Math.round(e.peakDuringMiB),
        peakSinceStartMiB: Math.round(e.peakSinceStartMiB),
      })),
      verification,
    },
  };
}

export const auditBench: BenchSuite = {
  name: 'audit',
  description: 'verification rate over 1,000,000 events beside plain hashing; NDJSON export rate and peak memory at 100,000 and 1,000,000 events',
  run,
};
