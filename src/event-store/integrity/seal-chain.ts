import { GENESIS_HASH } from './event-hash.js';
import type { SealRecord } from './log-verifier.js';
import type { SealKeyring } from './seal-signature.js';

/** What a check of the chain found about signatures. */
export interface SealSignatureSummary {
  /** False when no public key was given: signatures were then not checked, only counted. */
  signaturesChecked: boolean;
  signedSeals: number;
  /** Seals written before the tracker signed them; valid only before the first signed seal. */
  unsignedSeals: number;
}

/**
 * The rules every copy of the seal chain follows, in the database, an export or a witness's file:
 * each seal chains to the one before and is numbered after it, and from the first signed seal on
 * every seal is signed by a trusted key (so nobody can strip signatures to rewrite what follows).
 */
export class SealChain {
  private previous?: SealRecord;
  private signedSeals = 0;
  private unsignedSeals = 0;

  /** fromGenesis: the copy must start at seal 1 (a whole log); a witness's copy may start later. */
  constructor(
    private readonly keyring: SealKeyring | undefined,
    private readonly fromGenesis: boolean,
  ) {}

  /** Why the seal does not follow the seals before it, or undefined when it does. */
  add(seal: SealRecord): string | undefined {
    const previous = this.previous;
    this.previous = seal;
    const expectedPrevious = previous?.digest ?? (this.fromGenesis || seal.sealNumber === 1 ? GENESIS_HASH : undefined);
    if (expectedPrevious !== undefined && seal.previousDigest !== expectedPrevious) return `seal ${seal.sealNumber} does not chain to the seal before it`;
    if (previous && seal.sealNumber !== previous.sealNumber + 1) return `seal ${seal.sealNumber} follows seal ${previous.sealNumber}: the numbers in between are missing`;
    if (!seal.signature || !seal.keyId) {
      if (this.signedSeals > 0) return `seal ${seal.sealNumber} carries no signature, though seals before it are signed`;
      this.unsignedSeals++;
      return undefined;
    }
    this.signedSeals++;
    return this.keyring?.problemWith(seal);
  }

  summary(): SealSignatureSummary {
    return { signaturesChecked: this.keyring !== undefined, signedSeals: this.signedSeals, unsignedSeals: this.unsignedSeals };
  }
}
