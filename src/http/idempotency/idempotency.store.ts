import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'in-progress' }
  | { outcome: 'mismatch' };

/** Idempotency keys in PostgreSQL: the first request with a key claims it, the others replay its answer. */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly pool: Pool) {}

  async claim(actorId: string, key: string, requestHash: string): Promise<Claim> {
    const inserted = await this.pool.query(
      `INSERT INTO idempotency_records (actor_id, idempotency_key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (actor_id, idempotency_key) DO NOTHING`,
      [actorId, key, requestHash],
    );
    if (inserted.rowCount === 1) return { outcome: 'claimed' };
    const existing = await this.pool.query<{ request_hash: string; status: number | null; headers: Record<string, string>; body: unknown }>(
      `SELECT request_hash, status, headers, body FROM idempotency_records WHERE actor_id = $1 AND idempotency_key = $2`,
      [actorId, key],
    );
    const row = existing.rows[0];
    if (!row) return this.claim(actorId, key, requestHash);
    if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
    if (row.status === null) return { outcome: 'in-progress' };
    return { outcome: 'replay', response: { status: row.status, headers: row.headers, body: row.body } };
  }

  async complete(actorId: string, key: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `UPDATE idempotency_records SET status = $3, headers = $4, body = $5, completed_at = now()
       WHERE actor_id = $1 AND idempotency_key = $2`,
      [actorId, key, response.status, JSON.stringify(response.headers), JSON.stringify(response.body ?? null)],
    );
  }

  /** A failed request frees its key, so the client may retry it. */
  async release(actorId: string, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM idempotency_records WHERE actor_id = $1 AND idempotency_key = $2 AND status IS NULL`, [actorId, key]);
  }
}
