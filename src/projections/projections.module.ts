import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReminderLedgerModule } from '../reminders/ledger/reminder-ledger.module.js';
import { PROJECTION_CLASSES } from './all-projections.js';
import { BuildingBlocksModule } from './building-blocks/building-blocks.module.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { LiveModule } from './live/live.module.js';
import { PeopleProjection } from './people/people.projection.js';
import { PROJECTIONS, type Projection } from './projection.js';
import { ProjectionLagReader } from './projection-lag.js';
import { ProjectionsHealthIndicator } from './projections.health.js';
import { ProjectionProgress } from './projection-progress.js';
import { ProjectionRunner } from './projection-runner.js';
import { ReadModelVersions } from './read-model-versions.js';
import { RecordedHistory } from './recorded-history.js';
import { ProcessesReadModule } from './processes/processes-read.module.js';
import { TimelineModule } from './timeline/timeline.module.js';

@Global()
@Module({
  imports: [TerminusModule, ProcessesReadModule, TimelineModule, BuildingBlocksModule, DeadlinesModule, LiveModule, ReminderLedgerModule],
  providers: [
    ProjectionProgress,
    ProjectionRunner,
    ProjectionLagReader,
    ReadModelVersions,
    RecordedHistory,
    ProjectionsHealthIndicator,
    PeopleProjection,
    { provide: PROJECTIONS, inject: PROJECTION_CLASSES, useFactory: (...projections: Projection[]) => projections },
  ],
  exports: [ProjectionProgress, ProjectionRunner, ProjectionLagReader, ReadModelVersions, RecordedHistory, ProjectionsHealthIndicator, PROJECTIONS],
})
export class ProjectionsModule {}
