import { Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/config.js';
import { DeliveryError, PermanentDeliveryError } from './channel.errors.js';
import { redactDeliveryError } from './delivery-error-text.js';
import { deadlineCalendar, DEADLINE_UID_DOMAIN } from './deadline-calendar.js';
import { EmailOutbox } from './email-outbox.js';
import type { ReminderDelivery } from './reminder-message.js';
import { reminderText } from './reminder-text.js';

/** Ids become file names and Message-ID local parts: nothing that could leave the outbox or break the header. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** The same Message-ID on every attempt, so a receiver can drop a repeat delivery. */
export function reminderMessageId(reminderId: string): string {
  return `<reminder-${reminderId}@${DEADLINE_UID_DOMAIN}>`;
}

/** Sends reminders by SMTP_URL, or, without it, writes each one as DATA_DIR/outbox/<reminderId>.eml. */
@Injectable()
export class EmailChannel {
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

  async send(delivery: ReminderDelivery): Promise<{ messageId: string }> {
    if (!SAFE_ID.test(delivery.reminderId)) {
      throw new PermanentDeliveryError(`reminder id "${delivery.reminderId}" cannot name a message`);
    }
    const messageId = reminderMessageId(delivery.reminderId);
    const { subject, text, html } = reminderText(delivery);
    const ics = deadlineCalendar(delivery.deadline, {
      alarms: delivery.deadline.remindBefore,
      url: delivery.deadlineUrl,
      description: delivery.processTitle,
    });
    const message: SendMailOptions = {
      messageId,
      from: this.from,
      to: delivery.recipient.address,
      subject,
      text,
      html,
      // RFC 3834: out-of-office responders must not answer a machine.
      headers: { 'Auto-Submitted': 'auto-generated' },
      attachments: [{ filename: 'deadline.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }],
    };

    await this.deliver(message, delivery.reminderId);
    return { messageId };
  }

  /** Another message to one person (an invitation), as DATA_DIR/outbox/<name>.eml without SMTP_URL; `name` also makes its Message-ID. */
  async sendMessage(name: string, message: { to: string; subject: string; text: string; html: string }): Promise<void> {
    if (!SAFE_ID.test(name)) throw new PermanentDeliveryError(`"${name}" cannot name a message`);
    await this.deliver({ ...message, messageId: `<${name}@${DEADLINE_UID_DOMAIN}>`, from: this.from, headers: { 'Auto-Submitted': 'auto-generated' } }, name);
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
