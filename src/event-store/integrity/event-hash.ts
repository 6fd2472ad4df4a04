import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The previous hash of a stream's first event, and the previous digest of the first seal. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an event's hash covers, in the form they are stored and exported. */
export interface HashedEventFields {
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
}

/**
 * sha256 over the previous hash of the stream and an RFC 8785 canonical encoding of the event, so
 * the same bytes come out of the database, an export, or any other JSON tool.
 */
export function hashEvent(previousHash: string, event: HashedEventFields): string {
  const canonical = canonicalize({
    previousHash,
    streamId: event.streamId,
    version: event.version,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  });
  return createHash('sha256').update(canonical!).digest('hex');
}

/** A value as the store keeps it (what jsonb gives back: no undefined, dates as strings), in RFC 8785 form. */
export function canonicalJson(value: unknown): string {
  return canonicalize(JSON.parse(JSON.stringify(value ?? null)))!;
}

/** Fields of an event whose data and metadata are already canonical JSON text. */
export interface CanonicalEventFields extends Omit<HashedEventFields, 'data' | 'metadata'> {
  dataJson: string;
  metadataJson: string;
}

/**
 * hashEvent for an event being appended: the same bytes, written out in RFC 8785 key order, so the
 * data and metadata encoded once serve both the hash and the stored jsonb.
 */
export function hashCanonicalEvent(previousHash: string, event: CanonicalEventFields): string {
  const canonical =
    `{"data":${event.dataJson},"eventId":${JSON.stringify(event.eventId)},"metadata":${event.metadataJson},` +
    `"previousHash":${JSON.stringify(previousHash)},"recordedAt":${JSON.stringify(event.recordedAt)},` +
    `"schemaVersion":${JSON.stringify(event.schemaVersion)},"streamId":${JSON.stringify(event.streamId)},` +
    `"type":${JSON.stringify(event.type)},"version":${JSON.stringify(event.version)}}`;
  return createHash('sha256').update(canonical).digest('hex');
}

/** A seal's digest chains the previous seal's digest with every event hash it covers, in order. */
export function sealDigest(previousDigest: string, eventHashes: Iterable<string>): string {
  const hash = createHash('sha256').update(previousDigest);
  for (const eventHash of eventHashes) hash.update(eventHash);
  return hash.digest('hex');
}
