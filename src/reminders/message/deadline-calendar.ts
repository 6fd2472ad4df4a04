import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus, type ICalCalendar, type ICalEvent } from 'ical-generator';
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
  /** Write DTSTART in the deadline's own zone (TZID + VTIMEZONE) when a VTIMEZONE is known for it; UTC otherwise. */
  zoned?: boolean;
  /** SEQUENCE: raised with each change, so clients that compare it take the newer entry. */
  sequence?: number;
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
    // Writes a VTIMEZONE block for each zone an event names (zoned events only).
    timezone: { name: null, generator: getVtimezoneComponent },
  });
}

/** True when a VTIMEZONE definition is at hand for the zone, so a TZID can name it. */
export function hasVtimezone(timezone: string): boolean {
  return getVtimezoneComponent(timezone) !== null;
}

/**
 * Adds one deadline as a VEVENT. DTSTART is written in UTC (an exact instant in every client) unless
 * `zoned` asks for the deadline's own zone, as the feed does: then DTSTART carries a TZID and the
 * calendar a VTIMEZONE for it (from @touch4it/ical-timezones), falling back to UTC for a zone it lacks.
 */
export function addDeadlineEvent(
  calendar: ICalCalendar,
  deadline: CalendarDeadline,
  options: DeadlineEventOptions = {},
): ICalEvent {
  const due = DateTime.fromISO(deadline.dueAt, { setZone: true }).setZone(deadline.timezone);
  const zoned = options.zoned === true && hasVtimezone(deadline.timezone);
  const event = calendar.createEvent({
    id: deadlineUid(deadline.deadlineId, options.uidDomain),
    // A Luxon value keeps its zone: ical-generator turns a Date with a TZID into the server's local time.
    start: zoned ? due : due.toJSDate(),
    ...(zoned ? { timezone: deadline.timezone } : {}),
    ...(options.sequence === undefined ? {} : { sequence: options.sequence }),
    summary: deadline.title,
    categories: [{ name: deadline.kind }],
    status: deadline.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    ...(options.url === undefined ? {} : { url: options.url }),
    ...(options.description === undefined ? {} : { description: options.description }),
  });
  // A met or cancelled deadline needs no alarm.
  if (deadline.status !== 'open') return event;
  for (const offset of options.alarms ?? []) {
    // Subtracted in the deadline's zone, as the reminders are, so "P1D" across a DST change stays a calendar day.
    const seconds = due.diff(due.minus(Duration.fromISO(offset)), 'seconds').seconds;
    if (seconds > 0) event.createAlarm({ type: ICalAlarmType.display, trigger: seconds, description: deadline.title });
  }
  return event;
}

/** An iCalendar document holding the one deadline. */
export function deadlineCalendar(deadline: CalendarDeadline, options: DeadlineEventOptions = {}): string {
  const calendar = deadlinesCalendar();
  addDeadlineEvent(calendar, deadline, options);
  return calendar.toString();
}
