import { BuildingBlocksProjection } from '../../src/projections/building-blocks/building-blocks.projection.js';
import { DeadlinesProjection } from '../../src/projections/deadlines/deadlines.projection.js';
import { PeopleProjection } from '../../src/projections/people/people.projection.js';
import { ProcessesProjection } from '../../src/projections/processes/processes.projection.js';
import type { Projection } from '../../src/projections/projection.js';
import { TimelineProjection } from '../../src/projections/timeline/timeline.projection.js';
import { ReminderLedgerProjection } from '../../src/reminders/ledger/reminder-ledger.projection.js';

/**
 * Every projection the service's modules register, built by hand for the tests that take them all:
 * projections.e2e-spec counts the service's checkpoints against this list, so a new one is not forgotten.
 */
export function serviceProjections(): Projection[] {
  return [new ProcessesProjection(), new TimelineProjection(), new BuildingBlocksProjection(), new DeadlinesProjection(), new ReminderLedgerProjection(), new PeopleProjection()];
}
