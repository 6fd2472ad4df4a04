import { Module } from '@nestjs/common';
import { DeadlinesController } from './deadlines.controller.js';
import { DeadlinesQueries } from './deadlines.queries.js';
import { DeadlinesProjection } from './deadlines.projection.js';

@Module({
  providers: [DeadlinesProjection, DeadlinesQueries],
  controllers: [DeadlinesController],
  exports: [DeadlinesProjection, DeadlinesQueries],
})
export class DeadlinesModule {}
