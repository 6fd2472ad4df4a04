import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomBytes, randomUUID } from 'node:crypto';
import { AppConfig } from '../../../config/config.js';
import { PersonalDataVault } from '../../../privacy/personal-data-vault.js';
import { decide } from '../../domain/process.decisions.js';
import { requireSubscriptionAddress } from '../../domain/process.validation.js';
import { ProcessRepository } from '../../process.repository.js';
import { AddSubscriptionCommand } from './add-subscription.command.js';

@CommandHandler(AddSubscriptionCommand)
export class AddSubscriptionHandler implements ICommandHandler<AddSubscriptionCommand> {
  constructor(
    private readonly processes: ProcessRepository,
    private readonly vault: PersonalDataVault,
    private readonly config: AppConfig,
  ) {}

  async execute({ processId, body, write }: AddSubscriptionCommand) {
    const webhookAllowPrivate = this.config.webhookAllowPrivate;
    // Checked before the vault is asked, so a bad address leaves no key behind.
    requireSubscriptionAddress(body.channel, body.address, webhookAllowPrivate);
    const subscriptionId = randomUUID();
    const { subjectId, encrypted } = await this.vault.protect(body.address);
    const secret = body.channel === 'webhook' ? `whsec_${randomBytes(24).toString('base64')}` : undefined;
    const encryptedSecret = secret ? await this.vault.encryptFor(subjectId, secret) : undefined;
    const result = await this.processes.execute(
      processId,
      (state) =>
        decide(
          { type: 'AddSubscription', subscriptionId, ...body, encryptedAddress: encrypted, subjectId, encryptedSecret, webhookAllowPrivate },
          state,
        ),
      write,
      { subscriptionId },
    );
    // Shown once: the secret is added to this reply only, never to the one kept for Idempotency-Key replays.
    return { ...result, ...(secret && { secret }) };
  }
}
