import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class DeactivatePersonDto {
  @ApiPropertyOptional({ example: 'left the coalition', maxLength: 500, description: 'Recorded in the audit log: no personal data' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
