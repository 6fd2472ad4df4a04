import { Module, type OnModuleInit } from '@nestjs/common';
import { ProjectionRegistry } from '../../projections/projection-registry.js';
import { ReminderLedgerProjection } from './reminder-ledger.projection.js';

/** The ledger projection alone, so the rebuild command can load it without the queue. */
@Module({ providers: [ReminderLedgerProjection] })
export class ReminderLedgerModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly projection: ReminderLedgerProjection,
  ) {}

  onModuleInit(): void {
    this.projections.register(this.projection);
  }
}
