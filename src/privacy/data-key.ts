import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { ConfigError, DATA_KEY_BYTES, parseDataKey, type AppConfig } from '../config/config.js';
import { KeyEncryptionKey } from './key-encryption-key.js';

export const DATA_KEY_FILE_NAME = 'data-key';

/** Where the key comes from, and the variable a problem with it is reported against. */
type KeySource = { variable: string; key: Buffer } | { variable: string; file: string };

function sourceOf(config: AppConfig): KeySource {
  if (config.dataKey) return { variable: 'DATA_KEY', key: config.dataKey };
  if (config.dataKeyFile) return { variable: 'DATA_KEY_FILE', file: config.dataKeyFile };
  // The contract's default, with DATABASE_URL too: DATA_DIR is a volume in compose; the warning at generation says to back it up.
  return { variable: 'DATA_DIR', file: join(config.dataDir, DATA_KEY_FILE_NAME) };
}

async function storedFingerprint(db: Pool | PoolClient): Promise<string | undefined> {
  const { rows } = await db.query<{ fingerprint: string }>(`SELECT fingerprint FROM data_key`);
  return rows[0]?.fingerprint;
}

/** Reads the key file; creates it (0600) only for a database that has no wrapped keys yet. */
async function readKeyFile(variable: string, file: string, mayCreate: boolean): Promise<Buffer> {
  try {
    return parseDataKey(await readFile(file, 'utf8'), `${variable} (${file})`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!mayCreate) {
    throw new ConfigError(variable, `names ${file}, which does not exist, but this database's personal-data keys are wrapped with a key: restore that file`);
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${randomBytes(DATA_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    // A link never replaces a file: of two instances starting together, one key wins and both read it.
    await link(temporary, file);
    new Logger('DataKey').warn(`Generated the key that wraps personal-data keys in ${file}: back it up apart from the database, which is unreadable without it`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  return parseDataKey(await readFile(file, 'utf8'), `${variable} (${file})`);
}

/**
 * The key-encryption key of this start: from DATA_KEY, DATA_KEY_FILE, or DATA_DIR/data-key on the
 * embedded database (generated on a first start). A key other than the one that wrapped the
 * database's keys stops the start; keys stored in clear by an earlier version are wrapped now.
 */
export async function openKeyEncryptionKey(config: AppConfig, pool: Pool): Promise<KeyEncryptionKey> {
  const source = sourceOf(config);
  const known = await storedFingerprint(pool);
  const kek = new KeyEncryptionKey('key' in source ? source.key : await readKeyFile(source.variable, source.file, known === undefined));
  if (known === undefined) await pool.query(`INSERT INTO data_key (fingerprint) VALUES ($1) ON CONFLICT DO NOTHING`, [kek.fingerprint]);
  if ((await storedFingerprint(pool)) !== kek.fingerprint) {
    const where = 'file' in source ? `${source.file} holds` : 'is';
    throw new ConfigError(
      source.variable,
      `${where} not the key that wrapped this database's personal-data keys: start with that key (npm run data-key:rotate replaces it)`,
    );
  }
  await inTransaction(pool, (client) => rewrapSubjectKeys(client, kek));
  return kek;
}

/**
 * Re-wraps every personal-data key from the current key-encryption key to the next one, in one
 * transaction; the service must be stopped meanwhile (it holds the current key in memory).
 */
export async function rotateKeyEncryptionKey(pool: Pool, current: KeyEncryptionKey, next: KeyEncryptionKey): Promise<number> {
  return inTransaction(pool, async (client) => {
    await client.query(`SELECT fingerprint FROM data_key FOR UPDATE`);
    const known = await storedFingerprint(client);
    if (known !== undefined && known !== current.fingerprint) {
      throw new ConfigError('--current-key-file', 'is not the key that wrapped this database\'s personal-data keys: nothing was changed');
    }
    const rewrapped = await rewrapSubjectKeys(client, next, current);
    await client.query(
      `INSERT INTO data_key (fingerprint) VALUES ($1) ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, rotated_at = now()`,
      [next.fingerprint],
    );
    return rewrapped;
  });
}

/** Wraps the keys an earlier version stored in clear with `next`; with `current`, re-wraps the wrapped ones too. */
async function rewrapSubjectKeys(client: PoolClient, next: KeyEncryptionKey, current?: KeyEncryptionKey): Promise<number> {
  const { rows } = await client.query<{ subject_id: string; key: Buffer | null; wrapped_key: Buffer | null }>(
    `SELECT subject_id, key, wrapped_key FROM subject_keys WHERE $1 OR wrapped_key IS NULL FOR UPDATE`,
    [current !== undefined],
  );
  if (rows.length === 0) return 0;
  const wrapped = rows.map((row) => next.wrap(row.subject_id, row.wrapped_key ? current!.unwrap(row.subject_id, row.wrapped_key) : row.key!));
  await client.query(
    `UPDATE subject_keys SET wrapped_key = w.wrapped_key, key = NULL
     FROM unnest($1::uuid[], $2::bytea[]) AS w(subject_id, wrapped_key) WHERE subject_keys.subject_id = w.subject_id`,
    [rows.map((row) => row.subject_id), wrapped],
  );
  return rows.length;
}

async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
