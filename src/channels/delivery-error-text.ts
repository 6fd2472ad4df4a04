import { isIP } from 'node:net';

const EMAIL_ADDRESS = /<?[^\s<>@]+@[^\s<>]+>?/g;
// Hex groups with colons, possibly ending in a dotted IPv4 part; isIP decides (a time like 12:30:45 is not one).
const IPV6_CANDIDATE = /\[?(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{0,4})(?:%[\w.-]+)?\]?/gi;
const IPV4_ADDRESS = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
const DNS_NAME = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]?\b/gi;
// Resolver errors name the host they looked up, which may be a one-label intranet name.
const LOOKUP_ERROR = /\b(ENOTFOUND|EAI_AGAIN|EAI_FAIL|ESERVFAIL|ENODATA)\s+\S+/g;

/**
 * A delivery error as it may be stored: in the ledger, in ReminderFailed (immutable history) and in
 * the queue. Addresses, host names and e-mail addresses are blanked: they can name a subscriber
 * (who may be erased later) or map the network behind the service.
 */
export function redactDeliveryError(text: string): string {
  return text
    .replace(EMAIL_ADDRESS, '<address>')
    .replace(LOOKUP_ERROR, '$1 <host>')
    .replace(IPV6_CANDIDATE, (candidate) => (isIP(candidate.replace(/^\[|\]$/g, '').replace(/%.*$/, '')) === 6 ? '<ip>' : candidate))
    .replace(IPV4_ADDRESS, '<ip>')
    .replace(DNS_NAME, '<host>');
}
