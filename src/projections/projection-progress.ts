import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Pool } from 'pg';
import type { EventCursor } from '../event-store/event-store.types.js';

export const MAX_WAIT_MS = 5_000;

/** A read asked for minPosition and the read models did not get there in time: answered as 503. */
export class ReadModelBehind extends Error {
  readonly code = 'read-model-behind';

  constructor(readonly position: number) {
    super(`The read models did not reach position ${position} within ${MAX_WAIT_MS / 1000} s: retry`);
    this.name = 'ReadModelBehind';
  }
}

/** A read asked for a minPosition that no event holds (beyond the head): no wait would ever meet it, so it is refused at once. */
export class PositionNotRecorded extends Error {
  readonly code = 'position-not-recorded';

  constructor(readonly position: number) {
    super(`No event is recorded at position ${position}: minPosition takes a position a write answered`);
    this.name = 'PositionNotRecorded';
  }
}

const RECHECK_MS = 50;

/** Where projections stand, and a way to wait until one has passed a position (read your writes). */
@Injectable()
export class ProjectionProgress {
  private readonly projected = new EventEmitter().setMaxListeners(0);

  constructor(private readonly pool: Pool) {}

  /** Called by the runner after each committed batch of this instance. */
  announce(name: string, cursor: EventCursor): void {
    this.projected.emit('projected', name, cursor);
  }

  onProjected(listener: (name: string, cursor: EventCursor) => void): () => void {
    this.projected.on('projected', listener);
    return () => this.projected.off('projected', listener);
  }

  /** Whether the projection has applied the event at this position (delivery is by transaction), or no event holds it. */
  async standing(name: string, position: number): Promise<'reached' | 'behind' | 'unrecorded'> {
    const result = await this.pool.query<{ reached: boolean }>(
      `SELECT coalesce((c.last_transaction_id, c.last_position) >= (e.transaction_id, e.position), false) AS reached
       FROM events e LEFT JOIN projection_checkpoints c ON c.name = $1
       WHERE e.position = $2`,
      [name, position],
    );
    if (result.rows.length === 0) return 'unrecorded';
    return result.rows[0].reached ? 'reached' : 'behind';
  }

  /** Read your writes: waits for waitFor, or throws ReadModelBehind. */
  async ensureReached(names: readonly string[], position: number | undefined): Promise<void> {
    if (!(await this.waitFor(names, position))) throw new ReadModelBehind(position!);
  }

  /** Waits (at most MAX_WAIT_MS) until every named projection has reached the position; true if they did. Throws PositionNotRecorded for a position no event holds. */
  async waitFor(names: readonly string[], position: number | undefined, timeoutMs = MAX_WAIT_MS): Promise<boolean> {
    if (position === undefined || position <= 0) return true;
    const deadline = Date.now() + timeoutMs;
    let pending = [...names];
    for (;;) {
      const standings = await Promise.all(pending.map((name) => this.standing(name, position)));
      if (standings.includes('unrecorded')) throw new PositionNotRecorded(position);
      pending = pending.filter((_, i) => standings[i] !== 'reached');
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
