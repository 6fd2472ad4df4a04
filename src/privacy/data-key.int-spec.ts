import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { opensWithRowsAlone } from '../../test/support/opens-with-rows-alone.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { openKeyEncryptionKey, rotateKeyEncryptionKey } from './data-key.js';
import { KeyEncryptionKey, KeyUnwrapError } from './key-encryption-key.js';
import { PersonalDataVault } from './personal-data-vault.js';

const aKey = () => randomBytes(32).toString('base64');

describe('the key-encryption key of personal data', () => {
  let db: TestDatabase;
  let dataDir: string;

  beforeEach(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'trt-data-key-'));
  });

  afterEach(async () => {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const withKey = (key: string) => loadConfig({ DATABASE_URL: db.url, DATA_DIR: dataDir, DATA_KEY: key });
  const embedded = () => loadConfig({ DATA_DIR: dataDir });
  const startError = (config: ReturnType<typeof loadConfig>) => openKeyEncryptionKey(config, db.pool).then(() => undefined, (error: unknown) => error);

  it('leaves nothing in the database that decrypts an address', async () => {
    const vault = new PersonalDataVault(db.pool, await openKeyEncryptionKey(withKey(aKey()), db.pool));
    const { encrypted } = await vault.protect('jane.doe@example.org');
    expect(await vault.reveal(encrypted)).toBe('jane.doe@example.org');
    const { rows } = await db.pool.query(`SELECT * FROM subject_keys`);
    expect(rows).toHaveLength(1);
    expect(opensWithRowsAlone(rows, encrypted)).toBe(false);
  });

  it('generates DATA_DIR/data-key (0600) when no key is given, and opens with it again', async () => {
    const first = await openKeyEncryptionKey(embedded(), db.pool);
    const file = await stat(join(dataDir, 'data-key'));
    expect(file.mode & 0o777).toBe(0o600);
    expect((await openKeyEncryptionKey(embedded(), db.pool)).fingerprint).toBe(first.fingerprint);
  });

  it('refuses to start, saying why, with a wrong key or a lost key file', async () => {
    await openKeyEncryptionKey(embedded(), db.pool);
    const wrong = await startError(withKey(aKey()));
    expect(wrong).toBeInstanceOf(ConfigError);
    expect((wrong as Error).message).toMatch(/^Invalid configuration: DATA_KEY is not the key that wrapped this database's personal-data keys/);

    await unlink(join(dataDir, 'data-key'));
    const lost = await startError(embedded());
    expect((lost as Error).message).toMatch(/^Invalid configuration: DATA_DIR names .*data-key, which does not exist/);

    await unlink(join(dataDir, 'data-key')).catch(() => undefined);
    const withServer = await startError(loadConfig({ DATABASE_URL: db.url, DATA_DIR: dataDir }));
    expect((withServer as Error).message).toMatch(/^Invalid configuration: DATA_DIR names .*data-key, which does not exist/);
  });

  it('wraps the keys an earlier version stored in clear, losing nothing', async () => {
    const key = aKey();
    const kek = new KeyEncryptionKey(Buffer.from(key, 'base64'));
    const { encrypted } = await new PersonalDataVault(db.pool, await openKeyEncryptionKey(withKey(key), db.pool)).protect('jane.doe@example.org');
    // As the previous version left it: the key in clear, no key-encryption key known.
    const { rows } = await db.pool.query<{ subject_id: string; wrapped_key: Buffer }>(`SELECT subject_id, wrapped_key FROM subject_keys`);
    await db.pool.query(`UPDATE subject_keys SET key = $2, wrapped_key = NULL WHERE subject_id = $1`, [rows[0].subject_id, kek.unwrap(rows[0].subject_id, rows[0].wrapped_key)]);
    await db.pool.query(`DELETE FROM data_key`);

    const vault = new PersonalDataVault(db.pool, await openKeyEncryptionKey(withKey(key), db.pool));
    expect(await vault.reveal(encrypted)).toBe('jane.doe@example.org');
    expect((await db.pool.query(`SELECT count(*) AS n FROM subject_keys WHERE key IS NOT NULL`)).rows[0].n).toBe('0');
  });

  it('rotates: every address opens with the new key, the old one is refused, erasure still works', async () => {
    const [oldKey, newKey] = [aKey(), aKey()];
    const oldVault = new PersonalDataVault(db.pool, await openKeyEncryptionKey(withKey(oldKey), db.pool));
    const addresses = ['jane.doe@example.org', 'https://hooks.example.org/team', 'someone.else@example.org'];
    const encrypted = await Promise.all(addresses.map(async (address) => (await oldVault.protect(address)).encrypted));

    const current = new KeyEncryptionKey(Buffer.from(oldKey, 'base64'));
    const next = new KeyEncryptionKey(Buffer.from(newKey, 'base64'));
    expect(await rotateKeyEncryptionKey(db.pool, current, next)).toBe(3);

    const vault = new PersonalDataVault(db.pool, await openKeyEncryptionKey(withKey(newKey), db.pool));
    expect(await Promise.all(encrypted.map((value) => vault.reveal(value)))).toEqual(addresses);
    await expect(oldVault.reveal(encrypted[0])).rejects.toBeInstanceOf(KeyUnwrapError);
    expect(await startError(withKey(oldKey))).toBeInstanceOf(ConfigError);
    await expect(rotateKeyEncryptionKey(db.pool, current, next)).rejects.toBeInstanceOf(ConfigError);

    expect(await vault.erase('jane.doe@example.org')).toBeDefined();
    expect(await vault.reveal(encrypted[0])).toBeUndefined();
    expect(await vault.reveal(encrypted[2])).toBe('someone.else@example.org');
  });
});
