import { Injectable } from '@nestjs/common';
import { EventStore } from '../event-store/event-store.js';
import type { EventCursor, EventFilter } from '../event-store/event-store.types.js';
import { LogIntegrity } from '../event-store/integrity/log-integrity.js';
import type { SealRecord } from '../event-store/integrity/log-verifier.js';
import { toAuditEntry, type AuditEntry } from './audit-entry.js';
import { RequestValidationError } from '../errors/application-error.js';
import { ReadModelBehind } from '../projections/projection-progress.js';

export interface AuditFilter extends EventFilter {
  /** Entries after the event at this position, in delivery order. */
  after?: number;
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
  constructor(
    private readonly store: EventStore,
    private readonly integrity: LogIntegrity,
  ) {}

  /** True once the filter names nothing: such an export is the whole log and can be verified. */
  static isWholeLog(filter: AuditFilter): boolean {
    return Object.values(filter).every((value) => value === undefined);
  }

  async page(filter: AuditFilter, limit: number, cursor?: EventCursor): Promise<AuditPage> {
    const start = cursor ?? (await this.startOf(filter));
    const events = await this.store.readMatchingAfter(start, limit, filter);
    const last = events.at(-1);
    return { items: events.map(toAuditEntry), ...(events.length === limit && last && { next: { transactionId: last.transactionId, position: last.position } }) };
  }

  /**
   * Every matching entry, read in batches up to the horizon of the moment it started (so it ends
   * even while appends go on); the consumer's pace drives the reads, nothing else is held.
   */
  async *entries(filter: AuditFilter): AsyncGenerator<AuditEntry> {
    const horizon = await this.store.horizon();
    let cursor = await this.startOf(filter);
    for (;;) {
      const events = await this.store.readMatchingAfter(cursor, EXPORT_BATCH, filter, horizon);
      for (const event of events) yield toAuditEntry(event);
      if (events.length < EXPORT_BATCH) return;
      const last = events[events.length - 1];
      cursor = { transactionId: last.transactionId, position: last.position };
    }
  }

  /** Every seal in order, read in batches. */
  async *seals(): AsyncGenerator<SealRecord> {
    let after = 0;
    for (;;) {
      const seals = await this.integrity.sealsAfter(after, SEAL_BATCH);
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
      if (await this.store.isVisible(position)) return;
      if (Date.now() >= deadline) throw new ReadModelBehind(position);
      await new Promise((resolve) => setTimeout(resolve, VISIBLE_RECHECK_MS));
    }
  }

  private async startOf(filter: AuditFilter): Promise<EventCursor> {
    if (filter.after === undefined || filter.after === 0) return { transactionId: '0', position: 0 };
    const cursor = await this.store.cursorAt(filter.after);
    if (!cursor) throw new RequestValidationError([{ field: 'after', message: `there is no event at position ${filter.after}` }]);
    return cursor;
  }
}
