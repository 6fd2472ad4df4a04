import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { EventStore } from '../event-store/event-store.js';
import { nameBasedUuid } from '../event-store/name-based-uuid.js';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import { DeactivatePersonCommand } from '../people/commands/deactivate-person/deactivate-person.command.js';
import { personIdFor } from '../people/person-stream.js';
import { PersonRepository } from '../people/person.repository.js';
import { decide } from '../processes/domain/process.decisions.js';
import { DomainError } from '../processes/domain/process.errors.js';
import type { ProcessEventOf } from '../processes/domain/process.events.js';
import { processIdOf } from '../processes/process-stream.js';
import { metadataOf } from '../event-store/write-context.js';
import { ProcessRepository } from '../processes/process.repository.js';
import { EmailOutbox } from '../channels/email/email-outbox.js';
import { PersonalDataVault } from '../privacy/personal-data-vault.js';
import { subjectStreamId, type ErasedSubscription, type SubjectEvent } from '../privacy/privacy.events.js';
import { ErasePersonalDataCommand, type ErasureResult } from './erase-personal-data.command.js';

export const ERASURE_REASON = 'erasure';

/** A UUID fixed by the subject, so a retried erasure appends its record once. */
const erasureEventId = (subjectId: string) => nameBasedUuid(`PersonalDataErased:${subjectId}`);

/**
 * Ends every subscription of the person (so no reminder goes out), deactivates the person who holds
 * the address (revoking their tokens, forgetting their sign-in links and sessions), records the
 * erasure, forgets the replies kept for their subscriptions' Idempotency-Keys, and only then deletes
 * the key, which makes the address in their PersonInvited and the people read model unreadable: a retry
 * after a crash finds the key still there and finishes the job. Their outbox e-mails go last, once
 * no new one can be written (a delivery needs the key); a retry of a finished erasure deletes
 * any left.
 */
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    private readonly vault: PersonalDataVault,
    private readonly processes: ProcessRepository,
    private readonly store: EventStore,
    private readonly idempotency: IdempotencyStore,
    private readonly outbox: EmailOutbox,
    private readonly people: PersonRepository,
    private readonly commands: CommandBus,
    private readonly pool: Pool,
  ) {}

  async execute({ address, write }: ErasePersonalDataCommand): Promise<ErasureResult | undefined> {
    const subjectId = await this.vault.subjectOf(address);
    if (subjectId === undefined) {
      await this.outbox.eraseRecipient(address);
      return undefined;
    }
    const subscriptions = await this.subscriptionsOf(subjectId);
    const ended: string[] = [];
    for (const { processId, subscriptionId } of subscriptions) {
      const { state } = await this.processes.load(processId);
      if (!state.subscriptions.get(subscriptionId)?.active) continue;
      try {
        await this.processes.execute(processId, (current) => decide({ type: 'EndSubscription', subscriptionId, reason: ERASURE_REASON }, current), { ...write, expectedVersion: undefined });
        ended.push(subscriptionId);
      } catch (error) {
        // Ended meanwhile by someone else: what the erasure wanted.
        if (!(error instanceof DomainError && error.code === 'subscription-ended')) throw error;
      }
    }
    const personId = await this.forgetPerson(subjectId, write);
    const event: SubjectEvent = { type: 'PersonalDataErased', data: { subjectId, subscriptions, endedSubscriptions: ended } };
    const appended = await this.store.appendToStream(
      subjectStreamId(subjectId),
      [{ ...event, eventId: erasureEventId(subjectId) }],
      { expectedVersion: 'any' },
      metadataOf(write),
    );
    await this.idempotency.forgetSubscriptions(subscriptions.map((subscription) => subscription.subscriptionId));
    await this.vault.erase(address);
    await this.outbox.eraseRecipient(address);
    return { subjectId, subscriptions, ...(personId !== undefined && { personId }), position: appended.position };
  }

  /** The person the subject is, if one was invited: deactivated for the erasure, with no token, link or session left. */
  private async forgetPerson(subjectId: string, write: ErasePersonalDataCommand['write']): Promise<string | undefined> {
    const personId = personIdFor(subjectId);
    if ((await this.people.load(personId)).state.personId === undefined) return undefined;
    await this.commands.execute(new DeactivatePersonCommand(personId, ERASURE_REASON, { ...write, expectedVersion: undefined }, true));
    await this.pool.query(`DELETE FROM sessions WHERE person_id = $1`, [personId]);
    return personId;
  }

  /** Every subscription ever added for the subject, in any process, found by the subject id its event carries. */
  private async subscriptionsOf(subjectId: string): Promise<ErasedSubscription[]> {
    const added = await this.store.readByDataField('SubscriptionAdded', 'subjectId', subjectId);
    return added.map((event) => ({ processId: processIdOf(event.streamId)!, subscriptionId: (event.data as ProcessEventOf<'SubscriptionAdded'>['data']).subscriptionId }));
  }
}
