import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import {
  BUILDING_BLOCK_NUMBERS,
  MILESTONE_KINDS,
  STAKEHOLDER_GROUPS,
  VISIBILITIES,
  type BuildingBlock,
  type MilestoneKind,
  type StakeholderGroup,
  type Visibility,
} from '../domain/process.vocabulary.js';

export class MilestoneSourceDto {
  @ApiPropertyOptional({ example: 'https://undocs.org/A/75/601', description: 'Where the fact can be checked' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ example: 'A/75/601', description: 'UN document symbol' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  symbol?: string;
}

export class TranslatedTitleDto {
  @ApiProperty({ example: 'Rapport des co-facilitateurs' })
  @IsString()
  @MaxLength(500)
  title: string;
}

export class MilestoneTranslationsDto {
  @ApiPropertyOptional({ type: TranslatedTitleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TranslatedTitleDto)
  fr?: TranslatedTitleDto;

  @ApiPropertyOptional({ type: TranslatedTitleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TranslatedTitleDto)
  es?: TranslatedTitleDto;

  @ApiPropertyOptional({ type: TranslatedTitleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TranslatedTitleDto)
  ar?: TranslatedTitleDto;

  @ApiPropertyOptional({ type: TranslatedTitleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TranslatedTitleDto)
  zh?: TranslatedTitleDto;

  @ApiPropertyOptional({ type: TranslatedTitleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TranslatedTitleDto)
  ru?: TranslatedTitleDto;
}

/** The fields a milestone is logged with; corrections take any subset of them. */
export class MilestoneFieldsDto {
  @ApiProperty({ enum: MILESTONE_KINDS, example: 'consultation' })
  @IsIn(MILESTONE_KINDS)
  kind: MilestoneKind;

  @ApiProperty({ example: 'Geneva consultation with civil society and NHRIs', maxLength: 500 })
  @IsString()
  @MaxLength(500)
  title: string;

  @ApiProperty({ example: '2020-08-28', description: 'Calendar date, YYYY-MM-DD' })
  @IsString()
  occurredOn: string;

  @ApiPropertyOptional({ example: '2020-08-28', nullable: true, description: 'Last day, for events over several days' })
  @IsOptional()
  @IsString()
  endsOn?: string | null;

  @ApiProperty({ enum: STAKEHOLDER_GROUPS, isArray: true, example: ['CivilSociety', 'NHRIs'] })
  @IsArray()
  @ArrayMaxSize(STAKEHOLDER_GROUPS.length)
  @IsIn(STAKEHOLDER_GROUPS, { each: true })
  stakeholders: StakeholderGroup[];

  @ApiProperty({ enum: BUILDING_BLOCK_NUMBERS, isArray: true, example: [1, 2], description: 'Building blocks 1 to 7' })
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(BUILDING_BLOCK_NUMBERS, { each: true, message: 'each building block must be a number from 1 to 7' })
  buildingBlocks: BuildingBlock[];

  @ApiPropertyOptional({ example: 'Geneva', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  location?: string | null;

  @ApiPropertyOptional({ type: MilestoneSourceDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MilestoneSourceDto)
  source?: MilestoneSourceDto | null;

  @ApiProperty({ enum: VISIBILITIES, example: 'public', description: 'confidential entries are seen by auditors and admins only' })
  @IsIn(VISIBILITIES)
  visibility: Visibility;

  @ApiPropertyOptional({ nullable: true, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;

  @ApiPropertyOptional({ type: MilestoneTranslationsDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MilestoneTranslationsDto)
  translations?: MilestoneTranslationsDto | null;

  @ApiPropertyOptional({ description: 'false marks a date or detail not fully verified', default: true })
  @IsOptional()
  @IsBoolean()
  confirmed?: boolean;
}
