import { Body, Controller, Get, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../auth/access.decorator.js';
import type { WriteContext } from '../../event-store/write-context.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { CurrentWrite } from '../../http/write-request.decorator.js';
import { etagOf } from '../../http/write-response.js';
import { SignInSettingsDto, SignInSettingsResponseDto } from './sign-in-settings.dto.js';
import { TrackerSettingsRepository } from './tracker-settings.repository.js';

@ApiProblems()
@ApiTags('settings')
@ApiBearerAuth()
@Access('admin')
@Controller('api/settings/sign-in')
export class SignInSettingsController {
  constructor(private readonly settings: TrackerSettingsRepository) {}

  @ApiOperation({ summary: "How people may sign in: whether unknown people of the organisation's provider may join as viewers (admins)" })
  @ApiOkResponse({ type: SignInSettingsResponseDto, description: 'The ETag header holds the version' })
  @Get()
  async read(@Res({ passthrough: true }) res: Response): Promise<SignInSettingsResponseDto> {
    const { state, version } = await this.settings.current();
    res.setHeader('ETag', etagOf(version));
    return { oidcNewcomersJoinAs: state.oidcNewcomersJoinAs, version };
  }

  @ApiOperation({ summary: 'Choose whether unknown people of the provider may join as viewers; recorded as SignInPolicyChanged (admins)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Change only while the settings are at this version: "n" (412 otherwise)' })
  @ApiOkResponse({ type: SignInSettingsResponseDto, description: 'The settings now; the ETag header holds the version' })
  @Put()
  async change(@Body() body: SignInSettingsDto, @CurrentWrite() write: WriteContext, @Res({ passthrough: true }) res: Response): Promise<SignInSettingsResponseDto> {
    const { version } = await this.settings.change({ type: 'ChangeSignInPolicy', oidcNewcomersJoinAs: body.oidcNewcomersJoinAs }, write);
    res.setHeader('ETag', etagOf(version));
    return { oidcNewcomersJoinAs: body.oidcNewcomersJoinAs, version };
  }
}
