import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ReadConsistencyQuery } from '../projections/read-consistency.js';

export class FeedQuery extends ReadConsistencyQuery {
  @ApiPropertyOptional({ description: 'A feed key of this process (POST …/feed-keys)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  key?: string;
}
