import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../event-store/write-context.js';
import type { ErasedSubscription } from '../privacy/privacy.events.js';

export interface ErasureResult {
  subjectId: string;
  subscriptions: ErasedSubscription[];
  /** The person who held the address, now deactivated. */
  personId?: string;
  /** Global position of the PersonalDataErased event. */
  position: number;
}

/** Forget a person: undefined when no personal data is kept for the address. */
export class ErasePersonalDataCommand extends Command<ErasureResult | undefined> {
  constructor(
    readonly address: string,
    readonly write: WriteContext,
  ) {
    super();
  }
}
