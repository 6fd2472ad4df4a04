import { Injectable } from '@nestjs/common';
import type { ProcessEventType } from '../../processes/domain/process.events.js';
import { processIdOf, type RecordedProcessEvent } from '../../processes/process-stream.js';
import type { Projection, ProjectionContext } from '../projection.js';

/** One move of a deadline, as the deadlines read returns it. */
export interface DeadlineMove {
  from: string;
  to: string;
  reason: string;
  at: string;
}

interface DeadlineChange {
  process_id: string;
  deadline_id: string;
  due_at: string | null;
  moves: DeadlineMove[];
  status: 'met' | 'cancelled' | null;
  status_reason: string | null;
  updated_at: string;
  last_position: number;
}

const DEADLINE_EVENT_TYPES = ['DeadlineSet', 'DeadlineMoved', 'DeadlineMet', 'DeadlineCancelled'] as const satisfies readonly ProcessEventType[];
type DeadlineEvent = RecordedProcessEvent<(typeof DEADLINE_EVENT_TYPES)[number]>;

/** Deadlines as set, moved, met or cancelled; their status against the clock is computed when read. */
@Injectable()
export class DeadlinesProjection implements Projection<DeadlineEvent> {
  readonly name = 'deadlines';
  readonly tables = ['deadlines'] as const;
  readonly eventTypes = DEADLINE_EVENT_TYPES;

  async apply(events: DeadlineEvent[], { client, table }: ProjectionContext): Promise<void> {
    const set = [];
    // Every later event of a deadline folds into one change, so a batch costs two statements.
    const changes = new Map<string, DeadlineChange>();
    for (const event of events) {
      const processId = processIdOf(event.streamId);
      if (processId === undefined) continue;
      const at = event.recordedAt.toISOString();
      if (event.type === 'DeadlineSet') {
        const { data } = event;
        set.push({
          process_id: processId,
          deadline_id: data.deadlineId,
          title: data.title,
          kind: data.kind,
          due_at: data.dueAt,
          timezone: data.timezone,
          remind_before: data.remindBefore,
          notify_overdue: data.notifyOverdue,
          set_at: at,
          last_position: event.position,
        });
        continue;
      }
      const key = `${processId}/${event.data.deadlineId}`;
      const change = changes.get(key) ?? {
        process_id: processId,
        deadline_id: event.data.deadlineId,
        due_at: null,
        moves: [],
        status: null,
        status_reason: null,
        updated_at: at,
        last_position: event.position,
      };
      change.updated_at = at;
      change.last_position = event.position;
      if (event.type === 'DeadlineMoved') {
        change.due_at = event.data.dueAt;
        change.moves.push({ from: event.data.previousDueAt, to: event.data.dueAt, reason: event.data.reason, at });
      } else if (event.type === 'DeadlineMet') {
        change.status = 'met';
        change.status_reason = null;
      } else {
        change.status = 'cancelled';
        change.status_reason = event.data.reason;
      }
      changes.set(key, change);
    }
    const deadlines = table('deadlines');
    if (set.length > 0) {
      await client.query(
        `INSERT INTO ${deadlines} (process_id, deadline_id, title, kind, due_at, due_at_given, timezone, remind_before, notify_overdue,
                                   status, moves, set_at, updated_at, last_position)
         SELECT r.process_id, r.deadline_id, r.title, r.kind, r.due_at::timestamptz, r.due_at, r.timezone, r.remind_before, r.notify_overdue,
                'open', '[]', r.set_at, r.set_at, r.last_position
         FROM jsonb_to_recordset($1::jsonb) AS r(process_id uuid, deadline_id uuid, title text, kind text, due_at text, timezone text,
                                                 remind_before text[], notify_overdue boolean, set_at timestamptz, last_position bigint)`,
        [JSON.stringify(set)],
      );
    }
    if (changes.size === 0) return;
    await client.query(
      `UPDATE ${deadlines} AS d SET
         due_at = COALESCE(r.due_at::timestamptz, d.due_at),
         due_at_given = COALESCE(r.due_at, d.due_at_given),
         moves = d.moves || r.moves,
         status = COALESCE(r.status, d.status),
         status_reason = CASE WHEN r.status IS NULL THEN d.status_reason ELSE r.status_reason END,
         updated_at = r.updated_at,
         last_position = r.last_position
       FROM jsonb_to_recordset($1::jsonb) AS r(process_id uuid, deadline_id uuid, due_at text, moves jsonb, status text,
                                               status_reason text, updated_at timestamptz, last_position bigint)
       WHERE d.process_id = r.process_id AND d.deadline_id = r.deadline_id`,
      [JSON.stringify([...changes.values()])],
    );
  }
}
