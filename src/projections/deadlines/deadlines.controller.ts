import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../../auth/access.decorator.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { uuidParam } from '../../http/uuid-param.pipe.js';
import { ProjectionProgress } from '../projection-progress.js';
import { ReadConsistencyQuery } from '../read-consistency.js';
import { DeadlineListDto } from './deadlines.dto.js';
import { DeadlinesQueries } from './deadlines.queries.js';

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

  @ApiOperation({ summary: 'The deadlines of a process with their status in their own time zone, moves and reminders (public)' })
  @ApiOkResponse({ type: DeadlineListDto })
  @Access('public')
  @Get(':id/deadlines')
  async list(@Param('id', uuidParam('id')) id: string, @Query() query: ReadConsistencyQuery): Promise<DeadlineListDto> {
    await this.progress.ensureReached(SOURCES, query.minPosition);
    const deadlines = await this.queries.list(id, new Date());
    if (!deadlines) throw new NotFoundException(`There is no process ${id}`);
    return deadlines;
  }
}
