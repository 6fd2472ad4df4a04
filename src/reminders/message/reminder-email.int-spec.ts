import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { loadConfig, type AppConfig } from '../../config/config.js';
import { DeliveryError, PermanentDeliveryError } from '../../channels/channel.errors.js';
import { EmailOutbox } from '../../channels/email/email-outbox.js';
import { EmailChannel } from '../../channels/email/email.channel.js';
import { mailHeader, mailParts } from '../../channels/testing/raw-mail.js';
import { sendingReminders } from './testing/sending-reminders.js';
import { aReminderDelivery } from './testing/reminder-delivery.builder.js';

const emailChannel = (config: AppConfig) => sendingReminders(new EmailChannel(config, new EmailOutbox(config)));
const plain = (s: string | undefined) => s?.replace(/[\u00a0\u202f]/g, ' ');

interface Received {
  raw: string;
  from: string | false;
  to: string[];
}

/** A real SMTP server on a loopback port that keeps every message it accepts. */
async function startSmtp(options: Partial<SMTPServerOptions> = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('A reminder through the EmailChannel', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'email-channel-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('over SMTP', () => {
    let smtp: Awaited<ReturnType<typeof startSmtp>>;

    beforeEach(async () => {
      smtp = await startSmtp();
    });

    afterEach(async () => {
      await smtp.close();
    });

    it('delivers a French reminder with text, HTML, the calendar entry and a deterministic Message-ID', async () => {
      const channel = emailChannel(
        loadConfig({ SMTP_URL: smtp.url, DATA_DIR: dataDir, PUBLIC_BASE_URL: 'https://tracker.example.org' }),
      );
      const delivery = aReminderDelivery({
        recipient: { address: 'lecteur@example.org', language: 'fr', timezone: 'America/New_York' },
        deadline: { remindBefore: ['P7D', 'P1D'] },
        deadlineUrl: 'https://tracker.example.org/processes/p-1/deadlines#deadline-d-1',
      });

      const { messageId } = await channel.send(delivery);

      expect(messageId).toBe(`<reminder-${delivery.reminderId}@treaty-review-tracker>`);
      expect(smtp.received).toHaveLength(1);
      const [mail] = smtp.received;
      expect(mail.to).toEqual(['lecteur@example.org']);
      expect(mail.from).toBe('reminders@tracker.example.org');
      expect(mailHeader(mail.raw, 'Message-ID')).toBe(messageId);
      expect(mailHeader(mail.raw, 'From')).toBe('Treaty review tracker <reminders@tracker.example.org>');
      expect(mailHeader(mail.raw, 'Auto-Submitted')).toBe('auto-generated');
      expect(plain(mailHeader(mail.raw, 'Subject'))).toBe(
        'Rappel : « Submissions to the co-facilitators » arrive à échéance dans 7 jours',
      );

      const parts = mailParts(mail.raw);
      expect(parts.map((p) => p.contentType.split(';')[0])).toEqual(['text/plain', 'text/html', 'text/calendar']);
      const [text, html, ics] = parts;
      // 10:00 UTC is 06:00 in New York, the subscriber's zone, not 12:00 in Zurich, the deadline's.
      expect(plain(text.body)).toContain('Échéance : dimanche 29 mars 2026 à 06:00 (America/New_York)');
      expect(text.body).toContain('Voir l’échéance : https://tracker.example.org/processes/p-1/deadlines#deadline-d-1');
      expect(html.body).toContain('<html lang="fr">');
      expect(html.body).toContain('<a href="https://tracker.example.org/processes/p-1/deadlines#deadline-d-1">');
      expect(ics.contentType).toMatch(/^text\/calendar; charset=utf-8; method=PUBLISH/);
      expect(ics.headers).toMatch(/Content-Disposition: attachment; filename=deadline\.ics/);
      expect(ics.body).toContain('UID:d-1@treaty-review-tracker');
      expect(ics.body).toContain('DTSTART:20260329T100000Z');
      expect(ics.body).toContain('TRIGGER:-P6DT23H');
    });

    it('sends a repeat with the same Message-ID', async () => {
      const channel = emailChannel(loadConfig({ SMTP_URL: smtp.url, DATA_DIR: dataDir }));
      const delivery = aReminderDelivery();

      await channel.send(delivery);
      await channel.send(delivery);

      expect(smtp.received.map((m) => mailHeader(m.raw, 'Message-ID'))).toEqual([
        `<reminder-${delivery.reminderId}@treaty-review-tracker>`,
        `<reminder-${delivery.reminderId}@treaty-review-tracker>`,
      ]);
    });
  });

  it('fails permanently when the server rejects the recipient, and for a retry when it defers', async () => {
    const rejecting = await startSmtp({
      onRcptTo(address, _session, callback) {
        const error = Object.assign(new Error(address.address.startsWith('gone') ? `No such user <${address.address}>` : 'Try later'), {
          responseCode: address.address.startsWith('gone') ? 550 : 451,
        });
        callback(error);
      },
    });
    try {
      const channel = emailChannel(loadConfig({ SMTP_URL: rejecting.url, DATA_DIR: dataDir }));
      const gone = await channel.send(aReminderDelivery({ recipient: { address: 'gone@example.org' } })).catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(PermanentDeliveryError);
      expect((gone as Error).message).toContain('No such user <address>');
      await expect(channel.send(aReminderDelivery({ recipient: { address: 'busy@example.org' } }))).rejects.toBeInstanceOf(
        DeliveryError,
      );
    } finally {
      await rejecting.close();
    }
  });

  it('fails for a retry when the SMTP server cannot be reached', async () => {
    const closed = await startSmtp();
    await closed.close();
    const channel = emailChannel(loadConfig({ SMTP_URL: closed.url, DATA_DIR: dataDir }));

    await expect(channel.send(aReminderDelivery())).rejects.toThrow(DeliveryError);
  });

  describe('without SMTP_URL', () => {
    it('writes DATA_DIR/outbox/<reminderId>.eml, and a repeat replaces it', async () => {
      const channel = emailChannel(loadConfig({ DATA_DIR: dataDir }));
      const delivery = aReminderDelivery({ recipient: { language: 'es' } });
      const outbox = join(dataDir, 'outbox');

      const { messageId } = await channel.send(delivery);
      await channel.send(delivery);

      // No temporary file is left next to it.
      expect(await readdir(outbox)).toEqual([`${delivery.reminderId}.eml`]);
      const raw = await readFile(join(outbox, `${delivery.reminderId}.eml`), 'utf8');
      expect(mailHeader(raw, 'Message-ID')).toBe(messageId);
      expect(mailHeader(raw, 'To')).toBe('reader@example.org');
      expect(mailHeader(raw, 'From')).toBe('Treaty review tracker <reminders@localhost>');
      expect(mailHeader(raw, 'Subject')).toBe('Recordatorio: «Submissions to the co-facilitators» vence en 7 días');
      const parts = mailParts(raw);
      expect(parts.map((p) => p.contentType.split(';')[0])).toEqual(['text/plain', 'text/html', 'text/calendar']);
      expect(plain(parts[0].body)).toContain('Vence: domingo, 29 de marzo de 2026, 12:00 (Europe/Zurich)');
      expect(parts[2].body).toContain('BEGIN:VEVENT');
    });

    it('erases every message to a person, however the address was typed, and only theirs', async () => {
      const config = loadConfig({ DATA_DIR: dataDir });
      const outbox = new EmailOutbox(config);
      const channel = sendingReminders(new EmailChannel(config, outbox));
      const jane = (reminderId: string) => aReminderDelivery({ reminderId, recipient: { address: 'Jane.Doe@Example.org' } });
      await channel.send(jane('to-jane-1'));
      await channel.send(jane('to-jane-2'));
      await channel.send(aReminderDelivery({ reminderId: 'to-someone-else', recipient: { address: 'someone.else@example.org' } }));

      expect(await outbox.eraseRecipient('jane.doe@example.org')).toBe(2);

      const left = await readdir(join(dataDir, 'outbox'));
      expect(left).toEqual(['to-someone-else.eml']);
      const texts = await Promise.all(left.map((name) => readFile(join(dataDir, 'outbox', name), 'utf8')));
      expect(texts.join('\n').toLowerCase()).not.toContain('jane');
    });

    it('refuses a reminder id that could leave the outbox', async () => {
      const channel = emailChannel(loadConfig({ DATA_DIR: dataDir }));

      await expect(channel.send(aReminderDelivery({ reminderId: '../escape' }))).rejects.toBeInstanceOf(PermanentDeliveryError);
      expect(await readdir(dataDir)).toEqual([]);
    });
  });
});
