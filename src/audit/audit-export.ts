import type { SealRecord } from '../event-store/integrity/log-verifier.js';
import type { AuditEntry } from './audit-entry.js';
import { AuditLog, type AuditFilter } from './audit-log.js';

/** Names the layout of the NDJSON export; a verifier refuses a layout it does not know. */
export const AUDIT_EXPORT_FORMAT = 'treaty-review-tracker/audit-ndjson/1';

export interface ExportHeader {
  format: string;
  exportedAt: string;
  /** True for the whole log (no filter): only such a file can be verified. */
  complete: boolean;
  filters: Record<string, string | number>;
}

export interface ExportEnd {
  events: number;
  seals: number;
}

/**
 * One line of the export: the first is `{"export": …}`, the last `{"end": …}`, a seal is
 * `{"seal": …}` placed before the first event it covers, and every other line is an audit entry.
 */
export type ExportLine = { export: ExportHeader } | { seal: SealRecord } | { end: ExportEnd } | AuditEntry;

const compareCursor = (tx: bigint, position: number, seal: SealRecord) => {
  const sealTx = BigInt(seal.lastTransactionId);
  return tx === sealTx ? position - seal.lastPosition : tx < sealTx ? -1 : 1;
};

const CHUNK_CHARS = 64 * 1024;

/** The export in chunks of whole lines: one socket write per chunk rather than per event. */
export async function* auditExportChunks(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let chunk = '';
  for await (const line of lines) {
    chunk += line;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The export as lines of NDJSON, read from the database as the consumer takes them. */
export async function* auditExportLines(log: Pick<AuditLog, 'entries' | 'seals'>, filter: AuditFilter, exportedAt: Date): AsyncGenerator<string> {
  const complete = AuditLog.isWholeLog(filter);
  const filters = Object.fromEntries(
    Object.entries(filter)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
  ) as Record<string, string | number>;
  yield line({ export: { format: AUDIT_EXPORT_FORMAT, exportedAt: exportedAt.toISOString(), complete, filters } });

  const seals = complete ? log.seals() : undefined;
  let pending = seals ? (await seals.next()).value : undefined;
  // A seal is written once the events of the seal before it are out: right before the first event it covers.
  let coveredUpTo: SealRecord | undefined;
  let events = 0;
  let sealCount = 0;
  const dueSeals = async function* (tx: bigint | undefined, position: number) {
    while (pending && (!coveredUpTo || (tx !== undefined && compareCursor(tx, position, coveredUpTo) >= 0))) {
      yield line({ seal: pending });
      sealCount++;
      coveredUpTo = pending;
      pending = (await seals!.next()).value;
    }
  };

  yield* dueSeals(undefined, 0);
  for await (const entry of log.entries(filter)) {
    yield line(entry);
    events++;
    if (pending) yield* dueSeals(BigInt(entry.transactionId), entry.position);
  }
  // Seals whose events are missing still go out, so the verifier can say so.
  while (pending) {
    yield line({ seal: pending });
    sealCount++;
    pending = (await seals!.next()).value;
  }
  yield line({ end: { events, seals: sealCount } });
}

function line(value: ExportLine): string {
  return `${JSON.stringify(value)}\n`;
}
