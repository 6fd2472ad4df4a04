import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Access, CurrentPrincipal } from '../../auth/access.decorator.js';
import type { Principal } from '../../auth/roles.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { uuidParam } from '../../http/uuid-param.pipe.js';
import { ProjectionProgress } from '../projection-progress.js';
import { visibleTo } from '../visibility.js';
import { TimelineFilterQuery, TimelinePageDto, TimelineQuery } from './timeline.dto.js';
import { serialise, TimelinePageCache } from './timeline-page-cache.js';
import { TimelineQueries } from './timeline.queries.js';
import { timelineCsvStringifier, timelineSheetColumns, toCsvRecord } from './timeline-csv.js';
import { writeXlsxSheet, XLSX_MEDIA_TYPE } from '../spreadsheets/xlsx-sheet.js';

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
    private readonly cache: TimelinePageCache,
  ) {}

  @ApiOperation({ summary: 'The milestones in date order, filtered and paginated (public)', description: VISIBILITY_NOTE })
  @ApiOkResponse({ type: TimelinePageDto })
  @Access('public')
  @Get('timeline')
  async list(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: TimelineQuery,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const read = async () => {
      await this.ready(id, query);
      return this.timeline.page(id, query, principal);
    };
    // asOf folds the log and minPosition must see a given write: both read past the cache.
    const uncached = query.asOf !== undefined || query.minPosition !== undefined;
    const page = uncached ? serialise(await read()) : await this.cache.page(pageKey(id, query, principal), read);
    // Express answers a matching If-None-Match with 304 from this ETag.
    response.set({ 'Content-Type': 'application/json; charset=utf-8', ETag: page.etag }).send(page.body);
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

  @ApiOperation({
    summary: 'The same milestones as an XLSX workbook, all pages at once (public)',
    description: `The CSV's columns and values (same filters and \`lang\`), header row frozen, dates and instants as spreadsheet dates (UTC), Confirmed as a boolean, text as text cells that are never evaluated. An export is a valid import file. ${VISIBILITY_NOTE}`,
  })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse({ content: { [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @Access('public')
  @Get('timeline.xlsx')
  async xlsx(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: TimelineFilterQuery,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res() response: Response,
  ): Promise<void> {
    await this.ready(id, query);
    response.status(200).set({ 'Content-Type': XLSX_MEDIA_TYPE, 'Content-Disposition': `attachment; filename="timeline-${id}.xlsx"` });
    const items = this.timeline.all(id, query, principal);
    await writeXlsxSheet(response, 'Timeline', timelineSheetColumns(query.lang ?? 'en'), (async function* () {
      for await (const item of items) yield toCsvRecord(item);
    })());
  }

  /** 404 for an unknown process; read-your-writes for minPosition (asOf reads the log itself, it need not wait). */
  private async ready(id: string, query: TimelineFilterQuery): Promise<void> {
    if (!(await this.timeline.processExists(id))) throw new NotFoundException(`There is no process ${id}`);
    if (query.asOf !== undefined) return;
    await this.progress.ensureReached(['timeline'], query.minPosition);
  }
}

/** Everything a page depends on: the process, what the reader may see, and every parameter that shapes it. */
function pageKey(id: string, query: TimelineQuery, principal: Principal | undefined): string {
  const { from, to, kind, stakeholder, buildingBlock, q, lang, cursor, limit } = query;
  return JSON.stringify([id, visibleTo(principal), from, to, kind, stakeholder, buildingBlock, q, lang, cursor, limit]);
}
