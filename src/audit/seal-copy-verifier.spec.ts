import { GENESIS_HASH } from '../event-store/integrity/event-hash.js';
import type { SealRecord } from '../event-store/integrity/log-verifier.js';
import { SealKeyring, SealSigningKey } from '../event-store/integrity/seal-signature.js';
import { verifySealCopy } from './seal-copy-verifier.js';
import { sealWebhookPayload } from './witnesses/seal-webhook.js';

const signingKey = SealSigningKey.generate();
const trusted = new SealKeyring([signingKey.publicKey]);

/** A chain of signed seals as a witness keeps it; digests are stand-ins (a copy of seals holds no events). */
function aChain(count: number, key = signingKey): SealRecord[] {
  const seals: SealRecord[] = [];
  for (let n = 1; n <= count; n++) {
    seals.push(
      key.sign({
        sealNumber: n,
        firstPosition: 10 * n - 9,
        lastPosition: 10 * n,
        lastTransactionId: String(500 + n),
        eventCount: 10,
        previousDigest: seals.at(-1)?.digest ?? GENESIS_HASH,
        digest: String(n).repeat(64).slice(0, 64),
        sealedAt: `2026-03-0${n}T12:00:00.000Z`,
      }),
    );
  }
  return seals;
}

async function* linesOf(values: unknown[]) {
  for (const value of values) yield JSON.stringify(value);
}

describe("a witness's copy of the seal chain, checked offline", () => {
  it('verifies the signatures and the chain, as listed by the API or as received by webhook', async () => {
    const seals = aChain(3);
    const expected = { ok: true, checkedSeals: 3, signaturesChecked: true, signedSeals: 3, unsignedSeals: 0, lastSeal: seals[2] };
    expect(await verifySealCopy(linesOf(seals), trusted)).toEqual(expected);
    expect(await verifySealCopy(linesOf(seals.map(sealWebhookPayload)), trusted)).toEqual(expected);
  });

  it('names the first seal whose content was changed after signing', async () => {
    const seals = aChain(3);
    seals[1] = { ...seals[1], eventCount: 9 };
    expect(await verifySealCopy(linesOf(seals), trusted)).toMatchObject({
      ok: false,
      firstBrokenSeal: 2,
      checkedSeals: 1,
      problem: `the signature of seal 2 does not verify with key ${signingKey.keyId}`,
    });
  });

  it('names the first seal when the whole chain was signed with another key', async () => {
    const impostor = SealSigningKey.generate();
    expect(await verifySealCopy(linesOf(aChain(2, impostor)), trusted)).toMatchObject({
      ok: false,
      firstBrokenSeal: 1,
      problem: `seal 1 is signed with key ${impostor.keyId}, which is not among the trusted public keys`,
    });
  });

  it('names a seal that does not chain to the one before, and a gap in the numbers', async () => {
    const seals = aChain(3);
    expect(await verifySealCopy(linesOf([seals[0], seals[2]]), trusted)).toMatchObject({ ok: false, firstBrokenSeal: 3, problem: 'seal 3 does not chain to the seal before it' });
    const resigned = signingKey.sign({ ...seals[2], sealNumber: 4 });
    expect(await verifySealCopy(linesOf([seals[0], seals[1], resigned]), trusted)).toMatchObject({
      ok: false,
      firstBrokenSeal: 4,
      problem: 'seal 4 follows seal 2: the numbers in between are missing',
    });
  });

  it('counts signatures without checking them when no public key is given', async () => {
    expect(await verifySealCopy(linesOf(aChain(2)), undefined)).toMatchObject({ ok: true, signaturesChecked: false, signedSeals: 2 });
  });
});
