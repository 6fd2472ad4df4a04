import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/config.js';
import { loadSealSigningKey, SEAL_SIGNING_KEY_FILE_NAME } from './seal-signing-key.js';
import { SealSigningKey } from './seal-signature.js';

describe('the seal signing key', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'trt-seal-key-')), 'data');
  });

  afterEach(async () => {
    await rm(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('is generated once into DATA_DIR, readable by the service alone, and the same for processes starting together', async () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    const keys = await Promise.all([loadSealSigningKey(config), loadSealSigningKey(config), loadSealSigningKey(config)]);
    expect(new Set(keys.map((key) => key.keyId)).size).toBe(1);
    const file = join(dataDir, SEAL_SIGNING_KEY_FILE_NAME);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await loadSealSigningKey(config)).keyId).toBe(keys[0].keyId);
    expect(SealSigningKey.parse(await readFile(file, 'utf8')).keyId).toBe(keys[0].keyId);
  });

  it('comes from SEAL_SIGNING_KEY as PEM or base64 DER, or from SEAL_SIGNING_KEY_FILE, and then nothing is written', async () => {
    const key = SealSigningKey.generate();
    const der = key.toPem().replace(/-----[A-Z ]+-----|\s/g, '');
    const keyFile = join(dataDir, '..', 'key.pem');
    await writeFile(keyFile, key.toPem());
    for (const env of [{ SEAL_SIGNING_KEY: key.toPem() }, { SEAL_SIGNING_KEY: der }, { SEAL_SIGNING_KEY_FILE: keyFile }]) {
      expect((await loadSealSigningKey(loadConfig({ DATA_DIR: dataDir, ...env }))).keyId).toBe(key.keyId);
    }
    await expect(stat(join(dataDir, SEAL_SIGNING_KEY_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    [{ SEAL_SIGNING_KEY: 'not a key' }, 'Invalid configuration: SEAL_SIGNING_KEY is not a PKCS#8 private key (PEM, or base64 of the DER)'],
    [{ SEAL_SIGNING_KEY_FILE: '/nonexistent/key.pem' }, 'Invalid configuration: SEAL_SIGNING_KEY_FILE names a file that cannot be read (ENOENT)'],
    [{ AUDIT_WITNESS_URLS: 'https://witness.example.org/seals' }, 'Invalid configuration: AUDIT_WITNESS_SECRET must be set when AUDIT_WITNESS_URLS is'],
    [{ AUDIT_WITNESS_URLS: 'ftp://witness.example.org', AUDIT_WITNESS_SECRET: 'whsec_x' }, 'Invalid configuration: AUDIT_WITNESS_URLS must use https: or http:'],
    [{ DATABASE_MIGRATION_URL: 'postgres://owner@db/tracker' }, 'Invalid configuration: DATABASE_MIGRATION_URL needs DATABASE_URL'],
  ])('refuses a bad value in one line naming the variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
