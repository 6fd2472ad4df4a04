import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '../../event-store/event-store.types.js';
import { processIdOf, type RecordedProcessEvent } from '../../processes/process-stream.js';
import { isEventOf, type Projection, type ProjectionContext } from '../projection.js';

type OpenedEvent = RecordedProcessEvent<'ProcessOpened'>;
const OPENED: readonly OpenedEvent['type'][] = ['ProcessOpened'];

/** One row per process: what it was opened with, and how far its stream has gone. */
@Injectable()
export class ProcessesProjection implements Projection {
  readonly name = 'processes';
  readonly tables = ['processes'] as const;

  async apply(events: RecordedEvent[], { client, table }: ProjectionContext): Promise<void> {
    const opened = [];
    // The batch's last event of each stream carries the stream's newest version.
    const latest = new Map<string, RecordedEvent>();
    for (const event of events) {
      const processId = processIdOf(event.streamId);
      if (processId === undefined) continue;
      latest.set(processId, event);
      if (!isEventOf<OpenedEvent>(event, OPENED)) continue;
      const { data } = event;
      opened.push({
        process_id: processId,
        title: data.title,
        mandate: data.mandate ?? null,
        description: data.description ?? null,
        review_due_at: data.reviewDueAt ?? null,
        timezone: data.timezone,
        opened_at: event.recordedAt.toISOString(),
        opened_by: event.metadata.actor.name,
      });
    }
    const processes = table('processes');
    if (opened.length > 0) {
      await client.query(
        `INSERT INTO ${processes} (process_id, title, mandate, description, review_due_at, timezone, opened_at, opened_by, version, last_recorded_at, last_position)
         SELECT r.process_id, r.title, r.mandate, r.description, r.review_due_at, r.timezone, r.opened_at, r.opened_by, 0, r.opened_at, 0
         FROM jsonb_to_recordset($1::jsonb) AS r(process_id uuid, title text, mandate text, description text, review_due_at text,
                                                 timezone text, opened_at timestamptz, opened_by text)`,
        [JSON.stringify(opened)],
      );
    }
    if (latest.size === 0) return;
    const heads = [...latest].map(([processId, event]) => ({
      process_id: processId,
      version: event.version,
      recorded_at: event.recordedAt.toISOString(),
      position: event.position,
    }));
    await client.query(
      `UPDATE ${processes} AS p SET version = r.version, last_recorded_at = r.recorded_at, last_position = r.position
       FROM jsonb_to_recordset($1::jsonb) AS r(process_id uuid, version bigint, recorded_at timestamptz, position bigint)
       WHERE p.process_id = r.process_id`,
      [JSON.stringify(heads)],
    );
  }
}
