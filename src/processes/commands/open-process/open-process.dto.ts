import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class OpenProcessDto {
  @ApiProperty({ example: 'Review of General Assembly resolution 68/268', maxLength: 500 })
  @IsString()
  @MaxLength(500)
  title: string;

  @ApiPropertyOptional({ example: 'GA resolution 68/268, paragraph 41', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  mandate?: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({ example: '2020-04-09', description: 'YYYY-MM-DD or an ISO 8601 instant with offset' })
  @IsOptional()
  @IsString()
  reviewDueAt?: string;

  @ApiPropertyOptional({ example: 'Europe/Zurich', description: 'IANA time zone; UTC when absent' })
  @IsOptional()
  @IsString()
  timezone?: string;
}
