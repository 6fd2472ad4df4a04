import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { EncryptedValue } from '../../privacy/encrypted-value.js';
import type { Language, SubscriptionChannel } from '../../processes/domain/process.vocabulary.js';

export type LedgerStatus = 'planned' | 'queued' | 'sent' | 'failed' | 'skipped';

/** How long a claimed delivery keeps others off the row: longer than any delivery takes (webhooks time out at 10 s). */
export const CLAIM_LEASE_MS = 30_000;

export interface PendingReminder {
  id: string;
  dueAt: Date;
}

/** A row claimed for one delivery attempt, with the subscription's still-encrypted address. */
export interface ClaimedReminder {
  id: string;
  processId: string;
  deadlineId: string;
  subscriptionId: string;
  channel: SubscriptionChannel;
  offset: string;
  dueAt: Date;
  deadlineDueAt: Date;
  /** Attempts including this one. */
  attempts: number;
  address: EncryptedValue;
  secret: EncryptedValue | null;
  language: Language;
  timezone: string | null;
}

export type ClaimResult =
  | { claimed: ClaimedReminder }
  | { busyUntil: Date }
  | { done: LedgerStatus | 'missing' };

/** The processor's and dispatcher's reads and writes of the ledger; the projection owns planning. */
@Injectable()
export class ReminderLedgerStore {
  constructor(private readonly pool: Pool) {}

  /** Planned rows, soonest first, for the dispatcher. */
  async planned(limit: number): Promise<PendingReminder[]> {
    const result = await this.pool.query<{ id: string; due_at: Date }>(
      `SELECT id, due_at FROM reminder_ledger WHERE status = 'planned' ORDER BY due_at LIMIT $1`,
      [limit],
    );
    return result.rows.map((row) => ({ id: row.id, dueAt: row.due_at }));
  }

  /** Every row still to be delivered, for the reconciler: a keyset page after the given id. */
  async pending(afterId: string, limit: number): Promise<PendingReminder[]> {
    const result = await this.pool.query<{ id: string; due_at: Date }>(
      `SELECT id, due_at FROM reminder_ledger WHERE status IN ('planned', 'queued') AND id > $1 ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return result.rows.map((row) => ({ id: row.id, dueAt: row.due_at }));
  }

  async markQueued(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query(`UPDATE reminder_ledger SET status = 'queued' WHERE id = ANY($1::uuid[]) AND status = 'planned'`, [ids]);
  }

  /**
   * Locks the row and takes it for one attempt, unless it is done, planned for another due time, or
   * held by a delivery still in progress elsewhere (its lease not run out).
   */
  async claim(id: string, dueAt: Date): Promise<ClaimResult> {
    const result = await this.pool.query<{
      status: LedgerStatus;
      due_at: Date;
      claimed_until: Date | null;
      taken: boolean;
      process_id: string;
      deadline_id: string;
      subscription_id: string;
      channel: SubscriptionChannel;
      reminder_offset: string;
      deadline_due_at: Date;
      attempts: number;
      address: EncryptedValue;
      secret: EncryptedValue | null;
      language: Language;
      timezone: string | null;
    }>(
      `WITH target AS (
         SELECT id, status, due_at, claimed_until,
                status IN ('planned', 'queued') AND due_at = $2 AND (claimed_until IS NULL OR claimed_until < now()) AS takeable
         FROM reminder_ledger WHERE id = $1 FOR UPDATE
       ), taken AS (
         UPDATE reminder_ledger l SET attempts = l.attempts + 1, status = 'queued', claimed_until = now() + make_interval(secs => $3::double precision / 1000)
         FROM target WHERE l.id = target.id AND target.takeable
         RETURNING l.*
       )
       SELECT target.status, target.due_at, target.claimed_until, taken.id IS NOT NULL AS taken,
              taken.process_id, taken.deadline_id, taken.subscription_id, taken.channel, taken.reminder_offset, taken.deadline_due_at,
              taken.attempts, s.address, s.secret, s.language, s.timezone
       FROM target LEFT JOIN taken ON true
       LEFT JOIN reminder_subscriptions s ON s.process_id = taken.process_id AND s.subscription_id = taken.subscription_id`,
      [id, dueAt, CLAIM_LEASE_MS],
    );
    const row = result.rows[0];
    if (!row) return { done: 'missing' };
    if (!row.taken) {
      const pending = row.status === 'planned' || row.status === 'queued';
      if (pending && row.due_at.getTime() === dueAt.getTime() && row.claimed_until) return { busyUntil: row.claimed_until };
      // A pending row due at another time belongs to another job: this one is stale.
      return { done: pending ? 'skipped' : row.status };
    }
    return {
      claimed: {
        id,
        processId: row.process_id,
        deadlineId: row.deadline_id,
        subscriptionId: row.subscription_id,
        channel: row.channel,
        offset: row.reminder_offset,
        dueAt: row.due_at,
        deadlineDueAt: row.deadline_due_at,
        attempts: row.attempts,
        address: row.address,
        secret: row.secret,
        language: row.language,
        timezone: row.timezone,
      },
    };
  }

  /** Ends a claim without an outcome event: skipped (no longer valid) or back to queued after a failed attempt. */
  async release(id: string, outcome: { status: 'skipped' | 'queued'; error: string }): Promise<void> {
    await this.pool.query(
      `UPDATE reminder_ledger SET status = $2, last_error = $3, claimed_until = NULL WHERE id = $1 AND status IN ('planned', 'queued')`,
      [id, outcome.status, outcome.error],
    );
  }

  async markSent(rows: { id: string; attempts: number; late: boolean }[]): Promise<void> {
    await this.pool.query(
      `UPDATE reminder_ledger l SET status = 'sent', attempts = GREATEST(l.attempts, r.attempts), late = r.late, sent_at = now(),
              last_error = NULL, claimed_until = NULL
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, attempts integer, late boolean)
       WHERE l.id = r.id AND l.status <> 'sent'`,
      [JSON.stringify(rows)],
    );
  }

  async markFailed(rows: { id: string; attempts: number; reason: string }[]): Promise<void> {
    await this.pool.query(
      `UPDATE reminder_ledger l SET status = 'failed', attempts = GREATEST(l.attempts, r.attempts), last_error = r.reason, claimed_until = NULL
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, attempts integer, reason text)
       WHERE l.id = r.id AND l.status NOT IN ('sent', 'failed')`,
      [JSON.stringify(rows)],
    );
  }
}
