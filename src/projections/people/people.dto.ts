import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../../auth/roles.js';
import type { PersonStatus } from '../../people/domain/person.events.js';
import { LANGUAGES, type Language } from '../../processes/domain/process.vocabulary.js';

const STATUSES: readonly PersonStatus[] = ['invited', 'active', 'deactivated'];

export class PersonProcessRoleDto {
  @ApiProperty({ format: 'uuid' })
  processId: string;

  @ApiProperty({ enum: ROLES })
  role: Role;
}

export class PersonDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, example: 'ana.ruiz@example.org', description: 'Null once the address was erased' })
  email: string | null;

  @ApiProperty({ example: 'Ana Ruiz' })
  displayName: string;

  @ApiProperty({ enum: LANGUAGES })
  language: Language;

  @ApiProperty({ enum: STATUSES })
  status: PersonStatus;

  @ApiProperty({ enum: ROLES, description: 'Their role on the whole tracker' })
  role: Role;

  @ApiProperty({ type: [PersonProcessRoleDto], description: 'Roles given on single processes, in place of role there' })
  processRoles: PersonProcessRoleDto[];

  @ApiProperty({ format: 'date-time' })
  invitedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  joinedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deactivatedAt: string | null;
}

export class PersonListDto {
  @ApiProperty({ type: [PersonDto] })
  items: PersonDto[];
}

export class PersonTokenDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Coalition spreadsheet sync' })
  name: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The token id of whoever made it' })
  createdBy: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt: string | null;
}

export class PersonTokenListDto {
  @ApiProperty({ type: [PersonTokenDto] })
  items: PersonTokenDto[];
}
