import { BuildingBlocksModule } from './projections/building-blocks/building-blocks.module.js';
import { DeadlinesModule } from './projections/deadlines/deadlines.module.js';
import { PeopleProjectionModule } from './projections/people/people-projection.module.js';
import { ProcessesReadModule } from './projections/processes/processes-read.module.js';
import { TimelineModule } from './projections/timeline/timeline.module.js';
import { ReminderLedgerModule } from './reminders/ledger/reminder-ledger.module.js';

/**
 * The modules whose projections the service keeps; each registers its own with the runner. The
 * service and the rebuild command load this one list, so a new read model is added here alone.
 */
export const READ_MODEL_MODULES = [ProcessesReadModule, TimelineModule, BuildingBlocksModule, DeadlinesModule, ReminderLedgerModule, PeopleProjectionModule];
