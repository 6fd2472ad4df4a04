import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../projection-registry.js';
import { ProcessesReadController } from './processes-read.controller.js';
import { ProcessesQueries } from './processes.queries.js';
import { ProcessesProjection } from './processes.projection.js';

@Module({
  providers: [ProcessesProjection, ProcessesQueries],
  controllers: [ProcessesReadController],
})
export class ProcessesReadModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly projection: ProcessesProjection,
  ) {}

  onModuleInit(): void {
    this.projections.register(this.projection);
  }
}
