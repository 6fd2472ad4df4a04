import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../../../event-store/write-context.js';
import type { WriteResult } from '../../../event-store/write-context.js';
import type { AddSubscriptionDto } from './add-subscription.dto.js';

export class AddSubscriptionCommand extends Command<WriteResult & { subscriptionId: string; secret?: string }> {
  constructor(
    readonly processId: string,
    readonly body: AddSubscriptionDto,
    readonly write: WriteContext,
  ) {
    super();
  }
}
