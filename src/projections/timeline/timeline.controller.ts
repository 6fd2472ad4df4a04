import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Access, CurrentPrincipal } from '../../auth/access.decorator.js';
import type { Principal } from '../../auth/roles.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { uuidParam } from '../../http/uuid-param.pipe.js';
import { ProjectionProgress } from '../projection-progress.js';
import { TimelineFilterQuery, TimelinePageDto, TimelineQuery } from './timeline.dto.js';
import { TimelineQueries } from './timeline.queries.js';
import { timelineCsvStringifier, toCsvRecord } from './timeline-csv.js';

const VISIBILITY_NOTE =
  'Without a token only public milestones; viewers and editors also see internal ones; auditors and admins confidential ones too.';

@ApiProblems()
@ApiTags('processes: reads')
@ApiBearerAuth()
@Controller('api/processes/:id')
export class TimelineController {
  constructor(
    private readonly timeline: TimelineQueries,
    private readonly progress: ProjectionProgress,
  ) {}

  @ApiOperation({ summary: 'The milestones in date order, filtered and paginated (public)', description: VISIBILITY_NOTE })
  @ApiOkResponse({ type: TimelinePageDto })
  @Access('public')
  @Get('timeline')
  async list(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: TimelineQuery,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<TimelinePageDto> {
    await this.ready(id, query);
    return this.timeline.page(id, query, principal);
  }

  @ApiOperation({
    summary: 'The same milestones as CSV, all pages at once (public)',
    description: `UTF-8 with a BOM, a header row in \`lang\`, lists joined with "; ". ${VISIBILITY_NOTE}`,
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } } } })
  @Access('public')
  @Get('timeline.csv')
  async csv(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: TimelineFilterQuery,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res() response: Response,
  ): Promise<void> {
    await this.ready(id, query);
    response.status(200).set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="timeline-${id}.csv"`,
    });
    await pipeline(
      this.timeline.all(id, query, principal),
      async function* (items) {
        for await (const item of items) yield toCsvRecord(item);
      },
      timelineCsvStringifier(query.lang ?? 'en'),
      response,
    );
  }

  /** 404 for an unknown process; read-your-writes for minPosition (asOf reads the log itself, it need not wait). */
  private async ready(id: string, query: TimelineFilterQuery): Promise<void> {
    if (!(await this.timeline.processExists(id))) throw new NotFoundException(`There is no process ${id}`);
    if (query.asOf !== undefined) return;
    await this.progress.ensureReached(['timeline'], query.minPosition);
  }
}
