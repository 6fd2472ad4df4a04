import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { Access, CurrentPrincipal } from '../auth/access.decorator.js';
import type { Principal } from '../auth/roles.js';
import type { WriteContext } from '../event-store/write-context.js';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { uuidParam } from '../http/uuid-param.pipe.js';
import { CurrentWrite } from '../http/write-request.decorator.js';
import { written } from '../http/write-response.js';
import { XLSX_MEDIA_TYPE } from '../projections/spreadsheets/xlsx-sheet.js';
import { ApplyImportCommand } from './commands/apply-import/apply-import.command.js';
import { templateHeader, writeTemplateXlsx } from './http/import-template.js';
import { discardRest, limitedBody, uploadFormat } from './http/upload-body.js';
import { ImportPreviewer } from './import-previewer.js';
import {
  ApplyImportDto,
  ApplyResultDto,
  DEFAULT_ROWS_PAGE,
  ImportPreviewDto,
  ImportRowsQuery,
  ImportUploadQuery,
  TemplateQuery,
} from './imports.dto.js';
import { ImportsStore, type ImportRecord } from './imports.store.js';
import { MAX_UPLOAD_BYTES } from './parsing/upload-limit.js';

const LIMITS = `At most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB, 1,000 columns and 100,000 rows; an XLSX may unpack to at most 256 MiB in at most 1,000 parts.`;

/** Spreadsheet import: a preview kept for 24 hours, then one apply; for editors and admins. */
@ApiProblems()
@ApiTags('processes: import')
@ApiBearerAuth()
@Access('write')
@Controller('api/processes/:id/imports')
export class ImportsController {
  constructor(
    private readonly previewer: ImportPreviewer,
    private readonly imports: ImportsStore,
    private readonly commands: CommandBus,
  ) {}

  @ApiOperation({ summary: 'An empty import file: the header row of the timeline export in `lang` (editors, admins)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } } } })
  @Get('template.csv')
  async templateCsv(@Param('id', uuidParam('id')) _id: string, @Query() query: TemplateQuery, @Res() response: Response): Promise<void> {
    response.status(200).set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="import-template.csv"' });
    await pipeline(Readable.from([]), stringify({ bom: true, header: true, record_delimiter: 'windows', columns: templateHeader(query.lang ?? 'en') }), response);
  }

  @ApiOperation({ summary: 'The same template as XLSX, with a second sheet listing the kinds, stakeholder groups, building blocks and visibilities accepted (editors, admins)' })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse({ content: { [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @Get('template.xlsx')
  async templateXlsx(@Param('id', uuidParam('id')) _id: string, @Query() query: TemplateQuery, @Res() response: Response): Promise<void> {
    response.status(200).set({ 'Content-Type': XLSX_MEDIA_TYPE, 'Content-Disposition': 'attachment; filename="import-template.xlsx"' });
    await writeTemplateXlsx(response, query.lang ?? 'en');
  }

  @ApiOperation({
    summary: 'Preview an import: every row read and checked against the process, nothing written (editors, admins)',
    description: `The file is the request body: Content-Type text/csv (UTF-8 with or without BOM, comma or semicolon) or ${XLSX_MEDIA_TYPE} (the first sheet). Its columns are the timeline export's, in any of its languages. ${LIMITS} See docs/import.md.`,
  })
  @ApiConsumes('text/csv', XLSX_MEDIA_TYPE)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: ImportPreviewDto })
  @Post()
  async preview(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ImportUploadQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ): Promise<ImportPreviewDto> {
    try {
      const format = uploadFormat(request.headers['content-type']);
      const body = await limitedBody(request);
      const record = await this.previewer.preview({
        processId: id,
        fileName: query.fileName ?? `upload.${format}`,
        format,
        body,
        uploadedBy: principal.name,
      });
      return await this.page(record, {});
    } finally {
      await discardRest(request);
    }
  }

  @ApiOperation({ summary: 'An import: its status, progress while it is applied, counts, and a page of its rows (editors, admins)' })
  @ApiOkResponse({ type: ImportPreviewDto })
  @Get(':importId')
  async find(
    @Param('id', uuidParam('id')) id: string,
    @Param('importId', uuidParam('importId')) importId: string,
    @Query() query: ImportRowsQuery,
  ): Promise<ImportPreviewDto> {
    return this.page(await this.imports.find(id, importId), query);
  }

  @ApiOperation({
    summary: 'Apply an import: each accepted row checked again and written as its ordinary event, under one correlation id (editors, admins)',
    description: 'Rows that became unchanged are skipped; applying the same import again writes nothing and answers the first result. Progress: GET the import while this runs.',
  })
  @ApiCreatedResponse({ type: ApplyResultDto, description: 'Applied; the ETag header holds the new version' })
  @Post(':importId/apply')
  async apply(
    @Param('id', uuidParam('id')) id: string,
    @Param('importId', uuidParam('importId')) importId: string,
    @Body() body: ApplyImportDto,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ApplyResultDto> {
    return written(response, await this.commands.execute(new ApplyImportCommand(id, importId, body.asDrafts ?? false, write)));
  }

  private async page(record: ImportRecord, query: ImportRowsQuery): Promise<ImportPreviewDto> {
    const limit = query.limit ?? DEFAULT_ROWS_PAGE;
    const rows = await this.imports.rows(record.importId, query.after ?? 0, limit + 1, query.status);
    const { processId: _processId, uploadedBy: _uploadedBy, createdAt: _createdAt, result, ...summary } = record;
    return {
      ...summary,
      ...(result !== null && { result: { importId: record.importId, ...result } }),
      rows: rows.slice(0, limit),
      ...(rows.length > limit && { nextAfter: rows[limit - 1].row }),
    };
  }
}
