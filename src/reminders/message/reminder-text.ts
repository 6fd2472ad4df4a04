import { t } from '../../i18n/catalogues.js';
import { formatCountdown, formatInstant } from '../../i18n/formats.js';
import { htmlLanguageAttributes } from '../../i18n/languages.js';
import { OVERDUE_OFFSET, type ReminderDelivery } from './reminder-message.js';

export interface ReminderText {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Subject, plain text and HTML of one reminder, in the subscriber's language and time zone. */
export function reminderText(delivery: ReminderDelivery): ReminderText {
  const { deadline, recipient } = delivery;
  const language = recipient.language;
  const zone = recipient.timezone ?? deadline.timezone;
  const dueDate = formatInstant(deadline.dueAt, language, zone);
  const overdue = delivery.offset === OVERDUE_OFFSET;
  const countdown = formatCountdown(delivery.offset, language);
  // A late reminder names the date: "in 7 days" would no longer be true when it arrives.
  const when = !delivery.late && countdown !== undefined ? countdown : t(language, 'reminder.on', { date: dueDate });
  const lateNote = delivery.late ? t(language, 'reminder.late', { planned: formatInstant(delivery.dueTime, language, zone) }) : undefined;

  // Header fields are one line: a title with line breaks must not fold the subject.
  const subjectTitle = deadline.title.replace(/\s+/g, ' ').trim();
  const subject = overdue
    ? t(language, 'reminder.overdueSubject', { title: subjectTitle, date: dueDate })
    : t(language, 'reminder.subject', { title: subjectTitle, when });

  // Catalogue texts hold no markup (the catalogue check says so), so only the values need escaping in HTML.
  const lead = (title: string, process: string): string =>
    overdue
      ? t(language, 'reminder.overdueLead', { title, process, date: dueDate })
      : t(language, 'reminder.lead', { title, process, when });
  const field = (label: string, value: string) => t(language, 'mail.field', { label, value });
  const kindLine = field(t(language, 'reminder.kind'), t(language, `deadlineKind.${deadline.kind}`));
  const dueLine = field(t(language, 'reminder.due'), `${dueDate} (${zone})`);
  const open = t(language, 'reminder.open');
  const footer = t(language, 'reminder.footer');

  const text = [
    lead(deadline.title, delivery.processTitle),
    '',
    kindLine,
    dueLine,
    ...(lateNote ? ['', lateNote] : []),
    '',
    field(open, delivery.deadlineUrl),
    '',
    '-- ',
    footer,
    '',
  ].join('\n');

  const e = escapeHtml;
  const html = [
    '<!DOCTYPE html>',
    `<html ${htmlLanguageAttributes(language)}><head><meta charset="utf-8"><title>${e(subject)}</title></head><body>`,
    // <bdi>: a Latin title inside Arabic text (or the reverse) keeps its own direction.
    `<p>${lead(`<bdi>${e(deadline.title)}</bdi>`, `<bdi>${e(delivery.processTitle)}</bdi>`)}</p>`,
    `<p>${e(kindLine)}<br>${e(dueLine)}</p>`,
    ...(lateNote ? [`<p><em>${e(lateNote)}</em></p>`] : []),
    `<p><a href="${e(delivery.deadlineUrl)}">${e(open)}</a></p>`,
    `<p style="color:#666;font-size:small">${e(footer)}</p>`,
    '</body></html>',
    '',
  ].join('\n');

  return { subject, text, html };
}
