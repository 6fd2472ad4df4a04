import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/config.js';
import { EmailOutbox } from '../../channels/email/email-outbox.js';
import type { SignInText } from './sign-in-text.js';

/** Sends sign-in and invitation e-mails by SMTP_URL, or writes them to DATA_DIR/outbox as reminders are. */
@Injectable()
export class SignInMail {
  private readonly transport: Transporter;
  private readonly from: { name: string; address: string };

  constructor(
    config: AppConfig,
    private readonly outbox: EmailOutbox,
  ) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : nodemailer.createTransport({ streamTransport: true, buffer: true });
    const host = new URL(config.publicBaseUrl).hostname;
    // An IP literal is no mail domain.
    this.from = { name: 'Treaty review tracker', address: `sign-in@${isIP(host) ? 'localhost' : host}` };
  }

  async send(to: string, { subject, text, html }: SignInText): Promise<void> {
    // The file name says nothing of the person: an erasure finds the file by its To: header.
    const id = `sign-in-${randomUUID()}`;
    const info: { message?: unknown } = await this.transport.sendMail({
      from: this.from,
      to,
      subject,
      text,
      html,
      // RFC 3834: out-of-office responders must not answer a machine.
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    if (this.outbox.directory) await this.outbox.write(`${id}.eml`, info.message as Buffer);
  }
}
