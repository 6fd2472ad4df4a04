import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Job } from 'bullmq';
import { randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { ChannelsModule } from '../../channels/channels.module.js';
import type { AddressProblem, ChannelDelivery, ReminderChannel } from '../../channels/reminder-channel.js';
import { useChannelConstraintFrom } from '../../channels/reminder-channel.constraint.js';
import { RegisteredChannel, ReminderChannelRegistry } from '../../channels/reminder-channel.registry.js';
import { loadConfig } from '../../config/config.js';
import { ConfigModule } from '../../config/config.module.js';
import { EventStore } from '../../event-store/event-store.js';
import { RequestValidationError } from '../../errors/application-error.js';
import { createValidationPipe } from '../../http/validation.pipe.js';
import type { WriteContext } from '../../event-store/write-context.js';
import { openKeyEncryptionKey } from '../../privacy/data-key.js';
import { PersonalDataVault } from '../../privacy/personal-data-vault.js';
import { AddSubscriptionCommand } from '../../processes/commands/add-subscription/add-subscription.command.js';
import { AddSubscriptionDto } from '../../processes/commands/add-subscription/add-subscription.dto.js';
import { AddSubscriptionHandler } from '../../processes/commands/add-subscription/add-subscription.handler.js';
import { decide } from '../../processes/domain/process.decisions.js';
import { DomainError } from '../../processes/domain/process.errors.js';
import type { EncryptedValue } from '../../privacy/encrypted-value.js';
import { anOpenProcess, aSetDeadline } from '../../processes/domain/testing/process-builders.js';
import { ProcessRepository } from '../../processes/process.repository.js';
import { processStreamId } from '../../processes/process-stream.js';
import { ReminderLedgerStore } from '../ledger/reminder-ledger.store.js';
import type { SendReminderJob } from '../queue/reminder-queue.js';
import { ReminderOutcomes } from './reminder-outcomes.js';
import { SendReminderProcessor } from './send-reminder.processor.js';

const UNREACHABLE = '+41000000000';

/** A channel the service does not have: text messages to phone numbers in international form. */
@RegisteredChannel()
@Injectable()
class SmsChannel implements ReminderChannel {
  readonly name = 'sms';
  readonly addressKind = 'text';
  readonly sent: ChannelDelivery[] = [];

  addressProblem(address: unknown): AddressProblem | undefined {
    if (typeof address === 'string' && /^\+[1-9]\d{6,14}$/.test(address)) return undefined;
    return { code: 'invalid-sms-address', message: 'address must be a phone number in international form' };
  }

  async send(delivery: ChannelDelivery): Promise<void> {
    if (delivery.recipient.address === UNREACHABLE) throw new Error('the number does not exist');
    this.sent.push(delivery);
  }

  isPermanentFailure(error: unknown): boolean {
    return error instanceof Error && error.message === 'the number does not exist';
  }
}

const write: WriteContext = { actor: { id: 'token-1', name: 'ISHR team', role: 'admin' }, correlationId: 'request-1' };

describe('a third reminder channel, registered by one line', () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let sms: SmsChannel;
  let channels: ReminderChannelRegistry;
  let processes: ProcessRepository;
  let vault: PersonalDataVault;
  let processor: SendReminderProcessor;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: db.url, DATA_KEY: randomBytes(32).toString('base64') });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config, db.url), ChannelsModule],
      // The registration: nothing else in the service names the channel.
      providers: [SmsChannel],
    }).compile();
    await moduleRef.init();
    sms = moduleRef.get(SmsChannel);
    channels = moduleRef.get(ReminderChannelRegistry);
    const store = new EventStore(db.pool);
    processes = new ProcessRepository(store);
    vault = new PersonalDataVault(db.pool, await openKeyEncryptionKey(config, db.pool));
    const ledger = new ReminderLedgerStore(db.pool);
    processor = new SendReminderProcessor(ledger, processes, vault, channels, new ReminderOutcomes(store, ledger), config);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.close();
  });

  it('is listed with the others and checks its own addresses', () => {
    expect(channels.describe()).toEqual([
      { name: 'email', addressKind: 'email' },
      { name: 'sms', addressKind: 'text' },
      { name: 'webhook', addressKind: 'url' },
    ]);
    expect(channels.subscriptionProblem('sms', '+41229179000')).toBeUndefined();
    expect(channels.subscriptionProblem('sms', 'reader@example.org')).toEqual({
      code: 'invalid-sms-address',
      message: 'address must be a phone number in international form',
      field: 'address',
    });
    expect(channels.subscriptionProblem('pigeon', '+41229179000')).toMatchObject({ code: 'invalid-channel', message: 'channel must be email, sms or webhook' });
  });

  it('is accepted by the request validation, which still refuses an unknown channel as @IsIn did', async () => {
    useChannelConstraintFrom(moduleRef);
    const pipe = createValidationPipe();
    const validate = (body: object) => pipe.transform(body, { type: 'body', metatype: AddSubscriptionDto });

    await expect(validate({ channel: 'sms', address: '+41229179000', language: 'en' })).resolves.toBeInstanceOf(AddSubscriptionDto);
    const error = await validate({ channel: 'pigeon', address: '+41229179000', language: 'en' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).fieldErrors).toEqual([{ field: 'channel', message: 'channel must be one of the following values: email, sms, webhook' }]);
  });

  it('takes subscriptions through the handler, which refuses a bad address with the channel’s own code', async () => {
    const processId = await anOpenProcessWithADeadline();
    const handler = new AddSubscriptionHandler(processes, vault, channels);
    const subscribe = (address: string) => handler.execute(new AddSubscriptionCommand(processId, { channel: 'sms', address, language: 'en' }, write));

    const added = await subscribe('+41229179000');
    expect(added.subscriptionId).toEqual(expect.any(String));
    // Only channels that sign issue a secret.
    expect(added.secret).toBeUndefined();
    const refused = await subscribe('not a number').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'invalid-sms-address', kind: 'validation', field: 'address' });
  });

  it('delivers a reminder through it, and fails one at once when the channel says no retry can help', async () => {
    const processId = await anOpenProcessWithADeadline();
    const handler = new AddSubscriptionHandler(processes, vault, channels);
    const reachable = await handler.execute(new AddSubscriptionCommand(processId, { channel: 'sms', address: '+41229179000', language: 'fr' }, write));
    const unreachable = await handler.execute(new AddSubscriptionCommand(processId, { channel: 'sms', address: UNREACHABLE, language: 'en' }, write));

    const delivered = await aQueuedReminder(processId, reachable.subscriptionId);
    expect(await processor.process(jobFor(delivered))).toBe('sent');
    expect(sms.sent).toHaveLength(1);
    const [delivery] = sms.sent;
    expect(delivery).toMatchObject({ id: delivered.id, recipient: { address: '+41229179000' } });
    expect(delivery.readable().subject).toContain('Written contributions due');
    expect(delivery.payload()).toMatchObject({ type: 'deadline.reminder', data: { reminderId: delivered.id } });

    const failed = await aQueuedReminder(processId, unreachable.subscriptionId);
    expect(await processor.process(jobFor(failed))).toBe('failed');

    const outcomes = await new EventStore(db.pool).readStream(processStreamId(processId));
    expect(outcomes.filter((e) => e.type.startsWith('Reminder')).map((e) => [e.type, e.data])).toEqual([
      ['ReminderSent', expect.objectContaining({ reminderId: delivered.id, channel: 'sms', attempts: 1 })],
      ['ReminderFailed', expect.objectContaining({ reminderId: failed.id, channel: 'sms', attempts: 1, reason: 'the number does not exist' })],
    ]);
  });

  const deadlineId = randomUUID();
  const deadlineDueAt = '2031-03-29T12:00:00+02:00';

  async function anOpenProcessWithADeadline(): Promise<string> {
    const processId = randomUUID();
    await processes.execute(processId, (state) => decide(anOpenProcess({ processId }), state), write);
    await processes.execute(processId, (state) => decide(aSetDeadline({ deadlineId, dueAt: deadlineDueAt }), state), write);
    return processId;
  }

  /** The row the ledger projection would plan, for the subscription as its SubscriptionAdded event holds it. */
  async function aQueuedReminder(processId: string, subscriptionId: string): Promise<{ id: string; dueAt: Date }> {
    const events = await new EventStore(db.pool).readStream(processStreamId(processId));
    const added = events.find((e) => e.type === 'SubscriptionAdded' && (e.data as { subscriptionId: string }).subscriptionId === subscriptionId)!;
    const { address, language } = added.data as { address: EncryptedValue; language: string };
    await db.pool.query(
      `INSERT INTO reminder_subscriptions (process_id, subscription_id, channel, address, language, active) VALUES ($1, $2, 'sms', $3, $4, true)`,
      [processId, subscriptionId, address, language],
    );
    const reminder = { id: randomUUID(), dueAt: new Date(Date.now() - 1_000) };
    await db.pool.query(
      `INSERT INTO reminder_ledger (id, process_id, deadline_id, subscription_id, channel, reminder_offset, due_at, deadline_due_at, status, planned_at)
       VALUES ($1, $2, $3, $4, 'sms', 'P7D', $5, $6, 'queued', now())`,
      [reminder.id, processId, deadlineId, subscriptionId, reminder.dueAt, new Date(deadlineDueAt)],
    );
    return reminder;
  }
});

function jobFor(reminder: { id: string; dueAt: Date }): Job<SendReminderJob> {
  return { data: { reminderId: reminder.id, dueAt: reminder.dueAt.toISOString() } } as Job<SendReminderJob>;
}
