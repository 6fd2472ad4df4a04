import type { Actor, EventMetadata } from '../event-store/event-store.types.js';
import type { VerifiableEvent } from '../event-store/integrity/log-verifier.js';

/** One event of the global log as the audit endpoints and the NDJSON export show it. */
export interface AuditEntry {
  position: number;
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
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

export interface AuditRow {
  position: string;
  stream_id: string;
  version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
  transaction_id: string;
  hash: string;
}

export const AUDIT_COLUMNS = `position, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at,
  transaction_id::text AS transaction_id, hash`;

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    position: Number(row.position),
    streamId: row.stream_id,
    version: Number(row.version),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    actor: row.metadata.actor,
    correlationId: row.metadata.correlationId,
    causationId: row.metadata.causationId ?? null,
    idempotencyKey: row.metadata.idempotencyKey ?? null,
    recordedAt: row.recorded_at.toISOString(),
    transactionId: row.transaction_id,
    hash: row.hash,
    metadata: row.metadata,
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
