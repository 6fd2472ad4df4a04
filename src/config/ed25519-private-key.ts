import { createPrivateKey, type KeyObject } from 'node:crypto';

/** A PKCS#8 Ed25519 private key, as PEM or as the base64 of its DER; throws a message fit for one line. */
export function parseEd25519PrivateKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    const trimmed = text.trim();
    key = trimmed.startsWith('-----BEGIN') ? createPrivateKey(trimmed) : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error('is not a PKCS#8 private key (PEM, or base64 of the DER)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`must be an Ed25519 key (got ${key.asymmetricKeyType})`);
  return key;
}
