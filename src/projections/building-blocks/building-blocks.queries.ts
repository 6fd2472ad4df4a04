import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Pool } from 'pg';
import {
  BUILDING_BLOCKS,
  STAKEHOLDER_GROUPS,
  type BuildingBlock,
  type Rating,
  type StakeholderGroup,
  type Visibility,
} from '../../processes/domain/process.vocabulary.js';
import type { AssessmentDto, BlockActivityDto, EvidenceDto, ProgressDto } from './building-blocks.dto.js';

interface AssessmentRow {
  assessment_id: string;
  building_block: BuildingBlock;
  rating: Rating;
  rationale: string;
  assessed_at: Date;
  assessed_by: string;
  evidence: EvidenceDto[];
}

interface ActivityRow {
  building_block: BuildingBlock;
  milestones: number;
  last_activity_on: string | null;
  groups: StakeholderGroup[] | null;
  recent_groups: StakeholderGroup[] | null;
}

const inVocabularyOrder = (groups: StakeholderGroup[] | null): StakeholderGroup[] =>
  STAKEHOLDER_GROUPS.filter((group) => groups?.includes(group));

/** Progress against the seven building blocks; whatever comes from milestones honours the caller's visibility. */
@Injectable()
export class BuildingBlocksQueries {
  constructor(private readonly pool: Pool) {}

  /** undefined when there is no such process; `now` sets the 12-month window, in the process's time zone. */
  async progress(processId: string, visibility: Visibility[], now: Date): Promise<ProgressDto | undefined> {
    const process = await this.pool.query<{ timezone: string }>(`SELECT timezone FROM processes WHERE process_id = $1`, [processId]);
    if (process.rows.length === 0) return undefined;
    const today = DateTime.fromJSDate(now, { zone: process.rows[0].timezone });
    const window = { from: today.minus({ months: 12 }).toISODate()!, to: today.toISODate()! };

    const [assessments, measured] = await Promise.all([
      // Hidden or retracted evidence fails the join, so its title never leaves the database.
      this.pool.query<AssessmentRow>(
        `SELECT a.assessment_id, a.building_block, a.rating, a.rationale, a.assessed_at, a.assessed_by,
           (SELECT coalesce(json_agg(
                     CASE WHEN m.milestone_id IS NULL THEN json_build_object('milestoneId', e.id, 'available', false)
                          ELSE json_build_object('milestoneId', e.id, 'title', m.title, 'occurredOn', m.occurred_on, 'kind', m.kind) END
                     ORDER BY e.ord), '[]')
              FROM unnest(a.evidence) WITH ORDINALITY AS e(id, ord)
              LEFT JOIN timeline_milestones m
                ON m.process_id = a.process_id AND m.milestone_id = e.id AND NOT m.retracted AND m.visibility = ANY($2::text[])
           ) AS evidence
         FROM block_assessments a
         WHERE a.process_id = $1
         ORDER BY a.building_block, a.position DESC`,
        [processId, visibility],
      ),
      // One pass over the visible milestones, one row per block they bear on.
      this.pool.query<ActivityRow>(
        `SELECT b.block AS building_block,
                count(DISTINCT m.milestone_id)::int AS milestones,
                max(m.occurred_on)::text AS last_activity_on,
                array_agg(DISTINCT s.grp) FILTER (WHERE s.grp IS NOT NULL) AS groups,
                array_agg(DISTINCT s.grp) FILTER (WHERE s.grp IS NOT NULL AND m.occurred_on BETWEEN $3::date AND $4::date) AS recent_groups
         FROM timeline_milestones m
         CROSS JOIN LATERAL unnest(m.building_blocks) AS b(block)
         LEFT JOIN LATERAL unnest(m.stakeholders) AS s(grp) ON true
         WHERE m.process_id = $1 AND NOT m.retracted AND m.visibility = ANY($2::text[])
         GROUP BY b.block`,
        [processId, visibility, window.from, window.to],
      ),
    ]);

    const history = new Map<BuildingBlock, AssessmentDto[]>();
    for (const row of assessments.rows) {
      const list = history.get(row.building_block) ?? [];
      list.push({
        assessmentId: row.assessment_id,
        rating: row.rating,
        rationale: row.rationale,
        assessedAt: row.assessed_at.toISOString(),
        assessedBy: row.assessed_by,
        evidence: row.evidence,
      });
      history.set(row.building_block, list);
    }
    const activity = new Map(measured.rows.map((row) => [row.building_block, row]));
    return {
      items: BUILDING_BLOCKS.map(({ number, name }) => {
        const assessed = history.get(number) ?? [];
        const row = activity.get(number);
        const measures: BlockActivityDto = {
          milestones: row?.milestones ?? 0,
          stakeholderGroups: inVocabularyOrder(row?.groups ?? null),
          stakeholderGroupsLast12Months: inVocabularyOrder(row?.recent_groups ?? null),
          lastActivityOn: row?.last_activity_on ?? null,
        };
        return { buildingBlock: number, name, current: assessed[0] ?? null, history: assessed, activity: measures };
      }),
      last12Months: window,
    };
  }
}
