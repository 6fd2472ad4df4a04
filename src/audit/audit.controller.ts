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
  DEFAULT_SEAL_LIMIT,
  SealPageDto,
  SealPageQuery,
  SealPublicKeysDto,
  VerificationDto,
} from './audit.dto.js';
import { SEAL_SIGNATURE_ALGORITHM } from '../event-store/integrity/seal-signature.js';

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

  @ApiOperation({
    summary: 'The signed seal chain, page by page (public: keep a copy)',
    description:
      'Each seal: range of positions, number of events, digest, previous digest, time, signature and key. ' +
      'Seals hold hashes and positions only, never data; they do show how many events were recorded and when. ' +
      'Check a copy with `npm run audit:verify -- --file seals.ndjson --public-key key.pem` (see docs/audit.md).',
  })
  @ApiOkResponse({ type: SealPageDto })
  @Access('public')
  @Get('audit/seals')
  async seals(@Query() query: SealPageQuery): Promise<SealPageDto> {
    await this.log.ensureVisible(query.minPosition);
    const limit = query.limit ?? DEFAULT_SEAL_LIMIT;
    const items = await this.integrity.sealsAfter(query.cursor === undefined ? (query.after ?? 0) : Number(query.cursor), limit);
    return { items, ...(items.length === limit && { nextCursor: String(items[items.length - 1].sealNumber) }) };
  }

  @ApiOperation({ summary: 'The public keys that sign seals, every one ever used (public)' })
  @ApiOkResponse({ type: SealPublicKeysDto })
  @Access('public')
  @Get('audit/public-key')
  async publicKey(): Promise<SealPublicKeysDto> {
    const [keys, newest] = await Promise.all([this.integrity.publicKeys(), this.integrity.newestSignedSeal()]);
    return { algorithm: SEAL_SIGNATURE_ALGORITHM, ...(newest?.keyId && { currentKeyId: newest.keyId }), keys };
  }
}
