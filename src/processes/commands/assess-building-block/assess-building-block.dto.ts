import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { BUILDING_BLOCK_NUMBERS, RATINGS, type BuildingBlock, type Rating } from '../../domain/process.vocabulary.js';

export class AssessBuildingBlockDto {
  @ApiProperty({ enum: BUILDING_BLOCK_NUMBERS, example: 1, description: 'Building block 1 to 7' })
  @IsIn(BUILDING_BLOCK_NUMBERS, { message: 'buildingBlock must be a number from 1 to 7' })
  buildingBlock: BuildingBlock;

  @ApiProperty({ enum: RATINGS, example: 'partly-honoured', description: 'From worst to best: ' + RATINGS.join(', ') })
  @IsIn(RATINGS)
  rating: Rating;

  @ApiProperty({ example: 'States and civil society were consulted separately, NHRIs only in Geneva', maxLength: 10000 })
  @IsString()
  @MaxLength(10_000)
  rationale: string;

  @ApiProperty({ type: [String], description: 'Ids of milestones of this process that are not retracted' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  evidence: string[];
}
