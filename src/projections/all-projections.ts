import { ReminderLedgerProjection } from '../reminders/ledger/reminder-ledger.projection.js';
import { BuildingBlocksProjection } from './building-blocks/building-blocks.projection.js';
import { DeadlinesProjection } from './deadlines/deadlines.projection.js';
import { PeopleProjection } from './people/people.projection.js';
import { ProcessesProjection } from './processes/processes.projection.js';
import { TimelineProjection } from './timeline/timeline.projection.js';

/** Every projection of the service, in the order the runner starts them. */
export const PROJECTION_CLASSES = [ProcessesProjection, TimelineProjection, BuildingBlocksProjection, DeadlinesProjection, ReminderLedgerProjection, PeopleProjection];
