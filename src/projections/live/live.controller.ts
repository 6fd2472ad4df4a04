import { Controller, Headers, Param, Sse } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { Access, CurrentPrincipal } from '../../auth/access.decorator.js';
import type { Principal } from '../../auth/roles.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { RequestValidationError } from '../../http/problem-details.js';
import { uuidParam } from '../../http/uuid-param.pipe.js';
import { LiveFeed, type LiveMessage } from './live-feed.service.js';


@ApiProblems()
@ApiTags('processes: reads')
@Access('public')
@Controller('api/processes')
export class LiveController {
  constructor(private readonly feed: LiveFeed) {}

  @ApiOperation({
    summary: 'Server-Sent Events: each new event of the process as it is projected, as the caller may see it; resumes after Last-Event-ID',
  })
  @ApiProduces('text/event-stream')
  @Sse(':id/live')
  live(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Headers('last-event-id') lastEventId?: string,
  ): Observable<LiveMessage> {
    if (lastEventId !== undefined && !/^\d{1,15}$/.test(lastEventId)) {
      throw new RequestValidationError([{ field: 'Last-Event-ID', message: 'must be the id (a position) of an event this feed sent' }]);
    }
    return this.feed.follow(id, principal, lastEventId === undefined ? undefined : Number(lastEventId));
  }
}
