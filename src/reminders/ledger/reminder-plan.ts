import { createHash } from 'node:crypto';
import { DateTime, Duration } from 'luxon';
import { OVERDUE_OFFSET } from '../message/reminder-message.js';

export interface PlannedDeadline {
  deadlineId: string;
  /** The due instant (ISO 8601). */
  dueAt: string;
  timezone: string;
  remindBefore: string[];
  notifyOverdue: boolean;
}

export interface PlannedReminder {
  id: string;
  subscriptionId: string;
  offset: string;
  dueAt: Date;
}

/**
 * The ledger id of a reminder: a UUID derived from its unique key, so a rebuild, a dispatcher and
 * every retry name it the same (job id, webhook-id, Message-ID).
 */
export function reminderId(deadlineId: string, offset: string, subscriptionId: string, dueAt: Date): string {
  const hex = createHash('sha256').update(`${deadlineId}|${offset}|${subscriptionId}|${dueAt.toISOString()}`).digest('hex');
  // RFC 9562 version 8 (custom) with the RFC variant bits.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** When the reminder for an offset is due; durations count in the deadline's own zone, so P1D keeps the wall-clock time across a DST change. */
export function reminderDueAt(deadline: Pick<PlannedDeadline, 'dueAt' | 'timezone'>, offset: string): Date {
  return dueInstants(deadline, [offset])[0].dueAt;
}

/** Each offset with its due instant; the deadline is parsed and put in its zone once, the costly part. */
function dueInstants(deadline: Pick<PlannedDeadline, 'dueAt' | 'timezone'>, offsets: readonly string[]): { offset: string; dueAt: Date }[] {
  const due = DateTime.fromISO(deadline.dueAt, { setZone: true }).setZone(deadline.timezone);
  return offsets.map((offset) => ({ offset, dueAt: (offset === OVERDUE_OFFSET ? due : due.minus(Duration.fromISO(offset))).toJSDate() }));
}

/** Every reminder of a deadline for the given subscriptions: one per offset, and one when overdue if asked. */
export function planReminders(deadline: PlannedDeadline, subscriptionIds: readonly string[]): PlannedReminder[] {
  if (subscriptionIds.length === 0) return [];
  // The instants are the same for every subscriber.
  const instants = dueInstants(deadline, [...deadline.remindBefore, ...(deadline.notifyOverdue ? [OVERDUE_OFFSET] : [])]);
  return subscriptionIds.flatMap((subscriptionId) =>
    instants.map(({ offset, dueAt }) => ({ id: reminderId(deadline.deadlineId, offset, subscriptionId, dueAt), subscriptionId, offset, dueAt })),
  );
}
