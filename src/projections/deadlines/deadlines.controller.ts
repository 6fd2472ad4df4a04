import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '../../auth/access.decorator.js';
import { roleCan, type Principal } from '../../auth/roles.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { uuidParam } from '../../http/uuid-param.pipe.js';
import { ProjectionProgress } from '../projection-progress.js';
import { ReadConsistencyQuery } from '../read-consistency.js';
import { DeadlineListDto } from './deadlines.dto.js';
import { DeadlinesQueries, type ReminderDetail } from './deadlines.queries.js';

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
}

/** Who subscribed, on which channel, and why a delivery failed is for those who manage reminders. */
function reminderDetailFor(principal: Principal | undefined): ReminderDetail {
  if (!principal) return 'none';
  return roleCan(principal.role, 'write') ? 'reminders' : 'counts';
}
