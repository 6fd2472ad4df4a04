import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/config.js';
import { DeliveryError, PermanentDeliveryError } from './channel.errors.js';
import { redactDeliveryError } from './delivery-error-text.js';
import { deadlineCalendar, DEADLINE_UID_DOMAIN } from './deadline-calendar.js';
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
  private readonly outbox?: string;
  private readonly from: { name: string; address: string };

  constructor(config: AppConfig) {
    if (config.smtpUrl) {
      this.transport = nodemailer.createTransport(config.smtpUrl);
    } else {
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
      this.outbox = join(config.dataDir, 'outbox');
    }
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

    let info: { message?: unknown };
    try {
      info = await this.transport.sendMail(message);
    } catch (error) {
      throw classify(error);
    }
    if (this.outbox) await writeAtomically(this.outbox, `${delivery.reminderId}.eml`, info.message as Buffer);
    return { messageId };
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

/** Write under a temporary name, flush, then rename: a crash never leaves a half file, a repeat replaces it. */
async function writeAtomically(dir: string, name: string, content: Buffer): Promise<void> {
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
