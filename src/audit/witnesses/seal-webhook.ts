import type { SealRecord } from '../../event-store/integrity/log-verifier.js';

export const SEAL_WEBHOOK_TYPE = 'audit.seal';

/** The body a witness receives: the seal exactly as GET /api/audit/seals lists it, signature included. */
export function sealWebhookPayload(seal: SealRecord) {
  return { type: SEAL_WEBHOOK_TYPE, timestamp: seal.sealedAt, data: seal };
}

/** The webhook-id: the same seal always carries the same id, so a witness drops a repeat by it. */
export function sealWebhookId(seal: SealRecord): string {
  return `seal-${seal.sealNumber}-${seal.digest.slice(0, 16)}`;
}
