import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../projection-registry.js';
import { DeadlinesController } from './deadlines.controller.js';
import { DeadlinesQueries } from './deadlines.queries.js';
import { DeadlinesProjection } from './deadlines.projection.js';

@Module({
  providers: [DeadlinesProjection, DeadlinesQueries],
  controllers: [DeadlinesController],
  exports: [DeadlinesQueries],
})
export class DeadlinesModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly projection: DeadlinesProjection,
  ) {}

  onModuleInit(): void {
    this.projections.register(this.projection);
  }
}
