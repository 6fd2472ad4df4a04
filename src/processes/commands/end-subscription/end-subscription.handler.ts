import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decide } from '../../domain/process.decisions.js';
import { ProcessRepository } from '../../process.repository.js';
import { EndSubscriptionCommand } from './end-subscription.command.js';

@CommandHandler(EndSubscriptionCommand)
export class EndSubscriptionHandler implements ICommandHandler<EndSubscriptionCommand> {
  constructor(private readonly processes: ProcessRepository) {}

  execute({ processId, subscriptionId, write }: EndSubscriptionCommand) {
    return this.processes.execute(processId, (state) => decide({ type: 'EndSubscription', subscriptionId }, state), write);
  }
}
