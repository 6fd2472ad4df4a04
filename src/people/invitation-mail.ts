import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Role } from '../auth/roles.js';
import { AppConfig } from '../config/config.js';
import type { Language } from '../processes/domain/process.vocabulary.js';
import { EmailChannel } from '../channels/email/email.channel.js';
import { invitationText } from './invitation-text.js';
import { SignInLinks } from './sign-in-links.js';

export interface Invitee {
  personId: string;
  address: string;
  displayName: string;
  language: Language;
  role: Role;
}

/** The link an e-mail carries: the secret in the fragment, which browsers never send to a server (ADR 0009). */
export function signInLinkUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/#/sign-in/link?token=${encodeURIComponent(token)}`;
}

/** Sends an invited person a single-use invitation link, in their language. */
@Injectable()
export class InvitationMail {
  private readonly logger = new Logger('Invitations');

  constructor(
    private readonly links: SignInLinks,
    private readonly email: EmailChannel,
    private readonly config: AppConfig,
  ) {}

  /** False when the e-mail could not be sent; the invitation stays recorded either way. */
  async send(invitee: Invitee): Promise<boolean> {
    const token = await this.links.issue('invitation', invitee.personId);
    // PUBLIC_BASE_URL, never the request's Host header: a forged Host would send the secret elsewhere.
    const link = signInLinkUrl(this.config.publicBaseUrl, token);
    try {
      await this.email.sendMessage(`invitation-${randomUUID()}`, { to: invitee.address, ...invitationText(invitee, link) });
      return true;
    } catch (error) {
      // The channel's message is redacted of addresses; the person is named by id only.
      this.logger.warn(`The invitation of person ${invitee.personId} was not sent: ${(error as Error).message}`);
      return false;
    }
  }
}
