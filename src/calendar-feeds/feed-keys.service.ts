import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { processStreamId } from '../processes/process.repository.js';

const KEY_PREFIX = 'trtf_';

export type FeedKeyCheck = 'valid' | 'unknown' | 'revoked' | 'other-process';

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Keys for the calendar feed of one process; only their sha256 is stored, the key is shown once. */
@Injectable()
export class FeedKeys {
  constructor(private readonly pool: Pool) {}

  async processExists(processId: string): Promise<boolean> {
    const result = await this.pool.query(`SELECT 1 FROM streams WHERE stream_id = $1`, [processStreamId(processId)]);
    return result.rows.length > 0;
  }

  async create(processId: string, label: string, createdBy: string): Promise<{ keyId: string; key: string }> {
    const keyId = randomUUID();
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    await this.pool.query(`INSERT INTO feed_keys (key_id, process_id, label, key_hash, created_by) VALUES ($1, $2, $3, $4, $5)`, [
      keyId,
      processId,
      label,
      hashKey(key),
      createdBy,
    ]);
    return { keyId, key };
  }

  /** True when a live key of this process was revoked; false when there was none to revoke. */
  async revoke(processId: string, keyId: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE feed_keys SET revoked_at = now() WHERE key_id = $1 AND process_id = $2 AND revoked_at IS NULL`,
      [keyId, processId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async check(processId: string, key: string): Promise<FeedKeyCheck> {
    const result = await this.pool.query<{ process_id: string; revoked_at: Date | null }>(
      `SELECT process_id, revoked_at FROM feed_keys WHERE key_hash = $1`,
      [hashKey(key)],
    );
    const row = result.rows[0];
    if (!row) return 'unknown';
    if (row.process_id !== processId) return 'other-process';
    return row.revoked_at === null ? 'valid' : 'revoked';
  }
}
