import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../../../event-store/write-context.js';
import type { WriteResult } from '../../../event-store/write-context.js';

export class EndSubscriptionCommand extends Command<WriteResult> {
  constructor(
    readonly processId: string,
    readonly subscriptionId: string,
    readonly write: WriteContext,
  ) {
    super();
  }
}
