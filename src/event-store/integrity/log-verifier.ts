import { createHash, type Hash } from 'node:crypto';
import { GENESIS_HASH, hashEvent, type HashedEventFields } from './event-hash.js';
import { SealChain, type SealSignatureSummary } from './seal-chain.js';
import type { SealKeyring } from './seal-signature.js';

/** An event as stored or exported: the hashed fields plus where it stands and the hash it claims. */
export interface VerifiableEvent extends HashedEventFields {
  position: number;
  hash: string;
}

export interface SealRecord {
  sealNumber: number;
  firstPosition: number;
  lastPosition: number;
  lastTransactionId: string;
  eventCount: number;
  previousDigest: string;
  digest: string;
  sealedAt: string;
  /** Ed25519 over the seal's content and keyId, base64; null on seals written before signing. */
  signature: string | null;
  keyId: string | null;
}

export interface VerificationResult extends SealSignatureSummary {
  ok: boolean;
  checkedEvents: number;
  checkedSeals: number;
  firstBrokenPosition?: number;
  problem?: string;
}

interface StreamProgress {
  version: number;
  hash: string;
  /** Events that arrived ahead of their predecessor (delivery order is by transaction). */
  waiting: Map<number, VerifiableEvent>;
}

/**
 * Recomputes every stream's hash chain and every seal from events fed in delivery order
 * (transaction id, position). Pure and streaming: the same code checks the database and an export.
 */
export class LogVerifier {
  private readonly streams = new Map<string, StreamProgress>();
  private checkedEvents = 0;
  private checkedSeals = 0;
  private broken?: { position: number; problem: string };
  private sealIndex = 0;
  private sealHash?: Hash;
  private sealCount = 0;
  private readonly chain: SealChain;

  /** Without a keyring, signatures are counted but not checked. */
  constructor(
    private readonly seals: SealRecord[] = [],
    keyring?: SealKeyring,
  ) {
    this.chain = new SealChain(keyring, true);
  }

  /** A seal read from an export, given before the first event it covers. */
  addSeal(seal: SealRecord): void {
    this.seals.push(seal);
  }

  push(event: VerifiableEvent): void {
    this.checkedEvents++;
    this.checkStream(event);
    this.checkSeal(event);
  }

  finish(): VerificationResult {
    for (const progress of this.streams.values()) {
      for (const waiting of progress.waiting.values()) {
        this.fail(waiting.position, `${waiting.streamId} has no version ${progress.version + 1} before version ${waiting.version}`);
      }
    }
    if (this.sealIndex < this.seals.length) {
      const seal = this.seals[this.sealIndex];
      this.fail(seal.firstPosition, `seal ${seal.sealNumber} covers ${seal.eventCount} events, the log has fewer`);
    }
    return {
      ok: this.broken === undefined,
      checkedEvents: this.checkedEvents,
      checkedSeals: this.checkedSeals,
      ...this.chain.summary(),
      ...(this.broken && { firstBrokenPosition: this.broken.position, problem: this.broken.problem }),
    };
  }

  private checkStream(event: VerifiableEvent): void {
    let progress = this.streams.get(event.streamId);
    if (!progress) {
      progress = { version: 0, hash: GENESIS_HASH, waiting: new Map() };
      this.streams.set(event.streamId, progress);
    }
    if (event.version <= progress.version || progress.waiting.has(event.version)) {
      this.fail(event.position, `${event.streamId} version ${event.version} appears twice`);
      return;
    }
    if (event.version > progress.version + 1) {
      progress.waiting.set(event.version, event);
      return;
    }
    let next: VerifiableEvent | undefined = event;
    while (next) {
      const expected = hashEvent(progress.hash, next);
      if (expected !== next.hash) {
        this.fail(next.position, `the hash of ${next.streamId} version ${next.version} does not match its content`);
      }
      // Chain on the stored hash, so one altered event is named alone rather than its whole tail.
      progress.version = next.version;
      progress.hash = next.hash;
      next = progress.waiting.get(progress.version + 1);
      if (next) progress.waiting.delete(next.version);
    }
  }

  private checkSeal(event: VerifiableEvent): void {
    const seal = this.seals[this.sealIndex];
    if (!seal) return;
    if (!this.sealHash) {
      const problem = this.chain.add(seal);
      if (problem) this.fail(seal.firstPosition, problem);
      this.sealHash = createHash('sha256').update(seal.previousDigest);
      this.sealCount = 0;
    }
    this.sealHash.update(event.hash);
    this.sealCount++;
    if (this.sealCount < seal.eventCount) return;
    const digest = this.sealHash.digest('hex');
    if (digest !== seal.digest || event.position !== seal.lastPosition) {
      this.fail(seal.firstPosition, `seal ${seal.sealNumber} does not match the events it covers`);
    }
    this.checkedSeals++;
    this.sealHash = undefined;
    this.sealIndex++;
  }

  private fail(position: number, problem: string): void {
    if (!this.broken || position < this.broken.position) this.broken = { position, problem };
  }
}
