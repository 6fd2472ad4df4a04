import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ReadConsistencyQuery } from '../read-consistency.js';

export const MAX_PROCESSES_PAGE = 100;

export class ProcessListQuery extends ReadConsistencyQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PROCESSES_PAGE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PROCESSES_PAGE)
  limit?: number;
}

export class ProcessCountsDto {
  @ApiProperty({ example: 31, description: 'Milestones the caller may see, retracted ones excluded' })
  milestones: number;

  @ApiProperty({ example: 9, description: 'Building-block assessments recorded' })
  assessments: number;

  @ApiProperty({ example: 2, description: 'Deadlines neither met nor cancelled' })
  openDeadlines: number;
}

export class NextDeadlineDto {
  @ApiProperty({ format: 'uuid' })
  deadlineId: string;

  @ApiProperty({ example: 'Written contributions due' })
  title: string;

  @ApiProperty({ example: '2020-07-07T23:59:00-04:00', description: 'As given, with its offset' })
  dueAt: string;

  @ApiProperty({ example: 'America/New_York' })
  timezone: string;
}

export class LastActivityDto {
  @ApiProperty({ example: '2020-09-14', format: 'date' })
  occurredOn: string;

  @ApiProperty({ format: 'uuid' })
  milestoneId: string;

  @ApiProperty({ example: 'Co-facilitators transmit their report (A/75/601)' })
  title: string;
}

/** A process and its current state, with counts that honour the caller's visibility. */
export class ProcessSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Review of General Assembly resolution 68/268' })
  title: string;

  @ApiProperty({ type: String, nullable: true, example: 'GA resolution 68/268, paragraph 41' })
  mandate: string | null;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2020-04-09', description: 'YYYY-MM-DD or an instant with offset' })
  reviewDueAt: string | null;

  @ApiProperty({ example: 'America/New_York' })
  timezone: string;

  @ApiProperty({ format: 'date-time' })
  openedAt: string;

  @ApiPropertyOptional({
    example: 42,
    description: 'Process stream version (the ETag writes answer): for auditors and admins only, since confidential entries and reminders move it too',
  })
  version?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the last event of the process was recorded: for auditors and admins only, like version' })
  lastRecordedAt?: string;

  @ApiProperty({ type: ProcessCountsDto })
  counts: ProcessCountsDto;

  @ApiProperty({ type: NextDeadlineDto, nullable: true, description: 'The earliest open deadline still in the future' })
  nextDeadline: NextDeadlineDto | null;

  @ApiProperty({ type: LastActivityDto, nullable: true, description: 'The latest milestone the caller may see, by occurredOn' })
  lastActivity: LastActivityDto | null;
}

export class ProcessListDto {
  @ApiProperty({ type: [ProcessSummaryDto] })
  items: ProcessSummaryDto[];

  @ApiPropertyOptional({ description: 'Pass as cursor for the next page; absent on the last page' })
  nextCursor?: string;
}
