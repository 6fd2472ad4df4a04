import { createHash } from 'node:crypto';

/** Fixed for the demo data: changing it would give every seeded record a new id, and a re-run would duplicate them. */
export const SEED_ID_NAMESPACE = 'treaty-review-tracker:demo-seed:v1';

/**
 * The same key always gives the same UUID: the first 16 bytes of sha256(namespace + '\n' + key),
 * shaped as a version 4 UUID (version nibble 4, RFC 4122 variant) so every UUID check accepts it.
 */
export function uuidFromKey(key: string, namespace: string = SEED_ID_NAMESPACE): string {
  const bytes = createHash('sha256').update(`${namespace}\n${key}`, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
