import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { ReminderChannelRegistry } from '../../../channels/reminder-channel.registry.js';
import { PersonalDataVault } from '../../../privacy/personal-data-vault.js';
import { decide } from '../../domain/process.decisions.js';
import { DomainError } from '../../domain/process.errors.js';
import { ProcessRepository } from '../../process.repository.js';
import { AddSubscriptionCommand } from './add-subscription.command.js';

@CommandHandler(AddSubscriptionCommand)
export class AddSubscriptionHandler implements ICommandHandler<AddSubscriptionCommand> {
  constructor(
    private readonly processes: ProcessRepository,
    private readonly vault: PersonalDataVault,
    private readonly channels: ReminderChannelRegistry,
  ) {}

  async execute({ processId, body, write }: AddSubscriptionCommand) {
    const { address, ...fields } = body;
    // Checked before the vault is asked, so a bad address leaves no key behind.
    const problem = this.channels.subscriptionProblem(fields.channel, address);
    if (problem) throw new DomainError(problem.code, problem.message, problem.field);
    const subscriptionId = randomUUID();
    const { subjectId, encrypted } = await this.vault.protect(address);
    const secret = this.channels.get(fields.channel).issueSecret?.();
    const encryptedSecret = secret ? await this.vault.encryptFor(subjectId, secret) : undefined;
    const result = await this.processes.execute(
      processId,
      (state) =>
        decide(
          { type: 'AddSubscription', subscriptionId, ...fields, encryptedAddress: encrypted, subjectId, encryptedSecret },
          state,
        ),
      write,
      { subscriptionId },
    );
    // Shown once: the secret is added to this reply only, never to the one kept for Idempotency-Key replays.
    return { ...result, ...(secret && { secret }) };
  }
}
