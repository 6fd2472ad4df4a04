import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class ReasonDto {
  @ApiProperty({ example: 'Recorded twice by mistake', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  reason: string;
}
