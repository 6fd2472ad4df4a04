import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { Visibility } from '../../processes/domain/process.vocabulary.js';
import type { ProcessListDto, ProcessSummaryDto } from './processes.dto.js';

/** Where a page of processes ends: the last (openedAt, id) it held. */
export interface ProcessCursor {
  openedAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: ProcessCursor): string {
  return Buffer.from(JSON.stringify([cursor.openedAt, cursor.id])).toString('base64url');
}

/** The cursor this API handed out, or undefined for anything else. */
export function decodeCursor(text: string): ProcessCursor | undefined {
  try {
    const [openedAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof openedAt !== 'string' || Number.isNaN(Date.parse(openedAt)) || typeof id !== 'string' || !UUID.test(id)) return undefined;
    return { openedAt, id };
  } catch {
    return undefined;
  }
}

interface SummaryRow {
  process_id: string;
  title: string;
  mandate: string | null;
  description: string | null;
  review_due_at: string | null;
  timezone: string;
  opened_at: Date;
  version: string;
  last_recorded_at: Date;
  milestones: number;
  assessments: number;
  open_deadlines: number;
  next_deadline: ProcessSummaryDto['nextDeadline'];
  last_activity: ProcessSummaryDto['lastActivity'];
}

// $1 is the visibilities the caller may see, $2 those they see on processes where they hold a role of
// their own ({processId: [visibility…]}): counts and last activity must not reveal hidden milestones.
const SUMMARY = `
  SELECT p.process_id, p.title, p.mandate, p.description, p.review_due_at, p.timezone, p.opened_at, p.version, p.last_recorded_at,
    (SELECT count(*) FROM timeline_milestones m
      WHERE m.process_id = p.process_id AND NOT m.retracted AND m.visibility = ANY(seen.visibility))::int AS milestones,
    (SELECT count(*) FROM block_assessments a WHERE a.process_id = p.process_id)::int AS assessments,
    (SELECT count(*) FROM deadlines d WHERE d.process_id = p.process_id AND d.status = 'open')::int AS open_deadlines,
    (SELECT json_build_object('deadlineId', d.deadline_id, 'title', d.title, 'dueAt', d.due_at_given, 'timezone', d.timezone)
       FROM deadlines d WHERE d.process_id = p.process_id AND d.status = 'open' AND d.due_at > now()
      ORDER BY d.due_at, d.deadline_id LIMIT 1) AS next_deadline,
    (SELECT json_build_object('occurredOn', m.occurred_on, 'milestoneId', m.milestone_id, 'title', m.title)
       FROM timeline_milestones m
      WHERE m.process_id = p.process_id AND NOT m.retracted AND m.visibility = ANY(seen.visibility)
      ORDER BY m.occurred_on DESC, m.logged_at DESC, m.milestone_id DESC LIMIT 1) AS last_activity
  FROM processes p
  CROSS JOIN LATERAL (SELECT CASE WHEN $2::jsonb ? p.process_id::text
    THEN ARRAY(SELECT jsonb_array_elements_text($2::jsonb -> p.process_id::text)) ELSE $1::text[] END AS visibility) seen`;

/** Who may see the stream's version and last write: those who see every event of it (they move with hidden ones). */
export type StreamHeadAccess = 'shown' | 'hidden';

/** What a reader may see of one process. */
export interface ProcessReading {
  visibility: Visibility[];
  head: StreamHeadAccess;
}

/** What a reader sees of each process: the same everywhere but where they hold a role of their own. */
export interface ProcessesReading {
  everywhere: ProcessReading;
  byProcess: ReadonlyMap<string, ProcessReading>;
}

function toSummary(row: SummaryRow, head: StreamHeadAccess): ProcessSummaryDto {
  return {
    id: row.process_id,
    title: row.title,
    mandate: row.mandate,
    description: row.description,
    reviewDueAt: row.review_due_at,
    timezone: row.timezone,
    openedAt: row.opened_at.toISOString(),
    ...(head === 'shown' && { version: Number(row.version), lastRecordedAt: row.last_recorded_at.toISOString() }),
    counts: { milestones: row.milestones, assessments: row.assessments, openDeadlines: row.open_deadlines },
    nextDeadline: row.next_deadline,
    lastActivity: row.last_activity,
  };
}

/** Processes as the processes read model and its neighbours (timeline, assessments, deadlines) hold them. */
@Injectable()
export class ProcessesQueries {
  constructor(private readonly pool: Pool) {}

  /** Oldest first, by (openedAt, id); one row more than the page tells whether another page follows. */
  async list(reading: ProcessesReading, limit: number, after?: ProcessCursor): Promise<ProcessListDto> {
    const byProcess = Object.fromEntries([...reading.byProcess].map(([processId, { visibility }]) => [processId, visibility]));
    const result = await this.pool.query<SummaryRow>(
      `${SUMMARY}
       WHERE $3::timestamptz IS NULL OR (p.opened_at, p.process_id) > ($3::timestamptz, $4::uuid)
       ORDER BY p.opened_at, p.process_id
       LIMIT $5`,
      [reading.everywhere.visibility, JSON.stringify(byProcess), after?.openedAt ?? null, after?.id ?? null, limit + 1],
    );
    const headOf = (processId: string) => (reading.byProcess.get(processId) ?? reading.everywhere).head;
    const items = result.rows.slice(0, limit).map((row) => toSummary(row, headOf(row.process_id)));
    const last = items[items.length - 1];
    return result.rows.length > limit ? { items, nextCursor: encodeCursor({ openedAt: last.openedAt, id: last.id }) } : { items };
  }

  /** On the route of one process the reader's role there is already the request's: no role of their own to look up. */
  async get(reading: ProcessReading, processId: string): Promise<ProcessSummaryDto | undefined> {
    const result = await this.pool.query<SummaryRow>(`${SUMMARY} WHERE p.process_id = $3`, [reading.visibility, '{}', processId]);
    return result.rows[0] && toSummary(result.rows[0], reading.head);
  }
}
