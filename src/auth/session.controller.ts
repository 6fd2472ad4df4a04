import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { Access, CurrentPrincipal } from './access.decorator.js';
import { ROLES, roleCan, type Capability, type Principal, type Role } from './roles.js';

const CAPABILITIES: readonly Capability[] = ['read', 'write', 'audit', 'admin'];

export class ProcessRoleOfSessionDto {
  @ApiProperty({ format: 'uuid' })
  processId: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ enum: CAPABILITIES, isArray: true, description: 'What the request may do on that process' })
  capabilities: Capability[];
}

export class SessionDto {
  @ApiProperty({ description: 'False without a token or session (the public view)' })
  signedIn: boolean;

  @ApiPropertyOptional({ example: 'ISHR treaty body team', description: 'Name of the token, or the display name of the signed-in person' })
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'The role on the whole tracker' })
  role?: Role;

  @ApiProperty({ enum: CAPABILITIES, isArray: true, description: 'What this token may do, so a client shows only the forms it may use' })
  capabilities: Capability[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The person the request acts for; absent for tokens that belong to no one' })
  personId?: string;

  @ApiPropertyOptional({ enum: ['cookie', 'token'], description: 'How the request proved who it is: the session cookie or a bearer token' })
  credential?: 'cookie' | 'token';

  @ApiPropertyOptional({ type: () => [ProcessRoleOfSessionDto], description: 'Where the person holds another role than on the whole tracker (a token: capped by its own role)' })
  processRoles?: ProcessRoleOfSessionDto[];
}

@ApiProblems()
@ApiTags('tokens')
@ApiBearerAuth()
@ApiCookieAuth()
@Access('public')
@Controller('api/session')
export class SessionController {
  @ApiOperation({ summary: 'Who the token or session belongs to and what it may do; 401 for an unknown or revoked token (public)' })
  @ApiOkResponse({ type: SessionDto })
  @Get()
  session(@CurrentPrincipal() principal: Principal | undefined): SessionDto {
    if (!principal) return { signedIn: false, capabilities: [] };
    return {
      signedIn: true,
      name: principal.name,
      role: principal.role,
      capabilities: capabilitiesOf(principal.role),
      ...(principal.personId !== undefined && { personId: principal.personId }),
      credential: principal.credential,
      ...(principal.processRoles !== undefined && {
        processRoles: [...principal.processRoles].map(([processId, role]) => ({ processId, role, capabilities: capabilitiesOf(role) })),
      }),
    };
  }
}

const capabilitiesOf = (role: Role) => CAPABILITIES.filter((capability) => roleCan(role, capability));
