import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmtpServer } from '../../../test/support/reminder-receivers.js';
import { loadConfig, type AppConfig } from '../../config/config.js';
import { DeliveryError, PermanentDeliveryError } from '../channel.errors.js';
import { aChannelDelivery } from '../testing/channel-delivery.builder.js';
import { mailHeader, mailParts } from '../testing/raw-mail.js';
import { EmailOutbox } from './email-outbox.js';
import { EmailChannel } from './email.channel.js';

const emailChannel = (config: AppConfig) => new EmailChannel(config, new EmailOutbox(config));
const calendarEntry = { filename: 'deadline.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', contentType: 'text/calendar; charset=utf-8; method=PUBLISH' };

describe('EmailChannel', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'email-channel-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('over SMTP', () => {
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

    beforeEach(async () => {
      smtp = await startSmtpServer();
    });

    afterEach(async () => {
      await smtp.close();
    });

    it('sends the readable message with its attachment, from the host of PUBLIC_BASE_URL, with a deterministic Message-ID', async () => {
      const channel = emailChannel(
        loadConfig({ SMTP_URL: smtp.url, DATA_DIR: dataDir, PUBLIC_BASE_URL: 'https://tracker.example.org' }),
      );
      const delivery = aChannelDelivery({
        recipient: { address: 'lecteur@example.org' },
        readable: { subject: 'Rappel : échéance', text: 'Voir l’échéance', html: '<html lang="fr"><p>Voir</p></html>', attachments: [calendarEntry] },
      });

      const { messageId } = await channel.send(delivery);

      expect(messageId).toBe(`<reminder-${delivery.id}@treaty-review-tracker>`);
      expect(smtp.mails).toHaveLength(1);
      const [mail] = smtp.mails;
      expect(mail.to).toEqual(['lecteur@example.org']);
      expect(mail.from).toBe('reminders@tracker.example.org');
      expect(mailHeader(mail.raw, 'Message-ID')).toBe(messageId);
      expect(mailHeader(mail.raw, 'From')).toBe('Treaty review tracker <reminders@tracker.example.org>');
      expect(mailHeader(mail.raw, 'Auto-Submitted')).toBe('auto-generated');
      expect(mailHeader(mail.raw, 'Subject')).toBe('Rappel : échéance');

      const parts = mailParts(mail.raw);
      expect(parts.map((p) => p.contentType.split(';')[0])).toEqual(['text/plain', 'text/html', 'text/calendar']);
      const [text, html, ics] = parts;
      expect(text.body).toBe('Voir l’échéance');
      expect(html.body).toContain('<html lang="fr">');
      expect(ics.contentType).toMatch(/^text\/calendar; charset=utf-8; method=PUBLISH/);
      expect(ics.headers).toMatch(/Content-Disposition: attachment; filename=deadline\.ics/);
      expect(ics.body).toContain('BEGIN:VCALENDAR');
    });

    it('sends a repeat with the same Message-ID', async () => {
      const channel = emailChannel(loadConfig({ SMTP_URL: smtp.url, DATA_DIR: dataDir }));
      const delivery = aChannelDelivery();

      await channel.send(delivery);
      await channel.send(delivery);

      expect(smtp.mails.map((m) => mailHeader(m.raw, 'Message-ID'))).toEqual([
        `<reminder-${delivery.id}@treaty-review-tracker>`,
        `<reminder-${delivery.id}@treaty-review-tracker>`,
      ]);
    });
  });

  it('fails permanently when the server rejects the recipient, and for a retry when it defers', async () => {
    const rejecting = await startSmtpServer({
      onRcptTo(address, _session, callback) {
        const error = Object.assign(new Error(address.address.startsWith('gone') ? `No such user <${address.address}>` : 'Try later'), {
          responseCode: address.address.startsWith('gone') ? 550 : 451,
        });
        callback(error);
      },
    });
    try {
      const channel = emailChannel(loadConfig({ SMTP_URL: rejecting.url, DATA_DIR: dataDir }));
      const gone = await channel.send(aChannelDelivery({ recipient: { address: 'gone@example.org' } })).catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(PermanentDeliveryError);
      expect((gone as Error).message).toContain('No such user <address>');
      await expect(channel.send(aChannelDelivery({ recipient: { address: 'busy@example.org' } }))).rejects.toBeInstanceOf(
        DeliveryError,
      );
    } finally {
      await rejecting.close();
    }
  });

  it('fails for a retry when the SMTP server cannot be reached', async () => {
    const closed = await startSmtpServer();
    await closed.close();
    const channel = emailChannel(loadConfig({ SMTP_URL: closed.url, DATA_DIR: dataDir }));

    await expect(channel.send(aChannelDelivery())).rejects.toThrow(DeliveryError);
  });

  describe('without SMTP_URL', () => {
    it('writes DATA_DIR/outbox/<id>.eml, and a repeat replaces it', async () => {
      const channel = emailChannel(loadConfig({ DATA_DIR: dataDir }));
      const delivery = aChannelDelivery({ readable: { subject: 'Recordatorio', attachments: [calendarEntry] } });
      const outbox = join(dataDir, 'outbox');

      const { messageId } = await channel.send(delivery);
      await channel.send(delivery);

      // No temporary file is left next to it.
      expect(await readdir(outbox)).toEqual([`${delivery.id}.eml`]);
      const raw = await readFile(join(outbox, `${delivery.id}.eml`), 'utf8');
      expect(mailHeader(raw, 'Message-ID')).toBe(messageId);
      expect(mailHeader(raw, 'To')).toBe('reader@example.org');
      expect(mailHeader(raw, 'From')).toBe('Treaty review tracker <reminders@localhost>');
      expect(mailHeader(raw, 'Subject')).toBe('Recordatorio');
      const parts = mailParts(raw);
      expect(parts.map((p) => p.contentType.split(';')[0])).toEqual(['text/plain', 'text/html', 'text/calendar']);
    });

    it('erases every message to a person, however the address was typed, and only theirs', async () => {
      const config = loadConfig({ DATA_DIR: dataDir });
      const outbox = new EmailOutbox(config);
      const channel = new EmailChannel(config, outbox);
      const jane = (reminderId: string) => aChannelDelivery({ id: reminderId, recipient: { address: 'Jane.Doe@Example.org' } });
      await channel.send(jane('to-jane-1'));
      await channel.send(jane('to-jane-2'));
      await channel.send(aChannelDelivery({ id: 'to-someone-else', recipient: { address: 'someone.else@example.org' } }));

      expect(await outbox.eraseRecipient('jane.doe@example.org')).toBe(2);

      const left = await readdir(join(dataDir, 'outbox'));
      expect(left).toEqual(['to-someone-else.eml']);
      const texts = await Promise.all(left.map((name) => readFile(join(dataDir, 'outbox', name), 'utf8')));
      expect(texts.join('\n').toLowerCase()).not.toContain('jane');
    });

    it('refuses a reminder id that could leave the outbox', async () => {
      const channel = emailChannel(loadConfig({ DATA_DIR: dataDir }));

      await expect(channel.send(aChannelDelivery({ id: '../escape' }))).rejects.toBeInstanceOf(PermanentDeliveryError);
      expect(await readdir(dataDir)).toEqual([]);
    });
  });
});
