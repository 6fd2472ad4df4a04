import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmtpServer } from '../../../test/support/reminder-receivers.js';
import { EmailOutbox } from '../../channels/email/email-outbox.js';
import { EmailChannel } from '../../channels/email/email.channel.js';
import { mailHeader, mailParts } from '../../channels/testing/raw-mail.js';
import { loadConfig } from '../../config/config.js';
import { reminderChannelDelivery } from './reminder-channel-delivery.js';
import type { ReminderDelivery } from './reminder-message.js';
import { aReminderDelivery } from './testing/reminder-delivery.builder.js';

const plain = (s: string | undefined) => s?.replace(/[\u00a0\u202f]/g, ' ');

/** A reminder as the e-mail channel writes it (to the outbox: what goes over SMTP is the same message). */
describe('a reminder by e-mail', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'reminder-email-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function written(delivery: ReminderDelivery): Promise<string> {
    const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_BASE_URL: 'https://tracker.example.org' });
    await new EmailChannel(config, new EmailOutbox(config)).send(reminderChannelDelivery(delivery));
    return readFile(join(dataDir, 'outbox', `${delivery.reminderId}.eml`), 'utf8');
  }

  it('is French with text, HTML and the calendar entry, its times in the subscriber’s zone', async () => {
    const delivery = aReminderDelivery({
      recipient: { address: 'lecteur@example.org', language: 'fr', timezone: 'America/New_York' },
      deadline: { remindBefore: ['P7D', 'P1D'] },
      deadlineUrl: 'https://tracker.example.org/processes/p-1/deadlines#deadline-d-1',
    });

    const raw = await written(delivery);

    expect(mailHeader(raw, 'To')).toBe('lecteur@example.org');
    expect(mailHeader(raw, 'Message-ID')).toBe(`<reminder-${delivery.reminderId}@treaty-review-tracker>`);
    expect(plain(mailHeader(raw, 'Subject'))).toBe('Rappel : « Submissions to the co-facilitators » arrive à échéance dans 7 jours');
    const parts = mailParts(raw);
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

  it('is Spanish in the deadline’s zone when the subscriber gave none', async () => {
    const raw = await written(aReminderDelivery({ recipient: { language: 'es' } }));

    expect(mailHeader(raw, 'Subject')).toBe('Recordatorio: «Submissions to the co-facilitators» vence en 7 días');
    const parts = mailParts(raw);
    expect(parts.map((p) => p.contentType.split(';')[0])).toEqual(['text/plain', 'text/html', 'text/calendar']);
    expect(plain(parts[0].body)).toContain('Vence: domingo, 29 de marzo de 2026, 12:00 (Europe/Zurich)');
    expect(parts[2].body).toContain('BEGIN:VEVENT');
  });

  describe('over SMTP, in each of the six languages', () => {
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

    beforeAll(async () => {
      smtp = await startSmtpServer();
    });

    afterAll(async () => {
      await smtp.close();
    });

    it.each([
      ['en', 'P5D', 'Reminder: “Submissions to the co-facilitators” is due in 5 days', 'Due: Sunday, March 29, 2026 at 12:00 PM (Europe/Zurich)'],
      ['fr', 'P1D', 'Rappel : « Submissions to the co-facilitators » arrive à échéance dans 1 jour', 'Échéance : dimanche 29 mars 2026 à 12:00 (Europe/Zurich)'],
      ['es', 'P2W', 'Recordatorio: «Submissions to the co-facilitators» vence en 2 semanas', 'Vence: domingo, 29 de marzo de 2026, 12:00 (Europe/Zurich)'],
      ['ar', 'P2D', 'تذكير: يحل موعد «Submissions to the co-facilitators» خلال يومين', 'الموعد: الأحد، 29 مارس 2026 في 12:00 م (Europe/Zurich)'],
      ['ar', 'P11D', 'تذكير: يحل موعد «Submissions to the co-facilitators» خلال 11 يومًا', 'الموعد: الأحد، 29 مارس 2026 في 12:00 م (Europe/Zurich)'],
      ['zh', 'P5D', '提醒：“Submissions to the co-facilitators”5天后到期', '截止时间：2026年3月29日星期日 12:00 (Europe/Zurich)'],
      ['ru', 'P5D', 'Напоминание: срок «Submissions to the co-facilitators» — через 5 дней', 'Срок: воскресенье, 29 марта 2026 г. в 12:00 (Europe/Zurich)'],
      ['ru', 'P1D', 'Напоминание: срок «Submissions to the co-facilitators» — через 1 день', 'Срок: воскресенье, 29 марта 2026 г. в 12:00 (Europe/Zurich)'],
    ] as const)('in %s, %s before: the plural form and the date of the language', async (language, offset, subject, dueLine) => {
      const config = loadConfig({ SMTP_URL: smtp.url, DATA_DIR: dataDir, PUBLIC_BASE_URL: 'https://tracker.example.org' });
      const address = `${language}-${offset}@example.org`;
      await new EmailChannel(config, new EmailOutbox(config)).send(reminderChannelDelivery(aReminderDelivery({ offset, recipient: { address, language } })));

      const mail = smtp.mails.find((received) => received.to.includes(address));
      expect(mail).toBeDefined();
      expect(plain(mailHeader(mail!.raw, 'Subject'))).toBe(subject);
      const [text, html] = mailParts(mail!.raw);
      expect(plain(text.body)).toContain(dueLine);
      expect(html.body).toContain(language === 'ar' ? '<html lang="ar" dir="rtl">' : `<html lang="${language}">`);
    });
  });
});
