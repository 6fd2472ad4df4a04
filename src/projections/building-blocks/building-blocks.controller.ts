import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '../../auth/access.decorator.js';
import type { Principal } from '../../auth/roles.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { uuidParam } from '../../http/uuid-param.pipe.js';
import { ProjectionProgress } from '../projection-progress.js';
import { ReadConsistencyQuery } from '../read-consistency.js';
import { visibleTo } from '../visibility.js';
import { ProgressDto } from './building-blocks.dto.js';
import { BuildingBlocksQueries } from './building-blocks.queries.js';

// Evidence and activity measures come from the timeline's milestones.
const SOURCES = ['processes', 'building-blocks', 'timeline'];

@ApiProblems()
@ApiTags('processes: reads')
@ApiBearerAuth()
@Controller('api/processes')
export class BuildingBlocksController {
  constructor(
    private readonly queries: BuildingBlocksQueries,
    private readonly progress: ProjectionProgress,
  ) {}

  @ApiOperation({ summary: 'Progress against the seven building blocks: rating, history, evidence, activity measures (public)' })
  @ApiOkResponse({ type: ProgressDto })
  @Access('public')
  @Get(':id/progress')
  async get(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ReadConsistencyQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ProgressDto> {
    await this.progress.ensureReached(SOURCES, query.minPosition);
    const progress = await this.queries.progress(id, visibleTo(principal), new Date());
    if (!progress) throw new NotFoundException(`There is no process ${id}`);
    return progress;
  }
}
