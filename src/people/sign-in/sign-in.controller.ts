import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import type { Request, Response } from 'express';
import { Access } from '../../auth/access.decorator.js';
import { ROLES, type Role } from '../../auth/roles.js';
import { setSessionCookie } from '../../auth/sessions/session-cookie.js';
import { AppConfig } from '../../config/config.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { LANGUAGES, type Language } from '../../processes/domain/process.vocabulary.js';
import { DISPLAY_NAME_MAX_LENGTH } from '../domain/person.decisions.js';
import { SignIn, type SignedIn } from './sign-in.service.js';

const ADDRESS_MAX_LENGTH = 320;
const TOKEN_MAX_LENGTH = 200;

export class RequestSignInLinkDto {
  @ApiProperty({ example: 'tb-team@example.org', maxLength: ADDRESS_MAX_LENGTH })
  @IsEmail()
  @MaxLength(ADDRESS_MAX_LENGTH)
  email: string;
}

export class SignInLinkRequestedDto {
  @ApiProperty({ example: true })
  accepted: boolean;

  @ApiProperty({ example: 'If this address belongs to someone who may sign in, a link is on its way.' })
  message: string;
}

export class UseSignInLinkDto {
  @ApiProperty({ description: 'The token from the link (its fragment, after token=)', maxLength: TOKEN_MAX_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(TOKEN_MAX_LENGTH)
  token: string;
}

export class FirstAdminDto extends UseSignInLinkDto {
  @ApiProperty({ example: 'admin@example.org', maxLength: ADDRESS_MAX_LENGTH })
  @IsEmail()
  @MaxLength(ADDRESS_MAX_LENGTH)
  email: string;

  @ApiProperty({ example: 'Ana Pérez', maxLength: DISPLAY_NAME_MAX_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(DISPLAY_NAME_MAX_LENGTH)
  displayName: string;

  @ApiProperty({ enum: LANGUAGES, example: 'es' })
  @IsIn(LANGUAGES)
  language: Language;
}

export class SignedInDto {
  @ApiProperty({ format: 'uuid' })
  personId: string;

  @ApiProperty({ example: 'Ana Pérez' })
  displayName: string;

  @ApiProperty({ enum: ROLES, description: 'The role on the whole tracker' })
  role: Role;
}

const ACCEPTED: SignInLinkRequestedDto = { accepted: true, message: 'If this address belongs to someone who may sign in, a link is on its way.' };

/** Signing in: each route answers with a session cookie (httpOnly, SameSite=Lax), never with a token in the body. */
@ApiProblems()
@ApiTags('sign-in')
@Access('public')
@Controller('api/sign-in')
export class SignInController {
  constructor(
    private readonly signIn: SignIn,
    private readonly config: AppConfig,
  ) {}

  @ApiOperation({ summary: 'E-mail a sign-in link (15 minutes, once) to this address if it is a person’s; the same answer either way, 429 beyond 5 per address or 30 per client in 15 minutes (public)' })
  @ApiAcceptedResponse({ type: SignInLinkRequestedDto })
  @Post('email')
  @HttpCode(202)
  async email(@Body() body: RequestSignInLinkDto, @Req() request: Request): Promise<SignInLinkRequestedDto> {
    await this.signIn.requestLink(body.email, request.ip ?? 'unknown');
    return ACCEPTED;
  }

  @ApiOperation({ summary: 'Sign in with a sign-in or invitation link; an invited person joins. Starts a session (Set-Cookie trt_session); 401 for an unknown, used or expired link (public)' })
  @ApiOkResponse({ type: SignedInDto })
  @Post('link')
  @HttpCode(200)
  async link(@Body() body: UseSignInLinkDto, @Req() request: Request & { id?: unknown }, @Res({ passthrough: true }) response: Response): Promise<SignedInDto> {
    return this.started(await this.signIn.useLink(body.token, String(request.id)), response);
  }

  @ApiOperation({ summary: 'The first admin signs up with the link the first start printed: invited as admin and joined; starts a session (public)' })
  @ApiCreatedResponse({ type: SignedInDto })
  @Post('first-admin')
  async firstAdmin(@Body() body: FirstAdminDto, @Req() request: Request & { id?: unknown }, @Res({ passthrough: true }) response: Response): Promise<SignedInDto> {
    const { token, ...admin } = body;
    return this.started(await this.signIn.firstAdmin(token, admin, String(request.id)), response);
  }

  private started({ cookieValue, ...person }: SignedIn, response: Response): SignedInDto {
    setSessionCookie(response, cookieValue, this.config);
    return person;
  }
}
