import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { loadConfig, parseDataKey } from '../config/config.js';
import { runMigrationsExclusively } from '../database/run-migrations.js';
import { EmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { rotateKeyEncryptionKey } from '../privacy/data-key.js';
import { KeyEncryptionKey } from '../privacy/key-encryption-key.js';
import { runCli } from './run-cli.js';

const USAGE = `Usage (with every instance of the service stopped):
  npm run data-key:rotate -- --current-key-file <file> --new-key-file <file>
Each file holds a base64 key of 32 bytes (make the new one with: openssl rand -base64 32 > <file>).
Afterwards start the service with the new key (DATA_KEY, DATA_KEY_FILE, or DATA_DIR/data-key).`;

async function keyFrom(option: string, file: string): Promise<KeyEncryptionKey> {
  return new KeyEncryptionKey(parseDataKey(await readFile(file, 'utf8'), `${option} (${file})`));
}

/** Re-wraps every personal-data key with a new key-encryption key, in one transaction, on DATABASE_URL or the embedded database. */
async function main(): Promise<number> {
  let values: { 'current-key-file'?: string; 'new-key-file'?: string };
  try {
    ({ values } = parseArgs({ options: { 'current-key-file': { type: 'string' }, 'new-key-file': { type: 'string' } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values['current-key-file'] || !values['new-key-file']) {
    console.error(USAGE);
    return 2;
  }
  const current = await keyFrom('--current-key-file', values['current-key-file']);
  const next = await keyFrom('--new-key-file', values['new-key-file']);
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start(config.dataDir, 'npm run data-key:rotate');
  const url = config.databaseUrl ?? embedded!.url;
  const dataSource = new DataSource({ type: 'postgres', url, migrations });
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await dataSource.initialize();
    await runMigrationsExclusively(dataSource);
    const rewrapped = await rotateKeyEncryptionKey(pool, current, next);
    console.log(`Re-wrapped ${rewrapped} personal-data keys with the new key. Start the service with it now; the old key opens nothing any more.`);
    return 0;
  } finally {
    await pool.end();
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

runCli(main);
