import { createDecipheriv } from 'node:crypto';

interface EncryptedValue {
  iv: string;
  ciphertext: string;
  tag: string;
}

/** Whether any 32 bytes of any binary value of these rows open the ciphertext: what a copy of the database alone could try. */
export function opensWithRowsAlone(rows: Record<string, unknown>[], value: EncryptedValue): boolean {
  const candidates = rows.flatMap((row) => Object.values(row).filter((v): v is Buffer => Buffer.isBuffer(v)));
  for (const bytes of candidates) {
    for (let start = 0; start + 32 <= bytes.length; start++) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', bytes.subarray(start, start + 32), Buffer.from(value.iv, 'base64'));
        decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
        decipher.update(Buffer.from(value.ciphertext, 'base64'));
        decipher.final();
        return true;
      } catch {
        // Not this window.
      }
    }
  }
  return false;
}
