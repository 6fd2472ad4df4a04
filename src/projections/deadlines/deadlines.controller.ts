import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Access, CurrentPrincipal } from '../../auth/access.decorator.js';
import { roleCan, type Principal } from '../../auth/roles.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { uuidParam } from '../../http/uuid-param.pipe.js';
import { ProjectionProgress } from '../projection-progress.js';
import { writeXlsxSheet, XLSX_MEDIA_TYPE } from '../spreadsheets/xlsx-sheet.js';
import { ReadConsistencyQuery } from '../read-consistency.js';
import { DeadlineListDto, DeadlinesExportQuery } from './deadlines.dto.js';
import { DeadlinesQueries, type ReminderDetail } from './deadlines.queries.js';
import { deadlineSheetColumns, deadlinesCsvStringifier, toDeadlineRecord } from './deadlines-spreadsheet.js';

const SOURCES = ['processes', 'deadlines', 'reminder-ledger'];

@ApiProblems()
@ApiTags('processes: reads')
@ApiBearerAuth()
@Controller('api/processes')
export class DeadlinesController {
  constructor(
    private readonly queries: DeadlinesQueries,
    private readonly progress: ProjectionProgress,
  ) {}

  @ApiOperation({
    summary: 'The deadlines of a process with their status in their own time zone and moves (public)',
    description: 'Editors and admins also get every reminder (subscription, channel, attempts, last error); viewers and auditors get counts of reminders by state; anonymous readers neither.',
  })
  @ApiOkResponse({ type: DeadlineListDto })
  @Access('public')
  @Get(':id/deadlines')
  async list(@Param('id', uuidParam('id')) id: string, @Query() query: ReadConsistencyQuery, @CurrentPrincipal() principal?: Principal): Promise<DeadlineListDto> {
    await this.progress.ensureReached(SOURCES, query.minPosition);
    const deadlines = await this.queries.list(id, new Date(), reminderDetailFor(principal));
    if (!deadlines) throw new NotFoundException(`There is no process ${id}`);
    return deadlines;
  }

  @ApiOperation({
    summary: 'The same deadlines as CSV (public)',
    description: 'UTF-8 with a BOM, a header row in `lang`, reminder offsets joined with "; ", cells that would start a formula prefixed with \'. No reminders: they are for editors, in the JSON.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } } } })
  @Access('public')
  @Get(':id/deadlines.csv')
  async csv(@Param('id', uuidParam('id')) id: string, @Query() query: DeadlinesExportQuery, @Res() response: Response): Promise<void> {
    const deadlines = await this.exported(id, query);
    response.status(200).set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="deadlines-${id}.csv"` });
    await pipeline(Readable.from(deadlines.map(toDeadlineRecord)), deadlinesCsvStringifier(query.lang ?? 'en'), response);
  }

  @ApiOperation({
    summary: 'The same deadlines as an XLSX workbook (public)',
    description: 'One sheet, header row in `lang` and frozen, due instants and dates as spreadsheet dates (UTC), columns sized.',
  })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse({ content: { [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @Access('public')
  @Get(':id/deadlines.xlsx')
  async xlsx(@Param('id', uuidParam('id')) id: string, @Query() query: DeadlinesExportQuery, @Res() response: Response): Promise<void> {
    const deadlines = await this.exported(id, query);
    response.status(200).set({ 'Content-Type': XLSX_MEDIA_TYPE, 'Content-Disposition': `attachment; filename="deadlines-${id}.xlsx"` });
    await writeXlsxSheet(response, 'Deadlines', deadlineSheetColumns(query.lang ?? 'en'), Readable.from(deadlines.map(toDeadlineRecord)));
  }

  /** The list every reader may see (no reminders), read before the answer starts so a 404 is still a problem+json. */
  private async exported(id: string, query: ReadConsistencyQuery) {
    await this.progress.ensureReached(SOURCES, query.minPosition);
    const deadlines = await this.queries.list(id, new Date(), 'none');
    if (!deadlines) throw new NotFoundException(`There is no process ${id}`);
    return deadlines.items;
  }
}

/** Who subscribed, on which channel, and why a delivery failed is for those who manage reminders. */
function reminderDetailFor(principal: Principal | undefined): ReminderDetail {
  if (!principal) return 'none';
  return roleCan(principal.role, 'write') ? 'reminders' : 'counts';
}
