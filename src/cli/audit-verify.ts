import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { verifyAuditExport } from '../audit/audit-export-verifier.js';
import { loadConfig } from '../config/config.js';
import { EmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { LogIntegrity } from '../event-store/integrity/log-integrity.js';
import type { SealRecord, VerificationResult } from '../event-store/integrity/log-verifier.js';
import { runCli } from './run-cli.js';

const USAGE = `Usage:
  npm run audit:verify                          the database (DATABASE_URL, or the embedded one under DATA_DIR)
  npm run audit:verify -- --file audit.ndjson   an export of GET /api/audit.ndjson, offline`;

/** Progress on stderr: a rewritten line on a terminal, a line every few seconds otherwise. */
function progressPrinter(describe: (count: number) => string): (count: number) => void {
  let lastPrinted = 0;
  return (count) => {
    const text = describe(count);
    if (process.stderr.isTTY) process.stderr.write(`\r${text}`);
    else if (Date.now() - lastPrinted > 2000) {
      lastPrinted = Date.now();
      console.error(text);
    }
  };
}

function report(result: VerificationResult, lastSeal: SealRecord | undefined): number {
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (result.ok) {
    console.log(`OK: ${result.checkedEvents.toLocaleString('en')} events and ${result.checkedSeals.toLocaleString('en')} seals verified`);
    // What a published copy of the seal is compared with.
    if (lastSeal) {
      console.log(`Last seal: #${lastSeal.sealNumber}, positions ${lastSeal.firstPosition} to ${lastSeal.lastPosition}, digest ${lastSeal.digest}, sealed at ${lastSeal.sealedAt}`);
    }
    return 0;
  }
  const where = result.firstBrokenPosition === undefined ? 'BROKEN' : `BROKEN at position ${result.firstBrokenPosition}`;
  console.log(`${where}: ${result.problem} (${result.checkedEvents.toLocaleString('en')} events checked)`);
  return 1;
}

/** `npm run audit:verify [-- --file <export.ndjson>]`: exits 0 when everything matches, 1 naming the first broken position. */
async function main(): Promise<number> {
  let file: string | undefined;
  try {
    ({ file } = parseArgs({ options: { file: { type: 'string' } } }).values);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (file !== undefined) {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    const result = await verifyAuditExport(lines, progressPrinter((events) => `${file}: ${events.toLocaleString('en')} events checked`));
    return report(result, result.lastSeal);
  }
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start(config.dataDir, 'npm run audit:verify');
  const pool = new pg.Pool({ connectionString: config.databaseUrl ?? embedded!.url, max: 1 });
  try {
    const integrity = new LogIntegrity(pool);
    const result = await integrity.verify(progressPrinter((position) => `database: checked up to position ${position.toLocaleString('en')}`));
    return report(result, (await integrity.listSeals()).at(-1));
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

runCli(main);
