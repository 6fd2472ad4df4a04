import { reminderText } from './reminder-text.js';
import { aReminderDelivery } from './testing/reminder-delivery.builder.js';

/** ICU separates times with narrow or plain no-break spaces depending on its version. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('reminderText', () => {
  it('writes English, with the date in the subscriber zone and the link', () => {
    const { subject, text, html } = reminderText(aReminderDelivery({ recipient: { language: 'en', timezone: 'Europe/Zurich' } }));

    expect(subject).toBe('Reminder: “Submissions to the co-facilitators” is due in 7 days');
    expect(plain(text)).toContain('is due in 7 days.');
    expect(plain(text)).toContain('Due: Sunday, March 29, 2026 at 12:00 PM (Europe/Zurich)');
    expect(text).toContain('Kind: call for input');
    expect(text).toContain('Open the deadline: http://localhost:3000/processes/');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<a href="http://localhost:3000/processes/');
  });

  it('writes French', () => {
    const { subject, text, html } = reminderText(aReminderDelivery({ recipient: { language: 'fr' } }));

    expect(plain(subject)).toBe('Rappel : « Submissions to the co-facilitators » arrive à échéance dans 7 jours');
    expect(plain(text)).toContain('Échéance : dimanche 29 mars 2026 à 12:00 (Europe/Zurich)');
    expect(text).toContain('Type : appel à contributions');
    expect(text).toContain('Voir l’échéance : http://');
    expect(html).toContain('<html lang="fr">');
  });

  it('writes Spanish', () => {
    const { subject, text } = reminderText(aReminderDelivery({ offset: 'P1D', recipient: { language: 'es' } }));

    expect(subject).toBe('Recordatorio: «Submissions to the co-facilitators» vence en 1 día');
    expect(plain(text)).toContain('Vence: domingo, 29 de marzo de 2026, 12:00 (Europe/Zurich)');
    expect(text).toContain('Tipo: convocatoria de aportaciones');
  });

  it.each([
    ['ar', 'تذكير: يحل موعد «Submissions to the co-facilitators» خلال 7 أيام', 'الموعد: الأحد، 29 مارس 2026 في 12:00 م (Europe/Zurich)', 'النوع: دعوة إلى تقديم مساهمات'],
    ['zh', '提醒：“Submissions to the co-facilitators”7天后到期', '截止时间：2026年3月29日星期日 12:00 (Europe/Zurich)', '类型：征集意见'],
    ['ru', 'Напоминание: срок «Submissions to the co-facilitators» — через 7 дней', 'Срок: воскресенье, 29 марта 2026 г. в 12:00 (Europe/Zurich)', 'Тип: призыв к представлению материалов'],
  ] as const)('writes %s', (language, expectedSubject, dueLine, kindLine) => {
    const { subject, text, html } = reminderText(aReminderDelivery({ recipient: { language } }));

    expect(plain(subject)).toBe(expectedSubject);
    expect(plain(text)).toContain(dueLine);
    expect(text).toContain(kindLine);
    expect(html).toContain(language === 'ar' ? '<html lang="ar" dir="rtl">' : `<html lang="${language}">`);
    expect(html).toContain('<bdi>Submissions to the co-facilitators</bdi>');
  });

  it('counts down with the plural forms of the language', () => {
    const subject = (language: 'ar' | 'ru', offset: string) => reminderText(aReminderDelivery({ offset, recipient: { language } })).subject;

    expect(subject('ru', 'P1D')).toMatch(/через 1 день$/);
    expect(subject('ru', 'P2D')).toMatch(/через 2 дня$/);
    expect(subject('ru', 'P5D')).toMatch(/через 5 дней$/);
    expect(subject('ru', 'P1W')).toMatch(/через 1 неделю$/);
    expect(subject('ar', 'P1D')).toMatch(/خلال يوم واحد$/);
    expect(subject('ar', 'P2D')).toMatch(/خلال يومين$/);
    expect(subject('ar', 'P11D')).toMatch(/خلال 11 يومًا$/);
  });

  it('shows 2026-03-29T10:00:00Z in the subscriber zone, the deadline zone when the subscriber has none', () => {
    const due = { dueAt: '2026-03-29T10:00:00Z', timezone: 'Europe/Zurich' };
    const newYork = reminderText(aReminderDelivery({ deadline: due, recipient: { timezone: 'America/New_York' } }));
    const zurich = reminderText(aReminderDelivery({ deadline: due }));

    // Zurich switched to summer time that night (UTC+2); New York had three weeks earlier (UTC-4).
    expect(plain(newYork.text)).toContain('Sunday, March 29, 2026 at 6:00 AM (America/New_York)');
    expect(plain(zurich.text)).toContain('Sunday, March 29, 2026 at 12:00 PM (Europe/Zurich)');
  });

  it('says when an overdue deadline was due', () => {
    const { subject, text } = reminderText(aReminderDelivery({ offset: 'overdue', recipient: { language: 'fr' } }));

    expect(plain(subject)).toBe(
      'Échéance dépassée : « Submissions to the co-facilitators » était due le dimanche 29 mars 2026 à 12:00',
    );
    expect(text).toContain('sans être marquée comme respectée');
  });

  it('names the date instead of "in 7 days" when sent late, and says so', () => {
    const { subject, text, html } = reminderText(aReminderDelivery({ late: true }));

    expect(plain(subject)).toBe('Reminder: “Submissions to the co-facilitators” is due on Sunday, March 29, 2026 at 12:00 PM');
    expect(plain(text)).toContain('This reminder was planned for Sunday, March 22, 2026 at 11:00 AM and is sent late.');
    expect(html).toContain('<em>This reminder was planned for');
  });

  it('escapes titles in HTML and keeps the subject on one line', () => {
    const { subject, text, html } = reminderText(
      aReminderDelivery({ processTitle: 'A & B', deadline: { title: '<script>alert("x")</script>\r\nBcc: x@y' } }),
    );

    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    expect(html).toContain('A &#38; B');
    expect(subject).toBe('Reminder: “<script>alert("x")</script> Bcc: x@y” is due in 7 days');
    expect(text).toContain('<script>alert("x")</script>');
  });
});
