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

  /** True when the projection has applied the event at this position (delivery is by transaction). */
  async hasReached(name: string, position: number): Promise<boolean> {
    const result = await this.pool.query<{ reached: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM projection_checkpoints c, events e
         WHERE c.name = $1 AND e.position = $2
           AND (c.last_transaction_id, c.last_position) >= (e.transaction_id, e.position)
       ) AS reached`,
      [name, position],
    );
    return result.rows[0].reached;
  }

  /** Read your writes: waits for waitFor, or throws ReadModelBehind. */
  async ensureReached(names: readonly string[], position: number | undefined): Promise<void> {
    if (!(await this.waitFor(names, position))) throw new ReadModelBehind(position!);
  }

  /** Waits (at most MAX_WAIT_MS) until every named projection has reached the position; true if they did. */
  async waitFor(names: readonly string[], position: number | undefined, timeoutMs = MAX_WAIT_MS): Promise<boolean> {
    if (position === undefined || position <= 0) return true;
    const deadline = Date.now() + timeoutMs;
    let pending = [...names];
    for (;;) {
      const reached = await Promise.all(pending.map((name) => this.hasReached(name, position)));
      pending = pending.filter((_, i) => !reached[i]);
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
