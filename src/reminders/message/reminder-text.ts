import { Duration } from 'luxon';
import type { DeadlineKind, Language } from '../../processes/domain/process.vocabulary.js';
import { OVERDUE_OFFSET, type ReminderDelivery } from './reminder-message.js';

export interface ReminderText {
  subject: string;
  text: string;
  html: string;
}

/** The words of one language; values arrive already formatted and, for HTML, escaped. */
interface Phrases {
  kinds: Record<DeadlineKind, string>;
  /** "in 7 days" from a formatted duration. */
  within(duration: string): string;
  /** "on Sunday, …" from a formatted date. */
  on(date: string): string;
  subject(title: string, when: string): string;
  overdueSubject(title: string, date: string): string;
  lead(title: string, process: string, when: string): string;
  overdueLead(title: string, process: string, date: string): string;
  /** French puts a space before the colon. */
  colon: string;
  kind: string;
  due: string;
  late(planned: string): string;
  open: string;
  footer: string;
}

const PHRASES: Record<Language, Phrases> = {
  en: {
    kinds: {
      review: 'review',
      'call-for-input': 'call for input',
      consultation: 'consultation',
      'opt-out': 'opt-out',
      report: 'report',
      'chairs-meeting': 'chairs’ meeting',
      other: 'other',
    },
    within: (d) => `in ${d}`,
    on: (date) => `on ${date}`,
    subject: (title, when) => `Reminder: “${title}” is due ${when}`,
    overdueSubject: (title, date) => `Overdue: “${title}” was due on ${date}`,
    lead: (title, process, when) => `The deadline “${title}” of the review process “${process}” is due ${when}.`,
    overdueLead: (title, process, date) =>
      `The deadline “${title}” of the review process “${process}” was due on ${date} and is not marked as met.`,
    colon: ':',
    kind: 'Kind',
    due: 'Due',
    late: (planned) => `This reminder was planned for ${planned} and is sent late.`,
    open: 'Open the deadline',
    footer: 'You receive this e-mail because you subscribed to reminders for this review process.',
  },
  fr: {
    kinds: {
      review: 'examen',
      'call-for-input': 'appel à contributions',
      consultation: 'consultation',
      'opt-out': 'retrait (opt-out)',
      report: 'rapport',
      'chairs-meeting': 'réunion des présidents',
      other: 'autre',
    },
    within: (d) => `dans ${d}`,
    on: (date) => `le ${date}`,
    subject: (title, when) => `Rappel : « ${title} » arrive à échéance ${when}`,
    overdueSubject: (title, date) => `Échéance dépassée : « ${title} » était due le ${date}`,
    lead: (title, process, when) =>
      `L’échéance « ${title} » du processus d’examen « ${process} » tombe ${when}.`,
    overdueLead: (title, process, date) =>
      `L’échéance « ${title} » du processus d’examen « ${process} » est passée le ${date} sans être marquée comme respectée.`,
    colon: ' :',
    kind: 'Type',
    due: 'Échéance',
    late: (planned) => `Ce rappel était prévu le ${planned} ; il est envoyé en retard.`,
    open: 'Voir l’échéance',
    footer: 'Vous recevez ce courriel parce que vous êtes abonné aux rappels de ce processus d’examen.',
  },
  es: {
    kinds: {
      review: 'examen',
      'call-for-input': 'convocatoria de aportaciones',
      consultation: 'consulta',
      'opt-out': 'exclusión voluntaria',
      report: 'informe',
      'chairs-meeting': 'reunión de presidentes',
      other: 'otro',
    },
    within: (d) => `en ${d}`,
    on: (date) => `el ${date}`,
    subject: (title, when) => `Recordatorio: «${title}» vence ${when}`,
    overdueSubject: (title, date) => `Vencido: «${title}» venció el ${date}`,
    lead: (title, process, when) => `El plazo «${title}» del proceso de examen «${process}» vence ${when}.`,
    overdueLead: (title, process, date) =>
      `El plazo «${title}» del proceso de examen «${process}» venció el ${date} y no está marcado como cumplido.`,
    colon: ':',
    kind: 'Tipo',
    due: 'Vence',
    late: (planned) => `Este recordatorio estaba previsto para el ${planned} y se envía con retraso.`,
    open: 'Ver el plazo',
    footer: 'Recibe este correo porque está suscrito a los recordatorios de este proceso de examen.',
  },
};

/** A full date and time in the reader's language and zone. */
export function formatInstant(iso: string, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** "7 days", "1 jour, 12 heures" from an ISO duration; undefined when it is not one. */
export function formatDuration(iso: string, language: Language): string | undefined {
  const duration = Duration.fromISO(iso);
  return duration.isValid ? duration.removeZeros().reconfigure({ locale: language }).toHuman() : undefined;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Subject, plain text and HTML of one reminder, in the subscriber's language and time zone. */
export function reminderText(delivery: ReminderDelivery): ReminderText {
  const { deadline, recipient } = delivery;
  const language = recipient.language;
  const words = PHRASES[language];
  const zone = recipient.timezone ?? deadline.timezone;
  const dueDate = formatInstant(deadline.dueAt, language, zone);
  const overdue = delivery.offset === OVERDUE_OFFSET;
  const duration = formatDuration(delivery.offset, language);
  // A late reminder names the date: "in 7 days" would no longer be true when it arrives.
  const when = !delivery.late && duration !== undefined ? words.within(duration) : words.on(dueDate);
  const lateNote = delivery.late ? words.late(formatInstant(delivery.dueTime, language, zone)) : undefined;

  // Header fields are one line: a title with line breaks must not fold the subject.
  const subjectTitle = deadline.title.replace(/\s+/g, ' ').trim();
  const subject = overdue ? words.overdueSubject(subjectTitle, dueDate) : words.subject(subjectTitle, when);

  const lead = (title: string, process: string): string =>
    overdue ? words.overdueLead(title, process, dueDate) : words.lead(title, process, when);
  const kind = words.kinds[deadline.kind];
  const dueLine = `${dueDate} (${zone})`;

  const text = [
    lead(deadline.title, delivery.processTitle),
    '',
    `${words.kind}${words.colon} ${kind}`,
    `${words.due}${words.colon} ${dueLine}`,
    ...(lateNote ? ['', lateNote] : []),
    '',
    `${words.open}${words.colon} ${delivery.deadlineUrl}`,
    '',
    '-- ',
    words.footer,
    '',
  ].join('\n');

  const e = escapeHtml;
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${language}"><head><meta charset="utf-8"><title>${e(subject)}</title></head><body>`,
    `<p>${lead(e(deadline.title), e(delivery.processTitle))}</p>`,
    `<p>${e(words.kind + words.colon)} ${e(kind)}<br>${e(words.due + words.colon)} ${e(dueLine)}</p>`,
    ...(lateNote ? [`<p><em>${e(lateNote)}</em></p>`] : []),
    `<p><a href="${e(delivery.deadlineUrl)}">${e(words.open)}</a></p>`,
    `<p style="color:#666;font-size:small">${e(words.footer)}</p>`,
    '</body></html>',
    '',
  ].join('\n');

  return { subject, text, html };
}
