import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { EventCursor } from '../event-store/event-store.types.js';
import { readSealsAfter } from '../event-store/integrity/log-integrity.js';
import type { SealRecord } from '../event-store/integrity/log-verifier.js';
import { AUDIT_COLUMNS, toAuditEntry, type AuditEntry, type AuditRow } from './audit-entry.js';
import { RequestValidationError } from '../http/problem-details.js';
import { ReadModelBehind } from '../projections/projection-progress.js';

export interface AuditFilter {
  /** Entries after the event at this position, in delivery order. */
  after?: number;
  /** An actor's id (the token id) or name. */
  actor?: string;
  type?: string;
  /** recordedAt >= from. */
  from?: Date;
  /** recordedAt < to. */
  to?: Date;
}

export interface AuditPage {
  items: AuditEntry[];
  next?: EventCursor;
}

const EXPORT_BATCH = 1_000;
const SEAL_BATCH = 1_000;
const VISIBLE_WAIT_MS = 5_000;
const VISIBLE_RECHECK_MS = 50;

/**
 * The global log for auditors, in delivery order (transaction id, position), only from transactions
 * older than every running one: a page or an export never misses an event that commits late.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly pool: Pool) {}

  /** True once the filter names nothing: such an export is the whole log and can be verified. */
  static isWholeLog(filter: AuditFilter): boolean {
    return Object.values(filter).every((value) => value === undefined);
  }

  async page(filter: AuditFilter, limit: number, cursor?: EventCursor): Promise<AuditPage> {
    const start = cursor ?? (await this.startOf(filter));
    const rows = await this.read(filter, start, limit, 'pg_snapshot_xmin(pg_current_snapshot())');
    const items = rows.map(toAuditEntry);
    const last = rows[rows.length - 1];
    return { items, ...(rows.length === limit && last && { next: { transactionId: last.transaction_id, position: Number(last.position) } }) };
  }

  /**
   * Every matching entry, read in batches up to the horizon of the moment it started (so it ends
   * even while appends go on); the consumer's pace drives the reads, nothing else is held.
   */
  async *entries(filter: AuditFilter): AsyncGenerator<AuditEntry> {
    const horizon = (await this.pool.query<{ horizon: string }>(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`)).rows[0].horizon;
    let cursor = await this.startOf(filter);
    for (;;) {
      const rows = await this.read(filter, cursor, EXPORT_BATCH, `'${BigInt(horizon)}'::xid8`);
      for (const row of rows) yield toAuditEntry(row);
      if (rows.length < EXPORT_BATCH) return;
      const last = rows[rows.length - 1];
      cursor = { transactionId: last.transaction_id, position: Number(last.position) };
    }
  }

  /** Every seal in order, read in batches. */
  async *seals(): AsyncGenerator<SealRecord> {
    let after = 0;
    for (;;) {
      const seals = await readSealsAfter(this.pool, after, SEAL_BATCH);
      yield* seals;
      if (seals.length < SEAL_BATCH) return;
      after = seals[seals.length - 1].sealNumber;
    }
  }

  /** Read your writes: waits (at most 5 s) until the event at this position is in the visible log. */
  async ensureVisible(position: number | undefined): Promise<void> {
    if (position === undefined || position <= 0) return;
    const deadline = Date.now() + VISIBLE_WAIT_MS;
    for (;;) {
      const result = await this.pool.query<{ visible: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM events WHERE position = $1 AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())) AS visible`,
        [position],
      );
      if (result.rows[0].visible) return;
      if (Date.now() >= deadline) throw new ReadModelBehind(position);
      await new Promise((resolve) => setTimeout(resolve, VISIBLE_RECHECK_MS));
    }
  }

  private async startOf(filter: AuditFilter): Promise<EventCursor> {
    if (filter.after === undefined || filter.after === 0) return { transactionId: '0', position: 0 };
    const found = await this.pool.query<{ tx: string }>(`SELECT transaction_id::text AS tx FROM events WHERE position = $1`, [filter.after]);
    if (found.rows.length === 0) throw new RequestValidationError([{ field: 'after', message: `there is no event at position ${filter.after}` }]);
    return { transactionId: found.rows[0].tx, position: filter.after };
  }

  private async read(filter: AuditFilter, cursor: EventCursor, limit: number, horizon: string): Promise<AuditRow[]> {
    const values: unknown[] = [cursor.transactionId, cursor.position, limit];
    const where = [`(events.transaction_id, events.position) > ($1::xid8, $2::bigint)`, `events.transaction_id < ${horizon}`];
    if (filter.actor !== undefined) {
      values.push(filter.actor);
      where.push(`(metadata->'actor'->>'id' = $${values.length} OR metadata->'actor'->>'name' = $${values.length})`);
    }
    if (filter.type !== undefined) {
      values.push(filter.type);
      where.push(`type = $${values.length}`);
    }
    if (filter.from !== undefined) {
      values.push(filter.from);
      where.push(`recorded_at >= $${values.length}`);
    }
    if (filter.to !== undefined) {
      values.push(filter.to);
      where.push(`recorded_at < $${values.length}`);
    }
    const result = await this.pool.query<AuditRow>(
      // Qualified: a bare transaction_id in ORDER BY would sort by the text alias (wrong order, no index).
      `SELECT ${AUDIT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY events.transaction_id, events.position LIMIT $3`,
      values,
    );
    return result.rows;
  }
}
