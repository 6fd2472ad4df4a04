import { isDeepStrictEqual } from 'node:util';
import { LogVerifier, type SealRecord, type VerificationResult } from '../event-store/integrity/log-verifier.js';
import type { SealKeyring } from '../event-store/integrity/seal-signature.js';
import { toVerifiableEvent, type AuditEntry } from './audit-entry.js';
import { AUDIT_EXPORT_FORMAT, type ExportEnd, type ExportHeader } from './audit-export.js';

export interface ExportVerification extends VerificationResult {
  /** The line at fault when the file itself is damaged (not valid JSON, out of place, cut short). */
  line?: number;
  /** The last seal in the file: compare its digest with a copy published elsewhere. */
  lastSeal?: SealRecord;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Verifies an NDJSON export without the database: every stream's hash chain, every seal (and its
 * signature, given the trusted public keys), and that the fields copied out of the hashed metadata
 * for reading (actor, correlation…) say the same.
 */
export async function verifyAuditExport(
  lines: AsyncIterable<string>,
  { keyring, onProgress }: { keyring?: SealKeyring; onProgress?: (checkedEvents: number) => void } = {},
): Promise<ExportVerification> {
  const verifier = new LogVerifier([], keyring);
  let lineNumber = 0;
  let header: ExportHeader | undefined;
  let end: ExportEnd | undefined;
  let events = 0;
  let seals = 0;
  let lastPosition = 0;
  let mismatch: { position: number; problem: string } | undefined;
  let lastSeal: SealRecord | undefined;
  const damaged = (problem: string): ExportVerification => ({
    ...verifier.finish(),
    ok: false,
    line: lineNumber,
    // Damage at a line names the position that would come next, as closely as the file allows.
    firstBrokenPosition: Math.min(mismatch?.position ?? Infinity, lastPosition + 1),
    problem: `line ${lineNumber}: ${problem}`,
  });

  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === '') continue;
    if (end) return damaged('there is more after the end line');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return damaged('not valid JSON');
    }
    if (!isObject(value)) return damaged('not a JSON object');
    if (!header) {
      if (!isObject(value.export)) return damaged('the file does not start with the export line');
      header = value.export as unknown as ExportHeader;
      if (header.format !== AUDIT_EXPORT_FORMAT) return damaged(`unknown format ${JSON.stringify(header.format)} (expected ${AUDIT_EXPORT_FORMAT})`);
      if (header.complete !== true) {
        return { ...damaged('a filtered export (some events left out) cannot be verified: export the whole log'), firstBrokenPosition: undefined };
      }
      continue;
    }
    if (isObject(value.seal)) {
      lastSeal = value.seal as unknown as SealRecord;
      verifier.addSeal(lastSeal);
      seals++;
      continue;
    }
    if (isObject(value.end)) {
      end = value.end as unknown as ExportEnd;
      continue;
    }
    const entry = value as unknown as AuditEntry;
    if (typeof entry.position !== 'number' || !isObject(entry.metadata)) return damaged('not an audit entry');
    verifier.push(toVerifiableEvent(entry));
    events++;
    lastPosition = entry.position;
    if (!mismatch && !copiesMatch(entry)) {
      mismatch = { position: entry.position, problem: `position ${entry.position}: actor, correlationId, causationId or idempotencyKey differ from the hashed metadata` };
    }
    if (onProgress && events % 10_000 === 0) onProgress(events);
  }
  if (!header) return damaged('the file is empty');
  // Broken chains and seals name a position: they go first, before what the end line says.
  const result = verifier.finish();
  if (mismatch && (result.ok || mismatch.position < result.firstBrokenPosition!)) {
    return { ...result, ok: false, firstBrokenPosition: mismatch.position, problem: mismatch.problem };
  }
  if (!result.ok) return result;
  if (!end) return damaged('the file ends before its end line: it was cut short');
  if (end.events !== events || end.seals !== seals) {
    return damaged(`the end line counts ${end.events} events and ${end.seals} seals, the file holds ${events} and ${seals}`);
  }
  return lastSeal ? { ...result, lastSeal } : result;
}

function copiesMatch(entry: AuditEntry): boolean {
  const metadata = entry.metadata;
  return (
    isDeepStrictEqual(entry.actor, metadata.actor) &&
    entry.correlationId === metadata.correlationId &&
    entry.causationId === (metadata.causationId ?? null) &&
    entry.idempotencyKey === (metadata.idempotencyKey ?? null)
  );
}
