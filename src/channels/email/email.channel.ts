import { Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/config.js';
import { DeliveryError, PermanentDeliveryError } from '../channel.errors.js';
import { redactDeliveryError } from '../delivery-error-text.js';
import type { AddressProblem, ChannelDelivery, ReminderChannel } from '../reminder-channel.js';
import { RegisteredChannel } from '../reminder-channel.registry.js';
import { isEmailAddress } from './email-address.js';
import { EmailOutbox } from './email-outbox.js';

/** Ids become file names and Message-ID local parts: nothing that could leave the outbox or break the header. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** The right-hand side of Message-IDs, the same as the calendar entries' UIDs. */
const MESSAGE_ID_DOMAIN = 'treaty-review-tracker';

/** The same Message-ID on every attempt, so a receiver can drop a repeat delivery. */
export function reminderMessageId(reminderId: string): string {
  return `<reminder-${reminderId}@${MESSAGE_ID_DOMAIN}>`;
}

/** Sends reminders by SMTP_URL, or, without it, writes each one as DATA_DIR/outbox/<reminderId>.eml. */
@RegisteredChannel()
@Injectable()
export class EmailChannel implements ReminderChannel {
  readonly name = 'email';
  readonly addressKind = 'email';
  private readonly transport: Transporter;
  private readonly from: { name: string; address: string };

  constructor(
    config: AppConfig,
    private readonly outbox: EmailOutbox,
  ) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : nodemailer.createTransport({ streamTransport: true, buffer: true });
    const host = new URL(config.publicBaseUrl).hostname;
    // An IP literal is no mail domain.
    this.from = { name: 'Treaty review tracker', address: `reminders@${isIP(host) ? 'localhost' : host}` };
  }

  addressProblem(address: unknown): AddressProblem | undefined {
    if (isEmailAddress(address)) return undefined;
    return { code: 'invalid-email-address', message: 'address must be an e-mail address' };
  }

  isPermanentFailure(error: unknown): boolean {
    return error instanceof PermanentDeliveryError;
  }

  async send(delivery: ChannelDelivery): Promise<{ messageId: string }> {
    if (!SAFE_ID.test(delivery.id)) {
      throw new PermanentDeliveryError(`reminder id "${delivery.id}" cannot name a message`);
    }
    const messageId = reminderMessageId(delivery.id);
    const { subject, text, html, attachments } = delivery.readable();
    const message: SendMailOptions = {
      messageId,
      from: this.from,
      to: delivery.recipient.address,
      subject,
      text,
      html,
      // RFC 3834: out-of-office responders must not answer a machine.
      headers: { 'Auto-Submitted': 'auto-generated' },
      attachments,
    };

    await this.deliver(message, delivery.id);
    return { messageId };
  }

  /** Another message to one person (an invitation), as DATA_DIR/outbox/<name>.eml without SMTP_URL; `name` also makes its Message-ID. */
  async sendMessage(name: string, message: { to: string; subject: string; text: string; html: string }): Promise<void> {
    if (!SAFE_ID.test(name)) throw new PermanentDeliveryError(`"${name}" cannot name a message`);
    await this.deliver({ ...message, messageId: `<${name}@${MESSAGE_ID_DOMAIN}>`, from: this.from, headers: { 'Auto-Submitted': 'auto-generated' } }, name);
  }

  private async deliver(message: SendMailOptions, outboxName: string): Promise<void> {
    let info: { message?: unknown };
    try {
      info = await this.transport.sendMail(message);
    } catch (error) {
      throw classify(error);
    }
    if (this.outbox.directory) await this.outbox.write(`${outboxName}.eml`, info.message as Buffer);
  }
}

/** A rejected recipient stays rejected; anything else (connection, 4xx, authentication) may pass. */
function classify(error: unknown): Error {
  const { code, responseCode, message } = error as { code?: string; responseCode?: number; message?: string };
  // The message may be recorded in the immutable history; an address in it could never be erased.
  const text = `e-mail not sent: ${redactDeliveryError(message ?? String(error))}`;
  if (code === 'EENVELOPE' && (responseCode === undefined || responseCode >= 500)) {
    return new PermanentDeliveryError(text, { cause: error });
  }
  return new DeliveryError(text, { cause: error });
}
