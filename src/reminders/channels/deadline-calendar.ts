import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
import { DateTime, Duration } from 'luxon';
import type { DeliveryDeadline } from './reminder-message.js';

export const DEADLINE_UID_DOMAIN = 'treaty-review-tracker';

export type CalendarDeadline = Omit<DeliveryDeadline, 'remindBefore'>;

export interface DeadlineEventOptions {
  /** Right-hand side of the UID; keep the default so e-mails and the feed name the same event. */
  uidDomain?: string;
  /** ISO durations before the deadline, each an alarm. */
  alarms?: string[];
  url?: string;
  description?: string;
}

/** The UID calendar clients use to update an entry in place instead of duplicating it. */
export function deadlineUid(deadlineId: string, uidDomain = DEADLINE_UID_DOMAIN): string {
  return `${deadlineId}@${uidDomain}`;
}

/** A calendar the deadline entries are added to; METHOD:PUBLISH matches the e-mail attachment's MIME method. */
export function deadlinesCalendar(name?: string): ICalCalendar {
  return ical({
    prodId: { company: 'treaty-review-tracker', product: 'deadlines', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ...(name === undefined ? {} : { name }),
  });
}

/**
 * Adds one deadline as a VEVENT. DTSTART is written in UTC: it is an exact instant in every client,
 * whereas a TZID needs a VTIMEZONE block we have no generator for, and a single, non-recurring
 * instant gains nothing from local time (clients show it in the reader's zone either way).
 */
export function addDeadlineEvent(
  calendar: ICalCalendar,
  deadline: CalendarDeadline,
  options: DeadlineEventOptions = {},
): void {
  const due = DateTime.fromISO(deadline.dueAt, { setZone: true }).setZone(deadline.timezone);
  const event = calendar.createEvent({
    id: deadlineUid(deadline.deadlineId, options.uidDomain),
    start: due.toJSDate(),
    summary: deadline.title,
    categories: [{ name: deadline.kind }],
    status: deadline.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    ...(options.url === undefined ? {} : { url: options.url }),
    ...(options.description === undefined ? {} : { description: options.description }),
  });
  // A met or cancelled deadline needs no alarm.
  if (deadline.status !== 'open') return;
  for (const offset of options.alarms ?? []) {
    // Subtracted in the deadline's zone, as the reminders are, so "P1D" across a DST change stays a calendar day.
    const seconds = due.diff(due.minus(Duration.fromISO(offset)), 'seconds').seconds;
    if (seconds > 0) event.createAlarm({ type: ICalAlarmType.display, trigger: seconds, description: deadline.title });
  }
}

/** An iCalendar document holding the one deadline. */
export function deadlineCalendar(deadline: CalendarDeadline, options: DeadlineEventOptions = {}): string {
  const calendar = deadlinesCalendar();
  addDeadlineEvent(calendar, deadline, options);
  return calendar.toString();
}
