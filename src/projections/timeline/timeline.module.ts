import { Module } from '@nestjs/common';
import { TimelineController } from './timeline.controller.js';
import { TimelineProjection } from './timeline.projection.js';
import { TimelineQueries } from './timeline.queries.js';

@Module({
  controllers: [TimelineController],
  providers: [TimelineProjection, TimelineQueries],
  exports: [TimelineProjection],
})
export class TimelineModule {}
