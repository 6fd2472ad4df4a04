import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/config.js';
import { RequestValidationError } from '../../errors/application-error.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { Access, CurrentPrincipal } from '../access.decorator.js';
import type { Principal } from '../roles.js';
import { clearSessionCookie, sessionCookieOf } from './session-cookie.js';
import { Sessions } from './sessions.js';

export class SignedOutEverywhereDto {
  @ApiProperty({ example: 3, description: 'How many sessions were ended' })
  ended: number;
}

@ApiProblems()
@ApiTags('sign-in')
@ApiCookieAuth()
@Controller('api/sign-out')
export class SignOutController {
  constructor(
    private readonly sessions: Sessions,
    private readonly config: AppConfig,
  ) {}

  @ApiOperation({ summary: 'End this session and clear its cookie; without one, nothing to end (public)' })
  @ApiNoContentResponse()
  @Access('public')
  @Post()
  @HttpCode(204)
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const cookie = sessionCookieOf(request);
    if (cookie !== undefined) await this.sessions.end(cookie);
    clearSessionCookie(response, this.config);
  }

  @ApiOperation({ summary: "End every session of the signed-in person, on every device (any signed-in person)" })
  @ApiOkResponse({ type: SignedOutEverywhereDto })
  @Access('read')
  @Post('everywhere')
  @HttpCode(200)
  async everywhere(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<SignedOutEverywhereDto> {
    if (principal.personId === undefined) {
      throw new RequestValidationError([{ field: 'Authorization', message: 'this token belongs to no person: there are no sessions to end' }]);
    }
    const ended = await this.sessions.endAllOf(principal.personId);
    if (principal.credential === 'cookie') clearSessionCookie(response, this.config);
    return { ended };
  }
}
