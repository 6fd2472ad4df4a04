import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EmailChannel } from '../../channels/email/email.channel.js';
import { AppConfig } from '../../config/config.js';
import { SignInLinks } from '../sign-in-links.js';
import { linkMailText, type LinkMailPurpose, type LinkMailRecipient } from './link-mail-text.js';

export interface LinkMailAddressee extends LinkMailRecipient {
  personId: string;
  address: string;
}

/** Where the web page takes a link's secret from: the fragment, which no request, log or Referer carries (ADR 0009). */
export function signInPageUrl(publicBaseUrl: string, page: 'link' | 'first-admin', token: string): string {
  return `${publicBaseUrl}/#/sign-in/${page}?token=${encodeURIComponent(token)}`;
}

/**
 * Sends a person a single-use sign-in or invitation link in their language, through the e-mail
 * channel: SMTP_URL, or DATA_DIR/outbox as reminders are.
 */
@Injectable()
export class LinkMail {
  private readonly logger = new Logger('LinkMail');

  constructor(
    private readonly links: SignInLinks,
    private readonly email: EmailChannel,
    private readonly config: AppConfig,
  ) {}

  /** False when the e-mail could not be sent; what asked for it stays recorded either way. */
  async send(purpose: LinkMailPurpose, addressee: LinkMailAddressee): Promise<boolean> {
    const token = await this.links.issue(purpose, addressee.personId);
    // PUBLIC_BASE_URL, never the request's Host header: a forged Host would send the secret elsewhere.
    const link = signInPageUrl(this.config.publicBaseUrl, 'link', token);
    try {
      // The message's name (its outbox file, its Message-ID) says nothing of the person: an erasure finds the file by its To: header.
      await this.email.sendMessage(`${purpose}-${randomUUID()}`, { to: addressee.address, ...linkMailText(purpose, addressee, link) });
      return true;
    } catch (error) {
      // The channel's message is redacted of addresses; the person is named by id only.
      this.logger.warn(`The ${purpose} e-mail of person ${addressee.personId} was not sent: ${(error as Error).message}`);
      return false;
    }
  }
}
