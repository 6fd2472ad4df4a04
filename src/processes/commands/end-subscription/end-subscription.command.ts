import { Command } from '@nestjs/cqrs';
import type { WriteRequest } from '../../../http/write-request.decorator.js';
import type { WriteResult } from '../../process.repository.js';

export class EndSubscriptionCommand extends Command<WriteResult> {
  constructor(
    readonly processId: string,
    readonly subscriptionId: string,
    readonly write: WriteRequest,
  ) {
    super();
  }
}
