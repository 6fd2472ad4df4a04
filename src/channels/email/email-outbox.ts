import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../../config/config.js';
import { DeliveryError } from '../channel.errors.js';

/** E-mail addresses compare without case or surrounding space, as however the person typed them. */
const normalizeEmail = (address: string) => address.trim().toLowerCase();

/** The addresses of a message's To: header (folded lines joined). */
function recipientsOf(message: string): string[] {
  const end = message.search(/\r?\n\r?\n/);
  const head = (end === -1 ? message : message.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const to = /^To:[ \t]*(.*)$/im.exec(head)?.[1] ?? '';
  return [...to.matchAll(/[^\s<>,";:]+@[^\s<>,";:]+/g)].map((match) => normalizeEmail(match[0]));
}

/**
 * Without SMTP_URL, e-mails are written as DATA_DIR/outbox/<reminderId>.eml. An erasure deletes the
 * person's files, found by the To: header at that moment: no index of addresses is kept for it.
 */
@Injectable()
export class EmailOutbox {
  /** Undefined when e-mail goes out by SMTP. */
  readonly directory?: string;

  constructor(config: AppConfig) {
    if (!config.smtpUrl) this.directory = join(config.dataDir, 'outbox');
  }

  /** Write under a temporary name, flush, then rename: a crash never leaves a half file, a repeat replaces it. */
  async write(name: string, content: Buffer): Promise<void> {
    const dir = this.directory!;
    await mkdir(dir, { recursive: true });
    const temporary = join(dir, `.${name}.${randomUUID()}.tmp`);
    try {
      // Owner only: the file holds a subscriber's address.
      const handle = await open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, join(dir, name));
    } catch (error) {
      await rm(temporary, { force: true });
      throw new DeliveryError(`e-mail not written to the outbox: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Deletes every message to this address, written ones and ones being written; returns how many. */
  async eraseRecipient(address: string): Promise<number> {
    if (!this.directory) return 0;
    const wanted = normalizeEmail(address);
    const names = await readdir(this.directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    let erased = 0;
    for (const name of names.filter((n) => n.endsWith('.eml') || n.endsWith('.tmp'))) {
      const path = join(this.directory, name);
      const message = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        // Renamed or erased meanwhile.
        if (error.code === 'ENOENT') return '';
        throw error;
      });
      if (!recipientsOf(message).includes(wanted)) continue;
      await rm(path, { force: true });
      erased++;
    }
    return erased;
  }
}
