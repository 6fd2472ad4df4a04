import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../event-store/event-store.types.js';

/** What a projection writes with: the batch's transaction, and the names of its tables. */
export interface ProjectionContext {
  /** Inside the transaction that also moves the checkpoint: apply and checkpoint commit together. */
  client: PoolClient;
  /** The physical name of one of the projection's tables: the live one, or its rebuild copy. */
  table(name: string): string;
}

interface ProjectionOf<E extends RecordedEvent> {
  readonly name: string;
  /** The tables it owns: a rebuild fills copies of them and swaps them in. */
  readonly tables: readonly string[];
  apply(events: E[], context: ProjectionContext): Promise<void>;
}

/**
 * A read model built from the log; it must be deterministic (no clock, no randomness) so a rebuild equals it.
 * It applies events of the types it names in `eventTypes`, typed as E: the other events are never
 * read for it. One that names none is given every event, as a plain RecordedEvent (cheaper when it
 * applies most of them, as the timeline does); a narrower E requires `eventTypes`.
 */
export type Projection<E extends RecordedEvent = RecordedEvent> = ProjectionOf<E> &
  (RecordedEvent extends E ? { readonly eventTypes?: readonly string[] } : { readonly eventTypes: readonly E['type'][] });

/**
 * Whether a stored event is of one of these types, and so an E. The one place a stored row is taken
 * for a typed event: its type names its data, as the write side's event union pairs them.
 */
export function isEventOf<E extends RecordedEvent>(event: RecordedEvent, types: readonly E['type'][]): event is E {
  return types.some((type) => type === event.type);
}

/**
 * Hands stored events to a projection: those of its `eventTypes` (all when it names none), which its
 * `apply` takes as its own typed events. The runner and a rebuild apply through here, never directly.
 */
export function applyStored(projection: Projection, events: RecordedEvent[], context: ProjectionContext): Promise<void> {
  const types = projection.eventTypes;
  return projection.apply(types === undefined ? events : events.filter((event) => isEventOf(event, types)), context);
}

export const liveTables: ProjectionContext['table'] = (name) => name;
