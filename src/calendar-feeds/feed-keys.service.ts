import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { processStreamId } from '../processes/process-stream.js';

const KEY_PREFIX = 'trtf_';

export type FeedKeyCheck = 'valid' | 'unknown' | 'revoked' | 'other-process';

/** last_used_at is written at most this often per key, so feed reads stay nearly free of writes. */
const LAST_USED_RESOLUTION = '1 minute';

export interface FeedKeySummary {
  keyId: string;
  label: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface FeedKeyRow {
  key_id: string;
  label: string;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

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

  /** Every key of the process, oldest first; never the key, which is not stored. */
  async list(processId: string): Promise<FeedKeySummary[]> {
    const result = await this.pool.query<FeedKeyRow>(
      `SELECT key_id, label, created_at, created_by, revoked_at, last_used_at FROM feed_keys WHERE process_id = $1 ORDER BY created_at, key_id`,
      [processId],
    );
    return result.rows.map((row) => ({
      keyId: row.key_id,
      label: row.label,
      createdAt: row.created_at.toISOString(),
      createdBy: row.created_by,
      revokedAt: row.revoked_at?.toISOString() ?? null,
      lastUsedAt: row.last_used_at?.toISOString() ?? null,
    }));
  }

  /** Revokes the live key of this process that the caller holds (a leaked feed address), found by its hash; its id when there was one. */
  async revokeByKey(processId: string, key: string): Promise<string | undefined> {
    const result = await this.pool.query<{ key_id: string }>(
      `UPDATE feed_keys SET revoked_at = now() WHERE key_hash = $1 AND process_id = $2 AND revoked_at IS NULL RETURNING key_id`,
      [hashKey(key), processId],
    );
    return result.rows[0]?.key_id;
  }

  /** Whether the key opens this process's feed; a valid key's last use is noted on the way. */
  async check(processId: string, key: string): Promise<FeedKeyCheck> {
    const result = await this.pool.query<{ process_id: string; revoked_at: Date | null }>(
      `WITH found AS (SELECT key_id, process_id, revoked_at, last_used_at FROM feed_keys WHERE key_hash = $1),
            used AS (
              UPDATE feed_keys k SET last_used_at = now() FROM found
              WHERE k.key_id = found.key_id AND found.process_id = $2::uuid AND found.revoked_at IS NULL
                AND (found.last_used_at IS NULL OR found.last_used_at < now() - interval '${LAST_USED_RESOLUTION}'))
       SELECT process_id, revoked_at FROM found`,
      [hashKey(key), processId],
    );
    const row = result.rows[0];
    if (!row) return 'unknown';
    if (row.process_id !== processId) return 'other-process';
    return row.revoked_at === null ? 'valid' : 'revoked';
  }
}
