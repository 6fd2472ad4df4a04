import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Access } from '../auth/access.decorator.js';
import { LogIntegrity } from '../event-store/integrity/log-integrity.js';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { AuditLog, type AuditFilter } from './audit-log.js';
import { auditExportChunks, auditExportLines } from './audit-export.js';
import {
  AuditFilterQuery,
  AuditPageDto,
  AuditQuery,
  decodeAuditCursor,
  DEFAULT_AUDIT_LIMIT,
  encodeAuditCursor,
  SealListDto,
  VerificationDto,
} from './audit.dto.js';

function filterOf(query: AuditFilterQuery): AuditFilter {
  return {
    after: query.after,
    actor: query.actor,
    type: query.type,
    from: query.from === undefined ? undefined : new Date(query.from),
    to: query.to === undefined ? undefined : new Date(query.to),
  };
}

@ApiProblems()
@ApiTags('audit')
@ApiBearerAuth()
@Access('audit')
@Controller('api')
export class AuditController {
  constructor(
    private readonly log: AuditLog,
    private readonly integrity: LogIntegrity,
  ) {}

  @ApiOperation({ summary: 'The global log: who recorded what, when, with each hash (auditors, admins)' })
  @ApiOkResponse({ type: AuditPageDto })
  @Get('audit')
  async list(@Query() query: AuditQuery): Promise<AuditPageDto> {
    await this.log.ensureVisible(query.minPosition);
    const page = await this.log.page(filterOf(query), query.limit ?? DEFAULT_AUDIT_LIMIT, decodeAuditCursor(query.cursor));
    return { items: page.items, ...(page.next && { nextCursor: encodeAuditCursor(page.next) }) };
  }

  @ApiOperation({
    summary: 'The same log streamed as NDJSON (auditors, admins)',
    description:
      'First line `{"export": …}`, last line `{"end": …}`, seals as `{"seal": …}` before the events they cover, every other line an audit entry. ' +
      'An export without filters verifies offline: `npm run audit:verify -- --file audit.ndjson` (see docs/audit.md).',
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ content: { 'application/x-ndjson': { schema: { type: 'string' } } } })
  @Get('audit.ndjson')
  async ndjson(@Query() query: AuditFilterQuery, @Res() response: Response): Promise<void> {
    await this.log.ensureVisible(query.minPosition);
    const now = new Date();
    response.status(200).set({
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-${now.toISOString().replace(/[:.]/g, '-')}.ndjson"`,
    });
    await pipeline(Readable.from(auditExportChunks(auditExportLines(this.log, filterOf(query), now))), response);
  }

  @ApiOperation({ summary: 'Recompute every hash chain and seal; name the first position that does not match (auditors, admins)' })
  @ApiOkResponse({ type: VerificationDto })
  @Get('audit/verify')
  async verify(): Promise<VerificationDto> {
    return this.integrity.verify();
  }

  @ApiOperation({ summary: 'The seals written so far: range of positions, digest, time (auditors, admins)' })
  @ApiOkResponse({ type: SealListDto })
  @Get('audit/seals')
  async seals(): Promise<SealListDto> {
    return { items: await this.integrity.listSeals() };
  }
}
