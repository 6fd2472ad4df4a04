import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { EncryptedValue } from './encrypted-value.js';
import { KeyEncryptionKey } from './key-encryption-key.js';

const ALGORITHM = 'aes-256-gcm';

/** The same person is found however the address was typed. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  return trimmed.includes('@') && !trimmed.includes('://') ? trimmed.toLowerCase() : trimmed;
}

function digestOf(address: string): string {
  return createHash('sha256').update(normalizeAddress(address)).digest('hex');
}

/**
 * Personal data (subscriber addresses, webhook secrets) is written to events only encrypted with a
 * key per subject, kept outside the events table and wrapped with the key-encryption key: deleting
 * the key erases the data everywhere.
 */
@Injectable()
export class PersonalDataVault {
  constructor(
    private readonly pool: Pool,
    private readonly keyEncryptionKey: KeyEncryptionKey,
  ) {}

  /** The subject behind an address (created on first use) and the address encrypted with its key. */
  async protect(address: string): Promise<{ subjectId: string; encrypted: EncryptedValue }> {
    const digest = digestOf(address);
    const newSubjectId = randomUUID();
    await this.pool.query(
      `INSERT INTO subject_keys (subject_id, address_digest, wrapped_key) VALUES ($1, $2, $3) ON CONFLICT (address_digest) DO NOTHING`,
      [newSubjectId, digest, this.keyEncryptionKey.wrap(newSubjectId, randomBytes(32))],
    );
    const result = await this.pool.query<{ subject_id: string; wrapped_key: Buffer }>(
      `SELECT subject_id, wrapped_key FROM subject_keys WHERE address_digest = $1`,
      [digest],
    );
    const { subject_id: subjectId, wrapped_key: wrappedKey } = result.rows[0];
    return { subjectId, encrypted: encrypt(subjectId, this.keyEncryptionKey.unwrap(subjectId, wrappedKey), address) };
  }

  /** Encrypts another value (e.g. a webhook secret) for a subject that exists. */
  async encryptFor(subjectId: string, plaintext: string): Promise<EncryptedValue> {
    const key = await this.keyOf(subjectId);
    if (!key) throw new Error(`subject ${subjectId} has no key`);
    return encrypt(subjectId, key, plaintext);
  }

  /** The plaintext, or undefined once the subject was erased. */
  async reveal(value: EncryptedValue): Promise<string | undefined> {
    const key = await this.keyOf(value.keyId);
    if (!key) return undefined;
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(value.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(value.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }

  /** The subject behind an address, or undefined when none is kept (never seen, or erased). */
  async subjectOf(address: string): Promise<string | undefined> {
    const result = await this.pool.query<{ subject_id: string }>(`SELECT subject_id FROM subject_keys WHERE address_digest = $1`, [digestOf(address)]);
    return result.rows[0]?.subject_id;
  }

  /** Deletes the key of an address's subject; returns the subject id, or undefined when unknown. */
  async erase(address: string): Promise<string | undefined> {
    const result = await this.pool.query<{ subject_id: string }>(
      `DELETE FROM subject_keys WHERE address_digest = $1 RETURNING subject_id`,
      [digestOf(address)],
    );
    return result.rows[0]?.subject_id;
  }

  private async keyOf(subjectId: string): Promise<Buffer | undefined> {
    const result = await this.pool.query<{ wrapped_key: Buffer }>(`SELECT wrapped_key FROM subject_keys WHERE subject_id = $1`, [subjectId]);
    const wrapped = result.rows[0]?.wrapped_key;
    return wrapped && this.keyEncryptionKey.unwrap(subjectId, wrapped);
  }
}

function encrypt(subjectId: string, key: Buffer, plaintext: string): EncryptedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    keyId: subjectId,
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}
