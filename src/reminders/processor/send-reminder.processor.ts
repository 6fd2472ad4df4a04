import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { AppConfig } from '../../config/config.js';
import type { ReminderOutcome } from '../../processes/domain/process.events.js';
import type { ProcessState } from '../../processes/domain/process.state.js';
import { ProcessRepository } from '../../processes/process.repository.js';
import { PersonalDataVault } from '../../privacy/personal-data-vault.js';
import { PermanentDeliveryError } from '../../channels/channel.errors.js';
import { redactDeliveryError } from '../../channels/delivery-error-text.js';
import { ReminderChannelRegistry } from '../../channels/reminder-channel.registry.js';
import { reminderChannelDelivery } from '../message/reminder-channel-delivery.js';
import { deadlineUrl, type ReminderDelivery } from '../message/reminder-message.js';
import { ReminderLedgerStore, type ClaimedReminder } from '../ledger/reminder-ledger.store.js';
import { MAX_ATTEMPTS, type SendReminderJob } from '../queue/reminder-queue.js';
import { ReminderOutcomes } from './reminder-outcomes.js';

/** Far beyond the dispatch delay (p99 well under 2 s): a reminder this late fell due while nothing ran, or after failed attempts. */
export const LATE_AFTER_MS = 10_000;

export type SendReminderResult = 'sent' | 'failed' | 'skipped' | 'sent-already' | 'failed-already';

/** Thrown to have BullMQ retry with backoff; carries the delivery's message only. */
export class DeliveryAttemptFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryAttemptFailed';
  }
}

/** The `send-reminder` job: claim the ledger row, check it still holds, deliver, record the outcome. */
@Injectable()
export class SendReminderProcessor extends WorkerHost implements BeforeApplicationShutdown {
  constructor(
    private readonly ledger: ReminderLedgerStore,
    private readonly processes: ProcessRepository,
    private readonly vault: PersonalDataVault,
    private readonly channels: ReminderChannelRegistry,
    private readonly outcomes: ReminderOutcomes,
    private readonly config: AppConfig,
  ) {
    super();
  }

  // Deliveries in progress finish before the database pool closes (TypeORM closes it on shutdown).
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  async process(job: Job<SendReminderJob>, token?: string): Promise<SendReminderResult> {
    const claim = await this.ledger.claim(job.data.reminderId, new Date(job.data.dueAt));
    if ('done' in claim) {
      if (claim.done === 'sent') return 'sent-already';
      if (claim.done === 'failed') return 'failed-already';
      return 'skipped';
    }
    if ('busyUntil' in claim) {
      // Another delivery of this row is in flight (a re-created job after Redis lost its own): look again when its lease ends.
      await job.moveToDelayed(claim.busyUntil.getTime() + 100, token);
      throw new DelayedError();
    }
    const row = claim.claimed;
    const late = Date.now() - row.dueAt.getTime() > LATE_AFTER_MS;
    const { state } = await this.processes.load(row.processId);
    const invalid = whyNoLongerValid(state, row);
    if (invalid) {
      await this.ledger.release(row.id, { status: 'skipped', error: invalid });
      return 'skipped';
    }
    // An erased person's key is gone: nothing can be decrypted, and nothing is to be sent.
    const address = await this.vault.reveal(row.address);
    const secret = row.secret ? await this.vault.reveal(row.secret) : undefined;
    if (address === undefined || (row.secret && secret === undefined)) {
      await this.ledger.release(row.id, { status: 'skipped', error: 'the subscriber was erased' });
      return 'skipped';
    }
    const delivery = this.delivery(state, row, late, address, secret);
    const outcome: ReminderOutcome = {
      reminderId: row.id,
      deadlineId: row.deadlineId,
      subscriptionId: row.subscriptionId,
      channel: row.channel,
      offset: row.offset,
      dueAt: row.dueAt.toISOString(),
      attempts: row.attempts,
    };
    // A channel no longer registered cannot deliver, now or at a retry.
    const channel = this.channels.find(row.channel);
    try {
      if (!channel) throw new PermanentDeliveryError(`no reminder channel is named ${row.channel}`);
      await channel.send(reminderChannelDelivery(delivery));
    } catch (error) {
      // The reason is stored in the ledger, the queue and the history: never with an address in it.
      const reason = redactDeliveryError(error instanceof Error ? error.message : String(error));
      const permanent = !channel || channel.isPermanentFailure(error);
      if (permanent || row.attempts >= MAX_ATTEMPTS) {
        await this.outcomes.record(row.processId, { type: 'ReminderFailed', data: { ...outcome, reason } });
        return 'failed';
      }
      await this.ledger.release(row.id, { status: 'queued', error: reason });
      throw new DeliveryAttemptFailed(reason);
    }
    await this.outcomes.record(row.processId, { type: 'ReminderSent', data: { ...outcome, late } });
    return 'sent';
  }

  private delivery(state: ProcessState, row: ClaimedReminder, late: boolean, address: string, secret: string | undefined): ReminderDelivery {
    const deadline = state.deadlines.get(row.deadlineId)!;
    return {
      reminderId: row.id,
      processId: row.processId,
      processTitle: state.title ?? '',
      deadline: {
        deadlineId: deadline.deadlineId,
        title: deadline.title,
        kind: deadline.kind,
        dueAt: deadline.dueAt,
        timezone: deadline.timezone,
        status: deadline.status,
        remindBefore: deadline.remindBefore,
      },
      offset: row.offset,
      dueTime: row.dueAt.toISOString(),
      late,
      recipient: {
        channel: row.channel,
        address,
        ...(secret !== undefined && { secret }),
        language: row.language,
        ...(row.timezone !== null && { timezone: row.timezone }),
      },
      deadlineUrl: deadlineUrl(this.config.publicBaseUrl, row.processId, row.deadlineId),
    };
  }
}

/** The write side's own state decides, not the ledger alone: a move, completion or ending may not be projected yet. */
function whyNoLongerValid(state: ProcessState, row: ClaimedReminder): string | undefined {
  const deadline = state.deadlines.get(row.deadlineId);
  if (!deadline) return 'the deadline is unknown';
  if (deadline.status !== 'open') return `the deadline was ${deadline.status}`;
  if (new Date(deadline.dueAt).getTime() !== row.deadlineDueAt.getTime()) return 'the deadline moved';
  if (!state.subscriptions.get(row.subscriptionId)?.active) return 'the subscription ended';
  return undefined;
}
