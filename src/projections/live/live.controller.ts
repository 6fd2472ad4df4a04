import { Controller, Headers, Param, Req, Sse, SseSignal } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { takeUntil, type Observable } from 'rxjs';
import { Access, CurrentPrincipal } from '../../auth/access.decorator.js';
import type { Principal } from '../../auth/roles.js';
import { EventStore } from '../../event-store/event-store.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { RequestValidationError } from '../../errors/application-error.js';
import { uuidParam } from '../../http/uuid-param.pipe.js';
import { DomainError } from '../../processes/domain/process.errors.js';
import { processStreamId } from '../../processes/process-stream.js';
import { LiveFeed, type LiveMessage } from './live-feed.service.js';
import { LiveStreams } from './live-streams.service.js';

@ApiProblems()
@ApiTags('processes: reads')
@Access('public')
@Controller('api/processes')
export class LiveController {
  constructor(
    private readonly feed: LiveFeed,
    private readonly streams: LiveStreams,
    private readonly store: EventStore,
  ) {}

  @ApiOperation({
    summary:
      'Server-Sent Events: each new event of the process as it is projected, as the caller may see it; resumes after Last-Event-ID. ' +
      'A stream ends at its lifetime (LIVE_STREAM_MAX_MINUTES) and when its token is revoked; 429 beyond the open streams allowed',
  })
  @ApiProduces('text/event-stream')
  @Sse(':id/live')
  async live(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() request: Request,
    @SseSignal() closed: AbortSignal,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<Observable<LiveMessage>> {
    if (lastEventId !== undefined && !/^\d{1,15}$/.test(lastEventId)) {
      throw new RequestValidationError([{ field: 'Last-Event-ID', message: 'must be the id (a position) of an event this feed sent' }]);
    }
    // Counted before any query, so that refused clients cost no database work.
    const ticket = await this.streams.admit(request.ip ?? 'unknown', principal, closed);
    if ((await this.store.streamVersion(processStreamId(id))) === 0) throw new DomainError('process-not-found', `There is no process ${id}`);
    return this.feed.follow(id, principal, lastEventId === undefined ? undefined : Number(lastEventId), ticket.clearance).pipe(takeUntil(ticket.ended));
  }
}
