import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProjectionLagReader } from './projection-lag.js';
import { ProjectionsHealthIndicator } from './projections.health.js';
import { ProjectionProgress } from './projection-progress.js';
import { ProjectionRegistry } from './projection-registry.js';
import { ProjectionRunner } from './projection-runner.js';
import { ReadModelVersions } from './read-model-versions.js';
import { RecordedHistory } from './recorded-history.js';

/**
 * The projection runner and what every read model shares. It imports no read model: each feature
 * module registers its projection with the ProjectionRegistry, global so that any module can.
 */
@Global()
@Module({
  imports: [TerminusModule],
  providers: [ProjectionProgress, ProjectionRegistry, ProjectionRunner, ProjectionLagReader, ReadModelVersions, RecordedHistory, ProjectionsHealthIndicator],
  exports: [ProjectionProgress, ProjectionRegistry, ProjectionRunner, ProjectionLagReader, ReadModelVersions, RecordedHistory, ProjectionsHealthIndicator],
})
export class ProjectionsModule {}
