import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '../../event-store/event-store.types.js';
import type { ProcessEventOf, ProcessEventType } from '../../processes/domain/process.events.js';
import type { Projection, ProjectionContext } from '../projection.js';
import { processIdOf } from '../../processes/process-stream.js';

/** Every assessment of a building block; the newest by position is the block's current rating. */
@Injectable()
export class BuildingBlocksProjection implements Projection {
  readonly name = 'building-blocks';
  readonly tables = ['block_assessments'] as const;
  readonly eventTypes = ['BuildingBlockAssessed'] as const satisfies readonly ProcessEventType[];

  async apply(events: RecordedEvent[], { client, table }: ProjectionContext): Promise<void> {
    const rows = [];
    for (const event of events) {
      const processId = processIdOf(event.streamId);
      if (processId === undefined || event.type !== 'BuildingBlockAssessed') continue;
      const data = (event as RecordedEvent<'BuildingBlockAssessed', ProcessEventOf<'BuildingBlockAssessed'>['data']>).data;
      rows.push({
        process_id: processId,
        assessment_id: data.assessmentId,
        building_block: data.buildingBlock,
        rating: data.rating,
        rationale: data.rationale,
        evidence: data.evidence,
        assessed_at: event.recordedAt.toISOString(),
        assessed_by: event.metadata.actor.name,
        position: event.position,
      });
    }
    if (rows.length === 0) return;
    await client.query(
      `INSERT INTO ${table('block_assessments')} (process_id, assessment_id, building_block, rating, rationale, evidence, assessed_at, assessed_by, position)
       SELECT r.process_id, r.assessment_id, r.building_block, r.rating, r.rationale, r.evidence, r.assessed_at, r.assessed_by, r.position
       FROM jsonb_to_recordset($1::jsonb) AS r(process_id uuid, assessment_id uuid, building_block integer, rating text, rationale text,
                                               evidence uuid[], assessed_at timestamptz, assessed_by text, position bigint)`,
      [JSON.stringify(rows)],
    );
  }
}
