import { Injectable } from '@nestjs/common';
import { processIdOf, type RecordedProcessEvent } from '../../processes/process-stream.js';
import type { Projection, ProjectionContext } from '../projection.js';

type AssessmentEvent = RecordedProcessEvent<'BuildingBlockAssessed'>;

/** Every assessment of a building block; the newest by position is the block's current rating. */
@Injectable()
export class BuildingBlocksProjection implements Projection<AssessmentEvent> {
  readonly name = 'building-blocks';
  readonly tables = ['block_assessments'] as const;
  readonly eventTypes = ['BuildingBlockAssessed'] as const;

  async apply(events: AssessmentEvent[], { client, table }: ProjectionContext): Promise<void> {
    const rows = [];
    for (const { streamId, data, recordedAt, metadata, position } of events) {
      const processId = processIdOf(streamId);
      if (processId === undefined) continue;
      rows.push({
        process_id: processId,
        assessment_id: data.assessmentId,
        building_block: data.buildingBlock,
        rating: data.rating,
        rationale: data.rationale,
        evidence: data.evidence,
        assessed_at: recordedAt.toISOString(),
        assessed_by: metadata.actor.name,
        position,
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
