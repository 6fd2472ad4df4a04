import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { verifyAuditExport } from '../audit/audit-export-verifier.js';
import { verifySealCopy, type SealCopyVerification } from '../audit/seal-copy-verifier.js';
import { loadConfig } from '../config/config.js';
import { EmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { LogIntegrity } from '../event-store/integrity/log-integrity.js';
import type { SealRecord, VerificationResult } from '../event-store/integrity/log-verifier.js';
import type { SealSignatureSummary } from '../event-store/integrity/seal-chain.js';
import { SealKeyring } from '../event-store/integrity/seal-signature.js';
import { runCli } from './run-cli.js';

const USAGE = `Usage:
  npm run audit:verify                          the database (DATABASE_URL, or the embedded one under DATA_DIR)
  npm run audit:verify -- --file audit.ndjson   an export of GET /api/audit.ndjson, offline
  npm run audit:verify -- --file seals.ndjson   a witness's copy of the seals (one seal per line), offline
  add --public-key key.pem (PEM, or the JSON of GET /api/audit/public-key) to check the signatures against keys you trust`;

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

function signatureLine(summary: SealSignatureSummary, keys: string): string {
  const unsigned = summary.unsignedSeals > 0 ? `; ${summary.unsignedSeals} seals written before seals were signed carry none (valid unsigned)` : '';
  if (!summary.signaturesChecked) return `Signatures: not checked (${summary.signedSeals} seals signed${unsigned}); give --public-key <file> to check them`;
  return `Signatures: ${summary.signedSeals} seals signed, verified with ${keys}${unsigned}`;
}

function lastSealLine(seal: SealRecord): string {
  return `Last seal: #${seal.sealNumber}, positions ${seal.firstPosition} to ${seal.lastPosition}, digest ${seal.digest}, sealed at ${seal.sealedAt}`;
}

function report(result: VerificationResult, lastSeal: SealRecord | undefined, keys: string): number {
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (result.ok) {
    console.log(`OK: ${result.checkedEvents.toLocaleString('en')} events and ${result.checkedSeals.toLocaleString('en')} seals verified`);
    console.log(signatureLine(result, keys));
    // What a published copy of the seal is compared with.
    if (lastSeal) console.log(lastSealLine(lastSeal));
    return 0;
  }
  const where = result.firstBrokenPosition === undefined ? 'BROKEN' : `BROKEN at position ${result.firstBrokenPosition}`;
  console.log(`${where}: ${result.problem} (${result.checkedEvents.toLocaleString('en')} events checked)`);
  return 1;
}

function reportSealCopy(result: SealCopyVerification, keys: string): number {
  if (result.ok) {
    console.log(`OK: ${result.checkedSeals.toLocaleString('en')} seals verified`);
    console.log(signatureLine(result, keys));
    if (result.lastSeal) console.log(lastSealLine(result.lastSeal));
    return 0;
  }
  const where = result.firstBrokenSeal === undefined ? 'BROKEN' : `BROKEN at seal ${result.firstBrokenSeal}`;
  console.log(`${where}: ${result.problem} (${result.checkedSeals.toLocaleString('en')} seals checked before it)`);
  return 1;
}

/** Whether the file starts with the export line of GET /api/audit.ndjson (else it is taken for a copy of the seals). */
async function isAuditExport(file: string): Promise<boolean> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      try {
        return (JSON.parse(line) as { export?: unknown }).export !== undefined;
      } catch {
        return true;
      }
    }
    return true;
  } finally {
    lines.close();
  }
}

/** `npm run audit:verify [-- --file <file>] [--public-key <file>]`: exits 0 when everything matches, 1 naming the first broken position or seal. */
async function main(): Promise<number> {
  let file: string | undefined;
  let publicKey: string | undefined;
  let keyring: SealKeyring | undefined;
  try {
    ({ file, 'public-key': publicKey } = parseArgs({ options: { file: { type: 'string' }, 'public-key': { type: 'string' } } }).values);
    if (publicKey !== undefined) keyring = SealKeyring.parse(await readFile(publicKey, 'utf8'));
  } catch (error) {
    console.error(`${publicKey === undefined ? '' : `${publicKey}: `}${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const keys = keyring ? `the given key${keyring.keyIds.length > 1 ? 's' : ''} ${keyring.keyIds.join(', ')}` : 'the keys the database records';
  if (file !== undefined) {
    const isExport = await isAuditExport(file);
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    if (!isExport) return reportSealCopy(await verifySealCopy(lines, keyring), keys);
    const onProgress = progressPrinter((events) => `${file}: ${events.toLocaleString('en')} events checked`);
    const result = await verifyAuditExport(lines, { keyring, onProgress });
    return report(result, result.lastSeal, keys);
  }
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start(config.dataDir, 'npm run audit:verify');
  const pool = new pg.Pool({ connectionString: config.databaseUrl ?? embedded!.url, max: 1 });
  try {
    const integrity = new LogIntegrity(pool);
    const onProgress = progressPrinter((position) => `database: checked up to position ${position.toLocaleString('en')}`);
    const result = await integrity.verify({ onProgress, keyring });
    return report(result, (await integrity.listSeals()).at(-1), keys);
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

runCli(main);
