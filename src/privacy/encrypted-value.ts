/** AES-GCM output as the handler stores it: the domain never sees keys or plaintext. */
export interface EncryptedValue {
  keyId: string;
  iv: string;
  ciphertext: string;
  tag: string;
}
