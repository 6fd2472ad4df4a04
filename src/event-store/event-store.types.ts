import type { PoolClient } from 'pg';

/** Who recorded an event: the token's id and name, never the token itself. */
export interface Actor {
  id: string;
  name: string;
  role?: string;
}

export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  causationId?: string;
  idempotencyKey?: string;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** Supply it to make the append idempotent: the same id is written once. */
  eventId?: string;
  type: Type;
  data: Data;
  schemaVersion?: number;
}

export type ExpectedVersion = number | 'no-stream' | 'any';

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /** Work that must commit with the append or not at all, run in its transaction after the events are written. */
  commitWith?: (db: PoolClient, appended: AppendResult) => Promise<void>;
}

export interface AppendResult {
  /** The stream's version after the append. */
  streamVersion: number;
  /** Global position of the last event written (or found, when already appended). */
  position: number;
  /** True when every event id was in the store already: nothing was written. */
  alreadyAppended: boolean;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  position: number;
  streamId: string;
  version: number;
  eventId: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  recordedAt: Date;
  /** PostgreSQL transaction id (xid8) as a decimal string: the delivery order of readAll. */
  transactionId: string;
  hash: string;
}

/** Each event of a union as the store records it, its type still paired with its data. */
export type RecordedOf<E extends { type: string; data: unknown }> = E extends unknown ? RecordedEvent<E['type'], E['data']> : never;

export interface ReadStreamOptions {
  /** Read events with version >= fromVersion. */
  fromVersion?: number;
  /** Read events with version <= toVersion. */
  toVersion?: number;
  /** Only events recorded strictly before this instant: the stream as it was then. */
  recordedBefore?: Date;
}

export interface ReadAllOptions {
  /** Position of the last event already seen; 0 (or absent) reads from the start. */
  after?: number;
  limit?: number;
}

/** Which events a scan of the whole log keeps; an absent field keeps every event. */
export interface EventFilter {
  /** An actor's id (the token id) or name. */
  actor?: string;
  type?: string;
  /** recordedAt >= from. */
  from?: Date;
  /** recordedAt < to. */
  to?: Date;
}

/** Where a reader stands in the delivery order: the last event it saw. */
export interface EventCursor {
  transactionId: string;
  position: number;
}

/** Events of the wanted types after a cursor, and where the next read continues. */
export interface EventPage {
  events: RecordedEvent[];
  /** Past every event this read covered, of the wanted types or not: a reader skipping most of the log still moves on. */
  end: EventCursor;
}

/** Whether `a` comes after `b` in the delivery order. */
export function isAfter(a: EventCursor, b: EventCursor): boolean {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  return ta > tb || (ta === tb && a.position > b.position);
}
