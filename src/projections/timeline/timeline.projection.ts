import { Injectable } from '@nestjs/common';
import { rowsFromArrays } from '../../database/rows-from-arrays.js';
import type { RecordedEvent } from '../../event-store/event-store.types.js';
import type { ProcessEventType } from '../../processes/domain/process.events.js';
import { applyMilestoneChanges } from '../../processes/domain/process.state.js';
import { processIdOf, type RecordedProcessEvent } from '../../processes/process-stream.js';
import { isEventOf, type Projection, type ProjectionContext } from '../projection.js';
import {
  fromRow,
  isoText,
  searchVector,
  TIMELINE_COLUMN_NAMES,
  TIMELINE_COLUMNS,
  TRANSLATED_TITLE_COLUMNS,
  toRow,
  type TimelineRow,
  type TrackedMilestone,
} from './timeline-rows.js';

const MILESTONE_EVENT_TYPES = ['MilestoneLogged', 'MilestoneCorrected', 'MilestoneRetracted'] as const satisfies readonly ProcessEventType[];
type MilestoneEvent = RecordedProcessEvent<(typeof MILESTONE_EVENT_TYPES)[number]>;

const isMilestoneEvent = (event: RecordedEvent): event is MilestoneEvent =>
  isEventOf<MilestoneEvent>(event, MILESTONE_EVENT_TYPES) && processIdOf(event.streamId) !== undefined;

const keyOf = (processId: string, milestoneId: string) => `${processId}/${milestoneId}`;

/**
 * The timeline read model: one row per milestone with its current fields. Retracted rows stay
 * (flagged) because the live feed and the evidence of assessments still need their visibility.
 * A batch is folded in memory and written with one statement, so a rebuild costs O(batches) round trips.
 */
@Injectable()
export class TimelineProjection implements Projection {
  readonly name = 'timeline';
  readonly tables = ['timeline_milestones'] as const;

  async apply(events: RecordedEvent[], context: ProjectionContext): Promise<void> {
    const relevant = events.filter(isMilestoneEvent);
    if (relevant.length === 0) return;
    const table = context.table('timeline_milestones');
    const touched = await this.prefetch(relevant, table, context);
    for (const event of relevant) this.fold(touched, event);
    if (touched.size === 0) return;
    const { source, params } = rowsFromArrays(TIMELINE_COLUMNS, [...touched.values()].map(toRow), 'r');
    await context.client.query(
      `INSERT INTO ${table} (${TIMELINE_COLUMN_NAMES.join(', ')}, search)
       SELECT r.*, ${searchVector('r')} FROM ${source}
       ON CONFLICT (process_id, milestone_id) DO UPDATE SET
         ${[...TIMELINE_COLUMN_NAMES.slice(2), 'search'].map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
      params,
    );
  }

  /** The stored rows this batch changes but did not log itself, in one query. */
  private async prefetch(events: MilestoneEvent[], table: string, context: ProjectionContext): Promise<Map<string, TrackedMilestone>> {
    const loggedHere = new Set<string>();
    const wanted = new Map<string, [string, string]>();
    for (const event of events) {
      const processId = processIdOf(event.streamId)!;
      const key = keyOf(processId, event.data.milestoneId);
      if (event.type === 'MilestoneLogged') loggedHere.add(key);
      else if (!loggedHere.has(key)) wanted.set(key, [processId, event.data.milestoneId]);
    }
    const found = new Map<string, TrackedMilestone>();
    if (wanted.size === 0) return found;
    const pairs = [...wanted.values()];
    const result = await context.client.query<TimelineRow>(
      `SELECT process_id, milestone_id, kind, title, ${TRANSLATED_TITLE_COLUMNS.join(', ')},
              to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
              stakeholders, building_blocks, location, source_url, source_symbol, visibility, notes, confirmed,
              retracted, retraction_reason, ${isoText('logged_at')} AS logged_at, logged_by,
              ${isoText('corrected_at')} AS corrected_at, last_position
       FROM ${table}
       WHERE (process_id, milestone_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
      [pairs.map(([processId]) => processId), pairs.map(([, milestoneId]) => milestoneId)],
    );
    for (const row of result.rows) found.set(keyOf(row.process_id, row.milestone_id), fromRow(row));
    return found;
  }

  private fold(touched: Map<string, TrackedMilestone>, event: MilestoneEvent): void {
    const processId = processIdOf(event.streamId)!;
    const key = keyOf(processId, event.data.milestoneId);
    if (event.type === 'MilestoneLogged') {
      const { milestoneId, ...fields } = event.data;
      touched.set(key, {
        processId,
        milestone: { milestoneId, ...fields, retracted: false },
        retractionReason: null,
        loggedAt: event.recordedAt,
        loggedBy: event.metadata.actor.name,
        correctedAt: null,
        lastPosition: event.position,
      });
      return;
    }
    const current = touched.get(key);
    // The domain refuses to change an unknown milestone; an orphan event has nothing to change.
    if (!current) return;
    if (event.type === 'MilestoneCorrected') {
      const { changes } = event.data;
      touched.set(key, { ...current, milestone: applyMilestoneChanges(current.milestone, changes), correctedAt: event.recordedAt, lastPosition: event.position });
    } else {
      const { reason } = event.data;
      touched.set(key, { ...current, milestone: { ...current.milestone, retracted: true }, retractionReason: reason, lastPosition: event.position });
    }
  }
}
