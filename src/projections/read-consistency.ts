import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

/** Every read accepts minPosition: answer only once the projection has applied that position (≤ 5 s). */
export class ReadConsistencyQuery {
  @ApiPropertyOptional({ description: 'Wait (at most 5 s) until the projection has reached this global position: read your own writes' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minPosition?: number;
}
