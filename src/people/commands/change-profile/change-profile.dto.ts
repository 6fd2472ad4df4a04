import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LANGUAGES, type Language } from '../../../processes/domain/process.vocabulary.js';
import { DISPLAY_NAME_MAX_LENGTH } from '../../domain/person.decisions.js';

export class ChangeProfileDto {
  @ApiPropertyOptional({ example: 'Ana Ruiz', maxLength: DISPLAY_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(DISPLAY_NAME_MAX_LENGTH)
  displayName?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, example: 'fr' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;
}
