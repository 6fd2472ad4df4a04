import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import type { Principal } from '../auth/roles.js';
import { AppConfig } from '../config/config.js';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { uuidParam } from '../http/uuid-param.pipe.js';
import { CreateFeedKeyDto, FeedKeyDto, FeedKeyListDto, RevokedFeedKeyDto, RevokeFeedKeyDto } from './feed-keys.dto.js';
import { FeedKeys } from './feed-keys.service.js';

@ApiProblems()
@ApiTags('calendar feeds')
@ApiBearerAuth()
@Access('write')
@Controller('api/processes/:id/feed-keys')
export class FeedKeysController {
  constructor(
    private readonly keys: FeedKeys,
    private readonly config: AppConfig,
  ) {}

  @ApiOperation({ summary: 'A key for the calendar feed of the process, shown once (editors, admins)' })
  @ApiCreatedResponse({ type: FeedKeyDto })
  @Post()
  async create(@Param('id', uuidParam('id')) id: string, @Body() body: CreateFeedKeyDto, @CurrentPrincipal() principal: Principal): Promise<FeedKeyDto> {
    if (!(await this.keys.processExists(id))) throw new NotFoundException(`There is no process ${id}`);
    const { keyId, key } = await this.keys.create(id, body.label, principal.tokenId);
    return { keyId, key, url: `${this.config.publicBaseUrl}/api/processes/${id}/deadlines.ics?key=${encodeURIComponent(key)}` };
  }

  @ApiOperation({ summary: 'The feed keys of the process with label, creation and last use, revoked ones too; never the key (editors, admins)' })
  @ApiOkResponse({ type: FeedKeyListDto })
  @Get()
  async list(@Param('id', uuidParam('id')) id: string): Promise<FeedKeyListDto> {
    if (!(await this.keys.processExists(id))) throw new NotFoundException(`There is no process ${id}`);
    return { items: await this.keys.list(id) };
  }

  @ApiOperation({ summary: 'Revoke the feed key given in the body, e.g. from a leaked feed address whose keyId is unknown (editors, admins)' })
  @ApiOkResponse({ type: RevokedFeedKeyDto })
  @HttpCode(200)
  @Post('revocation')
  async revokeByKey(@Param('id', uuidParam('id')) id: string, @Body() body: RevokeFeedKeyDto): Promise<RevokedFeedKeyDto> {
    const keyId = await this.keys.revokeByKey(id, body.key);
    if (keyId === undefined) throw new NotFoundException(`That is not a live feed key of process ${id}`);
    return { keyId };
  }

  @ApiOperation({ summary: 'Revoke a feed key: the feed refuses it from now on (editors, admins)' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @HttpCode(204)
  @Delete(':keyId')
  async revoke(@Param('id', uuidParam('id')) id: string, @Param('keyId', uuidParam('keyId')) keyId: string): Promise<void> {
    if (!(await this.keys.revoke(id, keyId))) throw new NotFoundException(`There is no live feed key ${keyId} for process ${id}`);
  }
}
