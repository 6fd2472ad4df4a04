import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../projection-registry.js';
import { BuildingBlocksController } from './building-blocks.controller.js';
import { BuildingBlocksQueries } from './building-blocks.queries.js';
import { BuildingBlocksProjection } from './building-blocks.projection.js';

@Module({
  providers: [BuildingBlocksProjection, BuildingBlocksQueries],
  controllers: [BuildingBlocksController],
})
export class BuildingBlocksModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly projection: BuildingBlocksProjection,
  ) {}

  onModuleInit(): void {
    this.projections.register(this.projection);
  }
}
