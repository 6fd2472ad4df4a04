import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { DeadlineKind, SubscriptionChannel } from '../../processes/domain/process.vocabulary.js';
import { deadlineStatus, localDueDate } from './deadline-status.js';
import { type DeadlineListDto, type DeadlineReminderDto, type ReminderCountsDto, type ReminderStatus } from './deadlines.dto.js';
import type { DeadlineMove } from './deadlines.projection.js';

interface ReminderRow {
  id: string;
  deadline_id: string;
  subscription_id: string;
  channel: SubscriptionChannel;
  reminder_offset: string;
  due_at: Date;
  status: ReminderStatus;
  attempts: number;
  late: boolean;
  sent_at: Date | null;
  last_error: string | null;
}

interface DeadlineRow {
  deadline_id: string | null;
  title: string;
  kind: DeadlineKind;
  due_at: Date;
  due_at_given: string;
  timezone: string;
  remind_before: string[];
  notify_overdue: boolean;
  status: 'open' | 'met' | 'cancelled';
  status_reason: string | null;
  moves: DeadlineMove[];
}

/** How much of the reminder ledger a reader gets: every reminder, counts by state, or nothing. */
export type ReminderDetail = 'reminders' | 'counts' | 'none';

@Injectable()
export class DeadlinesQueries {
  constructor(private readonly pool: Pool) {}

  /** The deadlines of a process with their status at `now`; undefined when there is no such process. */
  async list(processId: string, now: Date, detail: ReminderDetail): Promise<DeadlineListDto | undefined> {
    // The left join answers "no such process" (no row) apart from "no deadlines" (one row of nulls).
    const result = await this.pool.query<DeadlineRow>(
      `SELECT d.deadline_id, d.title, d.kind, d.due_at, d.due_at_given, d.timezone, d.remind_before, d.notify_overdue,
              d.status, d.status_reason, d.moves
       FROM processes p LEFT JOIN deadlines d ON d.process_id = p.process_id
       WHERE p.process_id = $1
       ORDER BY d.due_at, d.deadline_id`,
      [processId],
    );
    if (result.rows.length === 0) return undefined;
    const reminders = detail === 'reminders' ? await this.reminders(processId) : undefined;
    const counts = detail === 'counts' ? await this.counts(processId) : undefined;
    return {
      items: result.rows
        .filter((row) => row.deadline_id !== null)
        .map((row) => ({
          deadlineId: row.deadline_id!,
          title: row.title,
          kind: row.kind,
          dueAt: row.due_at_given,
          dueAtUtc: row.due_at.toISOString(),
          timezone: row.timezone,
          localDueDate: localDueDate(row.due_at, row.timezone),
          remindBefore: row.remind_before,
          notifyOverdue: row.notify_overdue,
          status: deadlineStatus({ status: row.status, dueAt: row.due_at, timezone: row.timezone }, now),
          statusReason: row.status_reason,
          // jsonb keeps keys in its own order; answer them in the documented one.
          moves: row.moves.map(({ from, to, reason, at }) => ({ from, to, reason, at })),
          ...(reminders && { reminders: reminders.get(row.deadline_id!) ?? [] }),
          ...(counts && { reminderCounts: counts.get(row.deadline_id!) ?? noReminders() }),
        })),
    };
  }

  /** How many reminders of each deadline are in each state. */
  private async counts(processId: string): Promise<Map<string, ReminderCountsDto>> {
    const result = await this.pool.query<{ deadline_id: string; status: ReminderStatus; n: number }>(
      `SELECT deadline_id, status, count(*)::int AS n FROM reminder_ledger WHERE process_id = $1 GROUP BY deadline_id, status`,
      [processId],
    );
    const byDeadline = new Map<string, ReminderCountsDto>();
    for (const row of result.rows) {
      const counts = byDeadline.get(row.deadline_id) ?? noReminders();
      counts[row.status] = row.n;
      byDeadline.set(row.deadline_id, counts);
    }
    return byDeadline;
  }

  /** Every reminder of the ledger for the process, by deadline, in due order; never the address. */
  private async reminders(processId: string): Promise<Map<string, DeadlineReminderDto[]>> {
    const result = await this.pool.query<ReminderRow>(
      `SELECT id, deadline_id, subscription_id, channel, reminder_offset, due_at, status, attempts, late, sent_at, last_error
       FROM reminder_ledger WHERE process_id = $1 ORDER BY due_at, subscription_id, id`,
      [processId],
    );
    const byDeadline = new Map<string, DeadlineReminderDto[]>();
    for (const row of result.rows) {
      const list = byDeadline.get(row.deadline_id) ?? [];
      list.push({
        id: row.id,
        subscriptionId: row.subscription_id,
        channel: row.channel,
        offset: row.reminder_offset,
        dueAt: row.due_at.toISOString(),
        status: row.status,
        attempts: row.attempts,
        late: row.late,
        ...(row.sent_at && { sentAt: row.sent_at.toISOString() }),
        ...(row.last_error !== null && { lastError: row.last_error }),
      });
      byDeadline.set(row.deadline_id, list);
    }
    return byDeadline;
  }
}

function noReminders(): ReminderCountsDto {
  return { planned: 0, queued: 0, sent: 0, failed: 0, skipped: 0 } satisfies Record<ReminderStatus, number>;
}
