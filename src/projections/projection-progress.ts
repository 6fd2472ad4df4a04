import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Pool } from 'pg';
import { EventStore } from '../event-store/event-store.js';
import type { EventCursor } from '../event-store/event-store.types.js';
import { ApplicationError, type FieldError } from '../errors/application-error.js';

export const MAX_WAIT_MS = 5_000;

/** A read asked for minPosition and the read models did not get there in time: answered as 503. */
export class ReadModelBehind extends ApplicationError {
  readonly code = 'read-model-behind';
  readonly kind = 'unavailable';

  constructor(readonly position: number) {
    super(`The read models did not reach position ${position} within ${MAX_WAIT_MS / 1000} s: retry`);
    this.name = 'ReadModelBehind';
  }
}

/** A read asked for a minPosition that no event holds (beyond the head): no wait would ever meet it, so it is refused at once. */
export class PositionNotRecorded extends ApplicationError {
  readonly code = 'position-not-recorded';
  readonly kind = 'validation';
  override readonly fieldErrors: readonly FieldError[];

  constructor(readonly position: number) {
    super(`No event is recorded at position ${position}: minPosition takes a position a write answered`);
    this.name = 'PositionNotRecorded';
    this.fieldErrors = [{ field: 'minPosition', message: this.message }];
  }
}

const RECHECK_MS = 50;

/** Where projections stand, and a way to wait until one has passed a position (read your writes). */
@Injectable()
export class ProjectionProgress {
  private readonly projected = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
  ) {}

  /** Called by the runner after each committed batch of this instance. */
  announce(name: string, cursor: EventCursor): void {
    this.projected.emit('projected', name, cursor);
  }

  onProjected(listener: (name: string, cursor: EventCursor) => void): () => void {
    this.projected.on('projected', listener);
    return () => this.projected.off('projected', listener);
  }

  /** Which of these projections have applied the event at this cursor (delivery is by transaction). */
  private async reachedAmong(names: readonly string[], event: EventCursor): Promise<Set<string>> {
    const result = await this.pool.query<{ name: string }>(
      `SELECT name FROM projection_checkpoints
       WHERE name = ANY($1::text[]) AND (last_transaction_id, last_position) >= ($2::xid8, $3::bigint)`,
      [names, event.transactionId, event.position],
    );
    return new Set(result.rows.map((row) => row.name));
  }

  /** Read your writes: waits for waitFor, or throws ReadModelBehind. */
  async ensureReached(names: readonly string[], position: number | undefined): Promise<void> {
    if (!(await this.waitFor(names, position))) throw new ReadModelBehind(position!);
  }

  /** Waits (at most MAX_WAIT_MS) until every named projection has reached the position; true if they did. Throws PositionNotRecorded for a position no event holds. */
  async waitFor(names: readonly string[], position: number | undefined, timeoutMs = MAX_WAIT_MS): Promise<boolean> {
    if (position === undefined || position <= 0) return true;
    const deadline = Date.now() + timeoutMs;
    // An event's place in the delivery order never changes: looked up once, then only checkpoints are read.
    const event = await this.store.cursorAt(position);
    if (!event) throw new PositionNotRecorded(position);
    let pending = [...names];
    for (;;) {
      const reached = await this.reachedAmong(pending, event);
      pending = pending.filter((name) => !reached.has(name));
      if (pending.length === 0) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, Math.min(RECHECK_MS, left));
        const off = this.onProjected(finish);
        function finish() {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    }
  }
}
