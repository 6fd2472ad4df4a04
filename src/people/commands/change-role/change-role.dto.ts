import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ROLES, type Role } from '../../../auth/roles.js';

export class RoleDto {
  @ApiProperty({ enum: ROLES, example: 'editor' })
  @IsIn(ROLES)
  role: Role;
}
