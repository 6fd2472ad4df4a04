import { Module } from '@nestjs/common';
import { TimelineController } from './timeline.controller.js';
import { TimelineProjection } from './timeline.projection.js';
import { TimelinePageCache } from './timeline-page-cache.js';
import { TimelineQueries } from './timeline.queries.js';

@Module({
  controllers: [TimelineController],
  providers: [TimelineProjection, TimelineQueries, TimelinePageCache],
  exports: [TimelineProjection],
})
export class TimelineModule {}
