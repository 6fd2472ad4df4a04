import { Controller, ForbiddenException, Get, NotFoundException, Param, Query, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Pool } from 'pg';
import { Access } from '../auth/access.decorator.js';
import { AppConfig } from '../config/config.js';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { uuidParam } from '../http/uuid-param.pipe.js';
import { DeadlinesQueries } from '../projections/deadlines/deadlines.queries.js';
import { ProjectionProgress } from '../projections/projection-progress.js';
import { FeedQuery } from './deadlines-feed.dto.js';
import { deadlinesFeed } from './deadlines-feed.js';
import { FeedKeys } from './feed-keys.service.js';

const SOURCES = ['processes', 'deadlines'];

@ApiProblems()
@ApiTags('calendar feeds')
@Controller('api/processes')
export class DeadlinesFeedController {
  constructor(
    private readonly keys: FeedKeys,
    private readonly deadlines: DeadlinesQueries,
    private readonly progress: ProjectionProgress,
    private readonly pool: Pool,
    private readonly config: AppConfig,
  ) {}

  @ApiOperation({
    summary: 'The deadlines as an iCalendar (RFC 5545) feed, for calendar clients (a feed key, no token)',
    description: 'One event per deadline with a stable UID, in its own time zone, an alarm per remindBefore; cancelled ones marked CANCELLED.',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ content: { 'text/calendar': { schema: { type: 'string' } } } })
  @Access('public')
  @Get(':id/deadlines.ics')
  async feed(@Param('id', uuidParam('id')) id: string, @Query() query: FeedQuery, @Res() response: Response): Promise<void> {
    if (query.key === undefined) throw new UnauthorizedException('The feed needs its key: …/deadlines.ics?key=<feed key>');
    const check = await this.keys.check(id, query.key);
    if (check === 'unknown') throw new UnauthorizedException('The feed key is not known');
    if (check === 'revoked') throw new ForbiddenException('The feed key was revoked');
    if (check === 'other-process') throw new ForbiddenException('The feed key belongs to another process');
    await this.progress.ensureReached(SOURCES, query.minPosition);
    const deadlines = await this.deadlines.list(id, new Date(), 'none');
    if (!deadlines) throw new NotFoundException(`There is no process ${id}`);
    const title = await this.pool.query<{ title: string }>(`SELECT title FROM processes WHERE process_id = $1`, [id]);
    const ics = deadlinesFeed({
      processId: id,
      processTitle: title.rows[0]?.title ?? id,
      deadlines: deadlines.items,
      publicBaseUrl: this.config.publicBaseUrl,
      language: query.lang ?? 'en',
    });
    response
      .status(200)
      .set({ 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, no-cache', 'Content-Disposition': `inline; filename="deadlines-${id}.ics"` })
      .send(ics);
  }
}
