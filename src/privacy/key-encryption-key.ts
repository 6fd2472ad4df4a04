import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A wrapped key did not open: it was wrapped with another key-encryption key, or altered. */
export class KeyUnwrapError extends Error {
  constructor(subjectId: string) {
    super(`The personal-data key of subject ${subjectId} does not open with this DATA_KEY`);
    this.name = 'KeyUnwrapError';
  }
}

/**
 * The key-encryption key (DATA_KEY): per-person keys are stored only wrapped with it (AES-256-GCM,
 * the subject id as associated data, so a wrapped key cannot be moved to another subject's row).
 * It never enters the database: a copy of the database alone decrypts nothing.
 */
export class KeyEncryptionKey {
  constructor(private readonly key: Buffer) {}

  /** Names the key without revealing it: stored in the database to refuse a wrong key at start. */
  get fingerprint(): string {
    return createHmac('sha256', this.key).update('treaty-review-tracker data-key fingerprint v1').digest('hex');
  }

  /** iv ‖ ciphertext ‖ tag. */
  wrap(subjectId: string, subjectKey: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(subjectId, 'utf8'));
    return Buffer.concat([iv, cipher.update(subjectKey), cipher.final(), cipher.getAuthTag()]);
  }

  unwrap(subjectId: string, wrapped: Buffer): Buffer {
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, wrapped.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(subjectId, 'utf8'));
      decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
      return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES, wrapped.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new KeyUnwrapError(subjectId);
    }
  }
}
