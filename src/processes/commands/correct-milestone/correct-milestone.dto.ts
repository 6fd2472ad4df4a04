import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsString, MaxLength, ValidateNested } from 'class-validator';
import { MilestoneFieldsDto } from '../../dto/milestone-fields.dto.js';

export class MilestoneChangesDto extends PartialType(MilestoneFieldsDto) {}

export class CorrectMilestoneDto {
  @ApiProperty({ type: MilestoneChangesDto, description: 'Only the fields to change; null clears an optional field' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MilestoneChangesDto)
  changes: MilestoneChangesDto;

  @ApiProperty({ example: 'The Geneva consultation took place on 28 August, not 27 August', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  reason: string;
}
