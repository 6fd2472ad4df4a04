import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LANGUAGES, type Language } from '../i18n/languages.js';
import { ReadConsistencyQuery } from '../projections/read-consistency.js';

export class FeedQuery extends ReadConsistencyQuery {
  @ApiPropertyOptional({ description: 'A feed key of this process (POST …/feed-keys)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  key?: string;

  // Calendar clients send no Accept-Language: the language rides in the URL the reader subscribes to.
  @ApiPropertyOptional({ enum: LANGUAGES, default: 'en', description: 'The language of the calendar’s name' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;
}
