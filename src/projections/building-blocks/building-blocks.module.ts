import { Module } from '@nestjs/common';
import { BuildingBlocksController } from './building-blocks.controller.js';
import { BuildingBlocksQueries } from './building-blocks.queries.js';
import { BuildingBlocksProjection } from './building-blocks.projection.js';

@Module({
  providers: [BuildingBlocksProjection, BuildingBlocksQueries],
  controllers: [BuildingBlocksController],
  exports: [BuildingBlocksProjection],
})
export class BuildingBlocksModule {}
