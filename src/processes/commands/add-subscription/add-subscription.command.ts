import { Command } from '@nestjs/cqrs';
import type { WriteRequest } from '../../../http/write-request.decorator.js';
import type { WriteResult } from '../../process.repository.js';
import type { AddSubscriptionDto } from './add-subscription.dto.js';

export class AddSubscriptionCommand extends Command<WriteResult & { subscriptionId: string; secret?: string }> {
  constructor(
    readonly processId: string,
    readonly body: AddSubscriptionDto,
    readonly write: WriteRequest,
  ) {
    super();
  }
}
