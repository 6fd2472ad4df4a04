import { join } from 'node:path';
import type { AppConfig } from '../../config/config.js';
import { readOrCreateSecretFile } from '../../config/data-dir-secret.js';
import { SealSigningKey } from './seal-signature.js';

export const SEAL_SIGNING_KEY_FILE_NAME = 'seal-signing-key';

/** SEAL_SIGNING_KEY (or its _FILE), else the key generated once into DATA_DIR/seal-signing-key. */
export async function loadSealSigningKey(config: AppConfig): Promise<SealSigningKey> {
  if (config.sealSigningKey) return SealSigningKey.of(config.sealSigningKey);
  const path = join(config.dataDir, SEAL_SIGNING_KEY_FILE_NAME);
  const pem = await readOrCreateSecretFile(path, () => SealSigningKey.generate().toPem());
  try {
    return SealSigningKey.parse(pem);
  } catch (error) {
    throw new Error(`${path} ${(error as Error).message}`);
  }
}
