import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DEADLINE_KINDS, type DeadlineKind } from '../../domain/process.vocabulary.js';

export class SetDeadlineDto {
  @ApiProperty({ example: 'Written contributions due', maxLength: 500 })
  @IsString()
  @MaxLength(500)
  title: string;

  @ApiProperty({ enum: DEADLINE_KINDS, example: 'call-for-input' })
  @IsIn(DEADLINE_KINDS)
  kind: DeadlineKind;

  @ApiProperty({ example: '2020-07-07T23:59:00-04:00', description: 'ISO 8601 instant with an offset' })
  @IsString()
  dueAt: string;

  @ApiProperty({ example: 'America/New_York', description: 'IANA time zone the deadline is kept in' })
  @IsString()
  timezone: string;

  @ApiProperty({ type: [String], example: ['P30D', 'P7D', 'P1D'], description: 'ISO 8601 durations from PT1S to P1Y, at most 10' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  remindBefore: string[];

  @ApiPropertyOptional({ default: true, description: 'Send one more reminder when the deadline has passed unmet' })
  @IsOptional()
  @IsBoolean()
  notifyOverdue?: boolean;
}
