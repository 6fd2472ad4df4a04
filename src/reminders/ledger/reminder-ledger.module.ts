import { Module } from '@nestjs/common';
import { ReminderLedgerProjection } from './reminder-ledger.projection.js';

/** The ledger projection alone, so the projection runner and the rebuild command can run it without the queue. */
@Module({
  providers: [ReminderLedgerProjection],
  exports: [ReminderLedgerProjection],
})
export class ReminderLedgerModule {}
