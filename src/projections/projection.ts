import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../event-store/event-store.types.js';

/** What a projection writes with: the batch's transaction, and the names of its tables. */
export interface ProjectionContext {
  /** Inside the transaction that also moves the checkpoint: apply and checkpoint commit together. */
  client: PoolClient;
  /** The physical name of one of the projection's tables: the live one, or its rebuild copy. */
  table(name: string): string;
}

/** A read model built from the log; it must be deterministic (no clock, no randomness) so a rebuild equals it. */
export interface Projection {
  readonly name: string;
  /** The tables it owns: a rebuild fills copies of them and swaps them in. */
  readonly tables: readonly string[];
  /**
   * The event types it applies, when they are a small share of the log: the others are then never
   * read for it. Absent: every event (cheaper when it applies most of them, as the timeline does).
   */
  readonly eventTypes?: readonly string[];
  apply(events: RecordedEvent[], context: ProjectionContext): Promise<void>;
}

/** The injection token of the list of every projection. */
export const PROJECTIONS = Symbol('PROJECTIONS');

export const liveTables: ProjectionContext['table'] = (name) => name;
