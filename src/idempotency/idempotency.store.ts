import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { AppConfig } from '../config/config.js';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Who holds a key: only the request with this token may record the reply or release the key. */
export interface IdempotencyClaim {
  actorId: string;
  key: string;
  token: string;
}

export type ClaimOutcome =
  | { outcome: 'claimed'; claim: IdempotencyClaim }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'in-progress' }
  | { outcome: 'mismatch' };

/** Longer than any write takes; a claim older than this belongs to a request that died, and is taken over. */
export const IDEMPOTENCY_LEASE_MS = 30_000;

/**
 * Idempotency keys in PostgreSQL: the first request with a key claims it for a lease, and its reply
 * is recorded in the transaction that appends its events; the others replay that reply. A reply is
 * kept for the configured retention, then the key may be used again.
 */
@Injectable()
export class IdempotencyStore {
  constructor(
    private readonly pool: Pool,
    private readonly config: AppConfig,
  ) {}

  async claim(actorId: string, key: string, requestHash: string): Promise<ClaimOutcome> {
    // An expired row (a dead claim, or a reply past its retention) is taken over as if it were not there.
    const claimed = await this.pool.query<{ claim_token: string }>(
      `INSERT INTO idempotency_records AS r (actor_id, idempotency_key, request_hash, claim_token, expires_at)
       VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')
       ON CONFLICT (actor_id, idempotency_key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, claim_token = EXCLUDED.claim_token, expires_at = EXCLUDED.expires_at,
             status = NULL, headers = NULL, body = NULL, created_at = now(), completed_at = NULL
         WHERE r.expires_at < now()
       RETURNING claim_token`,
      [actorId, key, requestHash, randomUUID(), IDEMPOTENCY_LEASE_MS],
    );
    if (claimed.rows.length === 1) return { outcome: 'claimed', claim: { actorId, key, token: claimed.rows[0].claim_token } };
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

  /**
   * Records the reply on the connection of the transaction that writes the events, so both commit or
   * neither does. False when the claim was lost (its lease ran out and another request took the key).
   */
  async record(db: PoolClient, claim: IdempotencyClaim, response: StoredResponse): Promise<boolean> {
    const updated = await db.query(
      `UPDATE idempotency_records
       SET status = $4, headers = $5, body = $6, completed_at = now(), expires_at = now() + $7 * interval '1 hour'
       WHERE actor_id = $1 AND idempotency_key = $2 AND claim_token = $3 AND status IS NULL`,
      [claim.actorId, claim.key, claim.token, response.status, JSON.stringify(response.headers), JSON.stringify(response.body ?? null), this.config.idempotencyRetentionHours],
    );
    return updated.rowCount === 1;
  }

  /** A request that wrote nothing frees its key, so the client may retry it. */
  async release(claim: IdempotencyClaim): Promise<void> {
    await this.pool.query(
      `DELETE FROM idempotency_records WHERE actor_id = $1 AND idempotency_key = $2 AND claim_token = $3 AND status IS NULL`,
      [claim.actorId, claim.key, claim.token],
    );
  }

  /** Deletes replies past their retention and claims past their lease; returns how many. */
  async purgeExpired(): Promise<number> {
    const deleted = await this.pool.query(`DELETE FROM idempotency_records WHERE expires_at < now()`);
    return deleted.rowCount ?? 0;
  }

  /** Forgets the replies that name these subscriptions (an erasure leaves no reply of the person's writes). */
  async forgetSubscriptions(subscriptionIds: string[]): Promise<void> {
    await this.pool.query(`DELETE FROM idempotency_records WHERE body->>'subscriptionId' = ANY($1::text[])`, [subscriptionIds]);
  }
}
