import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { SealRecord } from './log-verifier.js';
import { parseEd25519PrivateKey } from '../../config/ed25519-private-key.js';

export const SEAL_SIGNATURE_ALGORITHM = 'Ed25519';

/** Names what a seal signature covers; a verifier refuses a layout it does not know. */
export const SEAL_SIGNATURE_FORMAT = 'treaty-review-tracker/seal-signature/1';

/** What a seal says before it is signed. */
export type SealContent = Omit<SealRecord, 'signature' | 'keyId'>;

/** A public key as published at GET /api/audit/public-key. */
export interface PublishedSealKey {
  keyId: string;
  algorithm: typeof SEAL_SIGNATURE_ALGORITHM;
  publicKeyPem: string;
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };
}

/**
 * The bytes a seal signature covers: the RFC 8785 canonical JSON of every field of the seal (range,
 * count, digests, time) and of the key id, so a signature cannot be moved to another seal or key.
 */
export function sealSignedBytes(seal: SealContent, keyId: string): Buffer {
  return Buffer.from(
    canonicalize({
      format: SEAL_SIGNATURE_FORMAT,
      sealNumber: seal.sealNumber,
      firstPosition: seal.firstPosition,
      lastPosition: seal.lastPosition,
      lastTransactionId: seal.lastTransactionId,
      eventCount: seal.eventCount,
      previousDigest: seal.previousDigest,
      digest: seal.digest,
      sealedAt: seal.sealedAt,
      keyId,
    })!,
  );
}

/** The RFC 7638 JWK thumbprint of an Ed25519 public key: anyone holding the key computes the same id. */
export function sealKeyIdOf(publicKey: KeyObject): string {
  const { x } = publicKey.export({ format: 'jwk' });
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

export function publishedSealKey(publicKey: KeyObject): PublishedSealKey {
  const keyId = sealKeyIdOf(publicKey);
  return {
    keyId,
    algorithm: SEAL_SIGNATURE_ALGORITHM,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    jwk: { kty: 'OKP', crv: 'Ed25519', x: publicKey.export({ format: 'jwk' }).x!, kid: keyId, alg: 'EdDSA', use: 'sig' },
  };
}

/** The private key that signs new seals. */
export class SealSigningKey {
  readonly publicKey: KeyObject;
  readonly keyId: string;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.keyId = sealKeyIdOf(this.publicKey);
  }

  static generate(): SealSigningKey {
    return new SealSigningKey(generateKeyPairSync('ed25519').privateKey);
  }

  static of(privateKey: KeyObject): SealSigningKey {
    return new SealSigningKey(privateKey);
  }

  /** A PKCS#8 Ed25519 private key, as PEM or as the base64 of its DER; throws a message fit for one line. */
  static parse(text: string): SealSigningKey {
    return new SealSigningKey(parseEd25519PrivateKey(text));
  }

  toPem(): string {
    return this.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  sign(seal: SealContent): SealRecord {
    const signature = sign(null, sealSignedBytes(seal, this.keyId), this.privateKey).toString('base64');
    return { ...seal, keyId: this.keyId, signature };
  }
}

/** The public keys a verifier trusts, by key id. */
export class SealKeyring {
  private readonly keys = new Map<string, KeyObject>();

  constructor(publicKeys: Iterable<KeyObject>) {
    for (const key of publicKeys) this.keys.set(sealKeyIdOf(key), key);
  }

  /**
   * Public keys from a file: PEM blocks (SPKI public keys, or a private key whose public half is
   * taken), or the JSON that GET /api/audit/public-key answers.
   */
  static parse(text: string): SealKeyring {
    const trimmed = text.trim();
    const keys: KeyObject[] = [];
    if (trimmed.startsWith('{')) {
      const published = JSON.parse(trimmed) as { keys?: { publicKeyPem?: unknown }[] };
      for (const key of published.keys ?? []) if (typeof key.publicKeyPem === 'string') keys.push(createPublicKey(key.publicKeyPem));
    } else {
      for (const block of trimmed.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? []) keys.push(createPublicKey(block));
    }
    const wrong = keys.find((key) => key.asymmetricKeyType !== 'ed25519');
    if (wrong) throw new Error(`a key is ${wrong.asymmetricKeyType}, not Ed25519`);
    if (keys.length === 0) throw new Error('holds no public key (PEM, or the JSON of GET /api/audit/public-key)');
    return new SealKeyring(keys);
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** Why the seal's signature does not hold, or undefined when it does. */
  problemWith(seal: SealRecord): string | undefined {
    if (!seal.signature || !seal.keyId) return `seal ${seal.sealNumber} carries no signature`;
    const key = this.keys.get(seal.keyId);
    if (!key) return `seal ${seal.sealNumber} is signed with key ${seal.keyId}, which is not among the trusted public keys`;
    const valid = verify(null, sealSignedBytes(seal, seal.keyId), key, Buffer.from(seal.signature, 'base64'));
    return valid ? undefined : `the signature of seal ${seal.sealNumber} does not verify with key ${seal.keyId}`;
  }
}
