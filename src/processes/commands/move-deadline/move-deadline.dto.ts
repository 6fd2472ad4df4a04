import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { ReasonDto } from '../../dto/reason.dto.js';

export class MoveDeadlineDto extends ReasonDto {
  @ApiProperty({ example: '2020-07-14T23:59:00-04:00', description: 'The new ISO 8601 instant with an offset' })
  @IsString()
  dueAt: string;
}
