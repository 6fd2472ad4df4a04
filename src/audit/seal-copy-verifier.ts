import type { SealRecord } from '../event-store/integrity/log-verifier.js';
import { SealChain, type SealSignatureSummary } from '../event-store/integrity/seal-chain.js';
import type { SealKeyring } from '../event-store/integrity/seal-signature.js';
import { SEAL_WEBHOOK_TYPE } from './witnesses/seal-webhook.js';

export interface SealCopyVerification extends SealSignatureSummary {
  ok: boolean;
  checkedSeals: number;
  /** The first seal that does not verify or chain. */
  firstBrokenSeal?: number;
  problem?: string;
  /** The line at fault when the file itself is damaged. */
  line?: number;
  lastSeal?: SealRecord;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A line of a witness's copy: a seal as GET /api/audit/seals lists it, or the body of the seal webhook. */
function sealOf(value: unknown): SealRecord | undefined {
  const seal = isObject(value) && value.type === SEAL_WEBHOOK_TYPE ? value.data : value;
  return isObject(seal) && typeof seal.sealNumber === 'number' && typeof seal.digest === 'string' ? (seal as unknown as SealRecord) : undefined;
}

/**
 * Checks a copy of the seal chain kept outside the tracker (one seal per line, in order): each seal
 * chains to the one before, and every signature verifies with the trusted keys. It may start at
 * any seal (a witness added later keeps what it received); from seal 1 its first link is checked too.
 */
export async function verifySealCopy(lines: AsyncIterable<string>, keyring: SealKeyring | undefined): Promise<SealCopyVerification> {
  const chain = new SealChain(keyring, false);
  let lineNumber = 0;
  let checkedSeals = 0;
  let lastSeal: SealRecord | undefined;
  const result = (broken?: { problem: string; seal?: number; line?: number }): SealCopyVerification => ({
    ok: broken === undefined,
    checkedSeals,
    ...chain.summary(),
    ...(broken && { problem: broken.problem }),
    ...(broken?.seal !== undefined && { firstBrokenSeal: broken.seal }),
    ...(broken?.line !== undefined && { line: broken.line }),
    ...(!broken && lastSeal && { lastSeal }),
  });
  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === '') continue;
    let seal: SealRecord | undefined;
    try {
      seal = sealOf(JSON.parse(text));
    } catch {
      return result({ problem: `line ${lineNumber}: not valid JSON`, line: lineNumber, seal: lastSeal && lastSeal.sealNumber + 1 });
    }
    if (!seal) return result({ problem: `line ${lineNumber}: not a seal`, line: lineNumber, seal: lastSeal && lastSeal.sealNumber + 1 });
    const problem = chain.add(seal);
    if (problem) return result({ problem, seal: seal.sealNumber });
    checkedSeals++;
    lastSeal = seal;
  }
  if (checkedSeals === 0) return result({ problem: 'the file holds no seal' });
  return result();
}
