import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../../auth/roles.js';
import { TOKEN_NAME_MAX_LENGTH } from '../../domain/person.decisions.js';

export class CreateApiTokenDto {
  @ApiProperty({ example: 'Coalition spreadsheet sync', maxLength: TOKEN_NAME_MAX_LENGTH, description: 'What the token is for' })
  @IsString()
  @MaxLength(TOKEN_NAME_MAX_LENGTH)
  name: string;

  @ApiProperty({ enum: ROLES, example: 'viewer', description: 'At most what its owner may do, and what the request making it may do' })
  @IsIn(ROLES)
  role: Role;
}
