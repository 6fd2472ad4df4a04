import type { Actor, EventMetadata, RecordedEvent } from '../event-store/event-store.types.js';
import type { HashedEventFields } from '../event-store/integrity/event-hash.js';
import type { VerifiableEvent } from '../event-store/integrity/log-verifier.js';

/** One event of the global log as the audit endpoints and the NDJSON export show it. */
export interface AuditEntry extends Omit<HashedEventFields, 'metadata'> {
  position: number;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  idempotencyKey: string | null;
  recordedAt: string;
  /** PostgreSQL transaction id: the export's line order is (transactionId, position), the order seals cover. */
  transactionId: string;
  hash: string;
  /** The metadata exactly as hashed (actor, correlationId… above are copied from it for reading). */
  metadata: EventMetadata;
}

/** An event of the log as an auditor reads it: metadata fields copied out, times as ISO text. */
export function toAuditEntry(event: RecordedEvent): AuditEntry {
  return {
    position: event.position,
    streamId: event.streamId,
    version: event.version,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId ?? null,
    idempotencyKey: event.metadata.idempotencyKey ?? null,
    recordedAt: event.recordedAt.toISOString(),
    transactionId: event.transactionId,
    hash: event.hash,
    metadata: event.metadata,
  };
}

/** What the verifier needs of an exported entry: the hashed fields, exactly as exported. */
export function toVerifiableEvent(entry: AuditEntry): VerifiableEvent {
  return {
    position: entry.position,
    streamId: entry.streamId,
    version: entry.version,
    eventId: entry.eventId,
    type: entry.type,
    schemaVersion: entry.schemaVersion,
    data: entry.data,
    metadata: entry.metadata,
    recordedAt: entry.recordedAt,
    hash: entry.hash,
  };
}
