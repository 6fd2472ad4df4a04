import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { DeadlineKind } from '../../processes/domain/process.vocabulary.js';
import { deadlineStatus, localDueDate } from './deadline-status.js';
import type { DeadlineListDto } from './deadlines.dto.js';
import type { DeadlineMove } from './deadlines.projection.js';

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

@Injectable()
export class DeadlinesQueries {
  constructor(private readonly pool: Pool) {}

  /** The deadlines of a process with their status at `now`; undefined when there is no such process. */
  async list(processId: string, now: Date): Promise<DeadlineListDto | undefined> {
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
          reminders: [],
        })),
    };
  }
}
