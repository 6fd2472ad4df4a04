import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { Access, CurrentPrincipal } from './access.decorator.js';
import { ROLES, roleCan, type Capability, type Principal, type Role } from './roles.js';

const CAPABILITIES: readonly Capability[] = ['read', 'write', 'audit', 'admin'];

export class SessionDto {
  @ApiProperty({ description: 'False without a token (the public view)' })
  signedIn: boolean;

  @ApiPropertyOptional({ example: 'ISHR treaty body team', description: 'Name of the token' })
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  role?: Role;

  @ApiProperty({ enum: CAPABILITIES, isArray: true, description: 'What this token may do, so a client shows only the forms it may use' })
  capabilities: Capability[];
}

@ApiProblems()
@ApiTags('tokens')
@ApiBearerAuth()
@Access('public')
@Controller('api/session')
export class SessionController {
  @ApiOperation({ summary: 'Who the token belongs to and what it may do; 401 for an unknown or revoked token (public)' })
  @Get()
  session(@CurrentPrincipal() principal: Principal | undefined): SessionDto {
    if (!principal) return { signedIn: false, capabilities: [] };
    return {
      signedIn: true,
      name: principal.name,
      role: principal.role,
      capabilities: CAPABILITIES.filter((capability) => roleCan(principal.role, capability)),
    };
  }
}
