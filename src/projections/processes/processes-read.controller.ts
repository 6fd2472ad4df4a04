import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '../../auth/access.decorator.js';
import { roleCan, type Principal, type Role } from '../../auth/roles.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { RequestValidationError } from '../../errors/application-error.js';
import { uuidParam } from '../../http/uuid-param.pipe.js';
import { ProjectionProgress } from '../projection-progress.js';
import { ReadConsistencyQuery } from '../read-consistency.js';
import { visibleToRole } from '../visibility.js';
import { ProcessListDto, ProcessListQuery, ProcessSummaryDto } from './processes.dto.js';
import { decodeCursor, ProcessesQueries, type ProcessesReading, type ProcessReading } from './processes.queries.js';

// A summary reads the counts, next deadline and last activity from these read models too.
const SOURCES = ['processes', 'timeline', 'building-blocks', 'deadlines'];
const DEFAULT_LIMIT = 50;

@ApiProblems()
@ApiTags('processes: reads')
@ApiBearerAuth()
@Controller('api/processes')
export class ProcessesReadController {
  constructor(
    private readonly queries: ProcessesQueries,
    private readonly progress: ProjectionProgress,
  ) {}

  @ApiOperation({ summary: 'Every process with its counts, next deadline and last activity, oldest first (public)' })
  @ApiOkResponse({ type: ProcessListDto })
  @Access('public')
  @Get()
  async list(@Query() query: ProcessListQuery, @CurrentPrincipal() principal?: Principal): Promise<ProcessListDto> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && after === undefined) {
      throw new RequestValidationError([{ field: 'cursor', message: 'must be a nextCursor this API returned' }]);
    }
    await this.caughtUp(query.minPosition);
    return this.queries.list(readingOfEach(principal), query.limit ?? DEFAULT_LIMIT, after);
  }

  // A route of one process: the guard gave the principal its role on this process.
  @ApiOperation({ summary: 'One process and its current state (public)' })
  @ApiOkResponse({ type: ProcessSummaryDto })
  @Access('public')
  @Get(':id')
  async get(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ReadConsistencyQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ProcessSummaryDto> {
    await this.caughtUp(query.minPosition);
    const process = await this.queries.get(readingAs(principal?.role), id);
    if (!process) throw new NotFoundException(`There is no process ${id}`);
    return process;
  }

  private async caughtUp(minPosition: number | undefined): Promise<void> {
    await this.progress.ensureReached(SOURCES, minPosition);
  }
}

/** Auditors and admins read every event of the stream (GET …/events); for anyone else its head would betray hidden ones. */
function readingAs(role: Role | undefined): ProcessReading {
  return { visibility: visibleToRole(role), head: role !== undefined && roleCan(role, 'audit') ? 'shown' : 'hidden' };
}

/** Outside a process route the principal's role is the tracker-wide one; where the person holds another, it governs that process. */
function readingOfEach(principal: Principal | undefined): ProcessesReading {
  const byProcess = new Map([...(principal?.processRoles ?? [])].map(([processId, role]) => [processId, readingAs(role)]));
  return { everywhere: readingAs(principal?.role), byProcess };
}
