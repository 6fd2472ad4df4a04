import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ROLES, type Role } from '../../../auth/roles.js';
import { LANGUAGES, type Language } from '../../../processes/domain/process.vocabulary.js';
import { DISPLAY_NAME_MAX_LENGTH } from '../../domain/person.decisions.js';

export class ProcessRoleDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  processId: string;

  @ApiProperty({ enum: ROLES, example: 'editor' })
  @IsIn(ROLES)
  role: Role;
}

export class InvitePersonDto {
  @ApiProperty({ example: 'ana.ruiz@example.org', description: 'Their e-mail address: stored only encrypted under their own key, erasable' })
  @IsString()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'Ana Ruiz', maxLength: DISPLAY_NAME_MAX_LENGTH })
  @IsString()
  @MaxLength(DISPLAY_NAME_MAX_LENGTH)
  displayName: string;

  @ApiProperty({ enum: LANGUAGES, example: 'es', description: 'The language of their e-mails and pages' })
  @IsIn(LANGUAGES)
  language: Language;

  @ApiProperty({ enum: ROLES, example: 'viewer', description: 'Their role on the whole tracker' })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ type: [ProcessRoleDto], description: 'Another role on given processes (editor of one review, viewer elsewhere)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ProcessRoleDto)
  processRoles?: ProcessRoleDto[];
}
