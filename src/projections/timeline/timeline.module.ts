import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../projection-registry.js';
import { TimelineController } from './timeline.controller.js';
import { TimelineProjection } from './timeline.projection.js';
import { TimelinePageCache } from './timeline-page-cache.js';
import { TimelineQueries } from './timeline.queries.js';

@Module({
  controllers: [TimelineController],
  providers: [TimelineProjection, TimelineQueries, TimelinePageCache],
})
export class TimelineModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly projection: TimelineProjection,
  ) {}

  onModuleInit(): void {
    this.projections.register(this.projection);
  }
}
