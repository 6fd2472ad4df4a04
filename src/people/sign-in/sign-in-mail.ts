import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EmailChannel } from '../../channels/email/email.channel.js';
import type { SignInText } from './sign-in-text.js';

/** Sends sign-in and invitation e-mails through the e-mail channel: SMTP_URL, or DATA_DIR/outbox as reminders are. */
@Injectable()
export class SignInMail {
  constructor(private readonly email: EmailChannel) {}

  /** The message's name (its outbox file, its Message-ID) says nothing of the person: an erasure finds the file by its To: header. */
  send(to: string, { subject, text, html }: SignInText): Promise<void> {
    return this.email.sendMessage(`sign-in-${randomUUID()}`, { to, subject, text, html });
  }
}
