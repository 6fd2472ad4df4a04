import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import {
  BUILDING_BLOCK_NUMBERS,
  MILESTONE_KINDS,
  RATINGS,
  STAKEHOLDER_GROUPS,
  type BuildingBlock,
  type MilestoneKind,
  type Rating,
  type StakeholderGroup,
} from '../../processes/domain/process.vocabulary.js';

export class EvidenceMilestoneDto {
  @ApiProperty({ format: 'uuid' })
  milestoneId: string;

  @ApiProperty({ example: 'Geneva consultation with civil society and NHRIs' })
  title: string;

  @ApiProperty({ example: '2020-08-28', format: 'date' })
  occurredOn: string;

  @ApiProperty({ enum: MILESTONE_KINDS, example: 'consultation' })
  kind: MilestoneKind;
}

/** A cited milestone the caller may not see, or one retracted since: only its id. */
export class UnavailableEvidenceDto {
  @ApiProperty({ format: 'uuid' })
  milestoneId: string;

  @ApiProperty({ enum: [false], example: false })
  available: false;
}

export type EvidenceDto = EvidenceMilestoneDto | UnavailableEvidenceDto;

@ApiExtraModels(EvidenceMilestoneDto, UnavailableEvidenceDto)
export class AssessmentDto {
  @ApiProperty({ format: 'uuid' })
  assessmentId: string;

  @ApiProperty({ enum: RATINGS, example: 'partly-honoured' })
  rating: Rating;

  @ApiProperty({ example: 'States and civil society were heard in separate sessions' })
  rationale: string;

  @ApiProperty({ format: 'date-time' })
  assessedAt: string;

  @ApiProperty({ example: 'ISHR treaty body team', description: 'Name of the token that recorded it' })
  assessedBy: string;

  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: getSchemaPath(EvidenceMilestoneDto) }, { $ref: getSchemaPath(UnavailableEvidenceDto) }] },
    description: 'The milestones cited, in the order given; those the caller may not see show only their id',
  })
  evidence: EvidenceDto[];
}

export class BlockActivityDto {
  @ApiProperty({ example: 12, description: 'Milestones the caller may see that bear on this block, retracted ones excluded' })
  milestones: number;

  @ApiProperty({ enum: STAKEHOLDER_GROUPS, isArray: true, example: ['States', 'CivilSociety'], description: 'Distinct stakeholder groups in those milestones' })
  stakeholderGroups: StakeholderGroup[];

  @ApiProperty({ enum: STAKEHOLDER_GROUPS, isArray: true, example: ['States'], description: 'The same, for milestones within the last 12 months' })
  stakeholderGroupsLast12Months: StakeholderGroup[];

  @ApiProperty({ type: String, nullable: true, format: 'date', example: '2020-08-28', description: 'occurredOn of the latest of those milestones' })
  lastActivityOn: string | null;
}

export class BlockProgressDto {
  @ApiProperty({ enum: BUILDING_BLOCK_NUMBERS, example: 1 })
  buildingBlock: BuildingBlock;

  @ApiProperty({ example: 'Collaborative and inclusive' })
  name: string;

  @ApiProperty({ type: AssessmentDto, nullable: true, description: 'The latest assessment; null when the block was never assessed' })
  current: AssessmentDto | null;

  @ApiProperty({ type: [AssessmentDto], description: 'Every assessment, newest first' })
  history: AssessmentDto[];

  @ApiProperty({ type: BlockActivityDto })
  activity: BlockActivityDto;
}

export class ActivityWindowDto {
  @ApiProperty({ format: 'date', example: '2019-09-14', description: 'First day counted, 12 months before `to`' })
  from: string;

  @ApiProperty({ format: 'date', example: '2020-09-14', description: "Today in the process's time zone" })
  to: string;
}

export class ProgressDto {
  @ApiProperty({ type: [BlockProgressDto], description: 'The seven building blocks, 1 to 7' })
  items: BlockProgressDto[];

  @ApiProperty({ type: ActivityWindowDto, description: 'The days stakeholderGroupsLast12Months covers' })
  last12Months: ActivityWindowDto;
}
