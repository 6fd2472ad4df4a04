import { Body, Controller, Delete, HttpCode, Param, Post, Put, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../auth/access.decorator.js';
import type { WriteContext } from '../event-store/write-context.js';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { IdempotencyInterceptor } from '../http/idempotency/idempotency.interceptor.js';
import { uuidParam } from '../http/uuid-param.pipe.js';
import { CurrentWrite } from '../http/write-request.decorator.js';
import { written } from '../http/write-response.js';
import { ChangeRoleCommand } from './commands/change-role/change-role.command.js';
import { RoleDto } from './commands/change-role/change-role.dto.js';
import { DeactivatePersonCommand } from './commands/deactivate-person/deactivate-person.command.js';
import { DeactivatePersonDto } from './commands/deactivate-person/deactivate-person.dto.js';
import { GrantProcessRoleCommand } from './commands/grant-process-role/grant-process-role.command.js';
import { InvitePersonCommand } from './commands/invite-person/invite-person.command.js';
import { InvitePersonDto } from './commands/invite-person/invite-person.dto.js';
import { ReactivatePersonCommand } from './commands/reactivate-person/reactivate-person.command.js';
import { RevokeApiTokenCommand } from './commands/revoke-api-token/revoke-api-token.command.js';
import { WithdrawProcessRoleCommand } from './commands/withdraw-process-role/withdraw-process-role.command.js';
import { PersonWriteResponseDto } from './person-write-response.dto.js';

/** An admin's writes on people: each sends one command through the CommandBus; every one is in the audit log. */
@ApiProblems()
@ApiTags('people')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: false, description: 'Write only while the person is at this version: "n" (412 otherwise)' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'As on the processes’ writes: the same key and body answer the first response again' })
@ApiCreatedResponse({ type: PersonWriteResponseDto, description: 'Written; the ETag header holds the person’s new version' })
@UseInterceptors(IdempotencyInterceptor)
@Access('admin')
@Controller('api/people')
export class PeopleController {
  constructor(private readonly commands: CommandBus) {}

  @ApiOperation({ summary: 'Invite a person by e-mail, with a role on the tracker and optionally others per process; 409 if the address is invited already (admins)' })
  @Post()
  async invite(@Body() body: InvitePersonDto, @CurrentWrite() write: WriteContext, @Res({ passthrough: true }) res: Response) {
    return written(res, await this.commands.execute(new InvitePersonCommand(body, write)));
  }

  @ApiOperation({ summary: 'Change a person’s role on the whole tracker; 409 for the last active admin (admins)' })
  @Put(':personId/role')
  @HttpCode(201)
  async changeRole(@Param('personId', uuidParam('personId')) personId: string, @Body() body: RoleDto, @CurrentWrite() write: WriteContext, @Res({ passthrough: true }) res: Response) {
    return written(res, await this.commands.execute(new ChangeRoleCommand(personId, body.role, write)));
  }

  @ApiOperation({ summary: 'Give a person a role on one process, in place of their tracker-wide role there (admins)' })
  @Put(':personId/processes/:processId/role')
  @HttpCode(201)
  async grantProcessRole(
    @Param('personId', uuidParam('personId')) personId: string,
    @Param('processId', uuidParam('processId')) processId: string,
    @Body() body: RoleDto,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new GrantProcessRoleCommand(personId, processId, body.role, write)));
  }

  @ApiOperation({ summary: 'Withdraw a person’s role on one process: their tracker-wide role applies there again (admins)' })
  @Delete(':personId/processes/:processId/role')
  @HttpCode(201)
  async withdrawProcessRole(
    @Param('personId', uuidParam('personId')) personId: string,
    @Param('processId', uuidParam('processId')) processId: string,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new WithdrawProcessRoleCommand(personId, processId, write)));
  }

  @ApiOperation({ summary: 'Deactivate a person: their tokens are revoked and their sign-in links forgotten; 409 for the last active admin (admins)' })
  @Post(':personId/deactivation')
  async deactivate(
    @Param('personId', uuidParam('personId')) personId: string,
    @Body() body: DeactivatePersonDto,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new DeactivatePersonCommand(personId, body.reason, write)));
  }

  @ApiOperation({ summary: 'Reactivate a deactivated person (admins)' })
  @Delete(':personId/deactivation')
  @HttpCode(201)
  async reactivate(@Param('personId', uuidParam('personId')) personId: string, @CurrentWrite() write: WriteContext, @Res({ passthrough: true }) res: Response) {
    return written(res, await this.commands.execute(new ReactivatePersonCommand(personId, write)));
  }

  @ApiOperation({ summary: 'Revoke one of a person’s API tokens (admins)' })
  @Delete(':personId/tokens/:tokenId')
  @HttpCode(201)
  async revokeToken(
    @Param('personId', uuidParam('personId')) personId: string,
    @Param('tokenId', uuidParam('tokenId')) tokenId: string,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new RevokeApiTokenCommand(personId, tokenId, write)));
  }
}
