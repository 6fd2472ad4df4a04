import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import type { Principal } from '../auth/roles.js';
import type { WriteContext } from '../event-store/write-context.js';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { IdempotencyInterceptor } from '../http/idempotency/idempotency.interceptor.js';
import { uuidParam } from '../http/uuid-param.pipe.js';
import { CurrentWrite } from '../http/write-request.decorator.js';
import { written } from '../http/write-response.js';
import { ChangeProfileCommand } from './commands/change-profile/change-profile.command.js';
import { ChangeProfileDto } from './commands/change-profile/change-profile.dto.js';
import { CreateApiTokenCommand } from './commands/create-api-token/create-api-token.command.js';
import { CreateApiTokenDto } from './commands/create-api-token/create-api-token.dto.js';
import { RevokeApiTokenCommand } from './commands/revoke-api-token/revoke-api-token.command.js';
import { CurrentPerson } from './http/current-person.decorator.js';
import { PersonWriteResponseDto } from './person-write-response.dto.js';

/** What signed-in people change of their own: profile and tokens; any role may, for itself. */
@ApiProblems()
@ApiTags('people')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: false, description: 'Write only while the person is at this version: "n" (412 otherwise)' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'As on the processes’ writes; a token is shown only in the first response' })
@ApiCreatedResponse({ type: PersonWriteResponseDto, description: 'Written; the ETag header holds the person’s new version' })
@UseInterceptors(IdempotencyInterceptor)
@Access('read')
@Controller('api/me')
export class MeController {
  constructor(private readonly commands: CommandBus) {}

  @ApiOperation({ summary: 'Change my display name or language (anyone signed in as a person)' })
  @Patch()
  @HttpCode(201)
  async changeProfile(@CurrentPerson() personId: string, @Body() body: ChangeProfileDto, @CurrentWrite() write: WriteContext, @Res({ passthrough: true }) res: Response) {
    return written(res, await this.commands.execute(new ChangeProfileCommand(personId, body, write)));
  }

  @ApiOperation({ summary: 'Make an API token, shown this once; its role is at most mine and the requesting token’s (anyone signed in as a person)' })
  @Post('tokens')
  async createToken(
    @CurrentPerson() personId: string,
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiTokenDto,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new CreateApiTokenCommand(personId, body, principal.role, write)));
  }

  @ApiOperation({ summary: 'Revoke one of my API tokens (anyone signed in as a person)' })
  @Delete('tokens/:tokenId')
  @HttpCode(201)
  async revokeToken(@CurrentPerson() personId: string, @Param('tokenId', uuidParam('tokenId')) tokenId: string, @CurrentWrite() write: WriteContext, @Res({ passthrough: true }) res: Response) {
    return written(res, await this.commands.execute(new RevokeApiTokenCommand(personId, tokenId, write)));
  }
}
