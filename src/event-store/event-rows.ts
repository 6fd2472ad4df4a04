import type { EventMetadata, RecordedEvent } from './event-store.types.js';

/** A row of the events table as the columns below read it. */
export interface EventRow {
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

export const EVENT_COLUMNS = `position, stream_id, version, event_id, type, schema_version, data, metadata,
  recorded_at, transaction_id::text AS transaction_id, hash`;

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    position: Number(row.position),
    streamId: row.stream_id,
    version: Number(row.version),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
    transactionId: row.transaction_id,
    hash: row.hash,
  };
}

/**
 * The oldest transaction still running: every transaction below it has ended, so events written
 * below it can no longer change and none will appear there later (ADR 0002).
 */
export const HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())';

/** Only events below the horizon (now, or one read earlier): the rule every reader of the whole log follows. */
export function belowHorizon(horizon: string = HORIZON): string {
  return `events.transaction_id < ${horizon}`;
}
