import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate, isInstantWithOffset } from '../../processes/domain/process.validation.js';
import {
  BUILDING_BLOCK_NUMBERS,
  LANGUAGES,
  MILESTONE_KINDS,
  STAKEHOLDER_GROUPS,
  VISIBILITIES,
  type BuildingBlock,
  type Language,
  type MilestoneKind,
  type StakeholderGroup,
  type Visibility,
} from '../../processes/domain/process.vocabulary.js';
import { ReadConsistencyQuery } from '../read-consistency.js';

export const MAX_TIMELINE_LIMIT = 500;
export const DEFAULT_TIMELINE_LIMIT = 100;

/** Where a page ended: the keyset (occurredOn, milestoneId) of its last row. */
export interface TimelineCursor {
  occurredOn: string;
  milestoneId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: TimelineCursor): string {
  return Buffer.from(JSON.stringify([cursor.occurredOn, cursor.milestoneId])).toString('base64url');
}

/** The cursor it encodes, or undefined when it is not one this service handed out. */
export function decodeCursor(value: unknown): TimelineCursor | undefined {
  if (typeof value !== 'string' || value.length > 200 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
    const [occurredOn, milestoneId] = decoded as unknown[];
    if (!isCalendarDate(occurredOn) || typeof milestoneId !== 'string' || !UUID.test(milestoneId)) return undefined;
    return { occurredOn, milestoneId };
  } catch {
    return undefined;
  }
}

const Is = (name: string, test: (value: unknown) => boolean, message: string, options?: ValidationOptions) =>
  ValidateBy({ name, validator: { validate: test, defaultMessage: () => `$property ${message}` } }, options);

/** The filters shared by the JSON timeline and its CSV. */
export class TimelineFilterQuery extends ReadConsistencyQuery {
  @ApiPropertyOptional({ example: '2020-01-01', description: 'Milestones still going on or after this date (YYYY-MM-DD)' })
  @IsOptional()
  @Is('isCalendarDate', isCalendarDate, 'must be a real date as YYYY-MM-DD')
  from?: string;

  @ApiPropertyOptional({ example: '2020-12-31', description: 'Milestones that started on or before this date (YYYY-MM-DD)' })
  @IsOptional()
  @Is('isCalendarDate', isCalendarDate, 'must be a real date as YYYY-MM-DD')
  to?: string;

  @ApiPropertyOptional({ enum: MILESTONE_KINDS })
  @IsOptional()
  @IsIn(MILESTONE_KINDS)
  kind?: MilestoneKind;

  @ApiPropertyOptional({ enum: STAKEHOLDER_GROUPS, description: 'Milestones this stakeholder group took part in' })
  @IsOptional()
  @IsIn(STAKEHOLDER_GROUPS)
  stakeholder?: StakeholderGroup;

  @ApiPropertyOptional({ enum: BUILDING_BLOCK_NUMBERS, type: Number, description: 'Milestones relevant to this building block (1 to 7)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsIn(BUILDING_BLOCK_NUMBERS, { message: 'buildingBlock must be a building block from 1 to 7' })
  buildingBlock?: BuildingBlock;

  @ApiPropertyOptional({
    maxLength: 200,
    example: 'consultation Geneva',
    description: 'Full-text search (web search syntax: words, "phrases", -exclusions, or) in titles, their translations, notes, location, document symbol',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'en', description: 'Show titles translated into this language where a translation was given' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;

  @ApiPropertyOptional({
    example: '2021-01-01T00:00:00Z',
    description: 'The timeline exactly as recorded at this instant (ISO 8601 with an offset): later corrections and retractions do not show',
  })
  @IsOptional()
  @Is('isInstant', isInstantWithOffset, 'must be an ISO 8601 date and time with an offset or Z')
  asOf?: string;
}

export class TimelineQuery extends TimelineFilterQuery {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @Is('isTimelineCursor', (value) => decodeCursor(value) !== undefined, 'is not a cursor this timeline handed out')
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TIMELINE_LIMIT, default: DEFAULT_TIMELINE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TIMELINE_LIMIT)
  limit?: number;
}

export class TimelineSourceDto {
  @ApiProperty({ type: String, nullable: true, example: 'https://undocs.org/A/75/601' })
  url: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'A/75/601', description: 'The UN document symbol' })
  symbol: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://docs.un.org/en/A/75/601',
    description: 'The document in the UN Official Document System, in the language asked for (`lang`); null without a symbol',
  })
  documentUrl: string | null;
}

export class TimelineItemDto {
  @ApiProperty({ format: 'uuid' })
  milestoneId: string;

  @ApiProperty({ enum: MILESTONE_KINDS })
  kind: MilestoneKind;

  @ApiProperty({ description: 'In the language asked for when a translation was given, else the original', example: 'Consultations de Genève' })
  title: string;

  @ApiPropertyOptional({ description: 'The original title, present when `title` is a translation', example: 'Geneva consultations' })
  originalTitle?: string;

  @ApiProperty({ example: '2020-08-28', description: 'YYYY-MM-DD' })
  occurredOn: string;

  @ApiProperty({ type: String, nullable: true, example: '2020-08-29', description: 'YYYY-MM-DD' })
  endsOn: string | null;

  @ApiProperty({ enum: STAKEHOLDER_GROUPS, isArray: true })
  stakeholders: StakeholderGroup[];

  @ApiProperty({ type: Number, isArray: true, example: [1, 2] })
  buildingBlocks: BuildingBlock[];

  @ApiProperty({ type: String, nullable: true, example: 'Geneva' })
  location: string | null;

  @ApiProperty({ type: TimelineSourceDto, nullable: true })
  source: TimelineSourceDto | null;

  @ApiProperty({ enum: VISIBILITIES })
  visibility: Visibility;

  @ApiProperty({ type: String, nullable: true })
  notes: string | null;

  @ApiProperty({ description: 'False while the date or facts are still to be confirmed' })
  confirmed: boolean;

  @ApiProperty({ format: 'date-time', description: 'When the milestone was recorded' })
  loggedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was last corrected' })
  correctedAt: string | null;
}

export class TimelinePageDto {
  @ApiProperty({ type: TimelineItemDto, isArray: true })
  items: TimelineItemDto[];

  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last page' })
  nextCursor?: string;
}
