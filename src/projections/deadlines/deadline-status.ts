import { DateTime } from 'luxon';

export const DEADLINE_READ_STATUSES = ['upcoming', 'due-today', 'overdue', 'met', 'cancelled'] as const;
export type DeadlineReadStatus = (typeof DEADLINE_READ_STATUSES)[number];

export interface DeadlineClock {
  status: 'open' | 'met' | 'cancelled';
  dueAt: Date;
  /** IANA zone the deadline is kept in: "today" is that zone's calendar day. */
  timezone: string;
}

/** The calendar day of the instant in the deadline's zone (YYYY-MM-DD). */
export function localDueDate(dueAt: Date, timezone: string): string {
  return DateTime.fromJSDate(dueAt, { zone: timezone }).toISODate()!;
}

/**
 * Met and cancelled as recorded; an open deadline is overdue once its instant has passed, due today
 * while now falls on its calendar day in its own zone (not within 24 h: DST days last 23 or 25 h), else upcoming.
 */
export function deadlineStatus(deadline: DeadlineClock, now: Date): DeadlineReadStatus {
  if (deadline.status !== 'open') return deadline.status;
  if (now.getTime() > deadline.dueAt.getTime()) return 'overdue';
  return localDueDate(now, deadline.timezone) === localDueDate(deadline.dueAt, deadline.timezone) ? 'due-today' : 'upcoming';
}
