import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EventStore } from '../../event-store/event-store.js';
import { EventIdReused } from '../../event-store/event-store.errors.js';
import type { EventMetadata, NewEvent } from '../../event-store/event-store.types.js';
import type { ProcessEventOf } from '../../processes/domain/process.events.js';
import { processStreamId } from '../../processes/process-stream.js';
import { ReminderLedgerStore } from '../ledger/reminder-ledger.store.js';

type Outcome = ProcessEventOf<'ReminderSent'> | ProcessEventOf<'ReminderFailed'>;

interface Waiting {
  event: Outcome;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export const REMINDER_ACTOR = { id: 'reminders', name: 'Reminder processor', role: 'system' } as const;

/** The outcome's event id derives from the reminder: a repeat after a crash appends nothing new. */
export function outcomeEventId(type: Outcome['type'], reminderId: string): string {
  const hex = createHash('sha256').update(`${type}|${reminderId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Appends ReminderSent / ReminderFailed to the process stream and then marks the ledger. Outcomes
 * of one process are appended one batch at a time: concurrent deliveries to one deadline's
 * subscribers would otherwise fight over the stream version.
 */
@Injectable()
export class ReminderOutcomes {
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly flushing = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly ledger: ReminderLedgerStore,
  ) {}

  record(processId: string, event: Outcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queue = this.waiting.get(processId) ?? [];
      queue.push({ event, resolve, reject });
      this.waiting.set(processId, queue);
      if (!this.flushing.has(processId)) void this.flush(processId);
    });
  }

  private async flush(processId: string): Promise<void> {
    this.flushing.add(processId);
    try {
      for (;;) {
        const batch = this.waiting.get(processId) ?? [];
        this.waiting.delete(processId);
        if (batch.length === 0) return;
        try {
          await this.write(processId, batch.map((w) => w.event));
          for (const w of batch) w.resolve();
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.flushing.delete(processId);
    }
  }

  private async write(processId: string, outcomes: Outcome[]): Promise<void> {
    const byId = new Map<string, NewEvent>();
    for (const o of outcomes) {
      const eventId = outcomeEventId(o.type, o.data.reminderId);
      byId.set(eventId, { eventId, type: o.type, data: o.data });
    }
    const events = [...byId.values()];
    // The job id is the reminder id: it names what caused each outcome.
    const metadataOf = (reminderId: string): EventMetadata => ({ actor: { ...REMINDER_ACTOR }, correlationId: `reminder-${reminderId}`, causationId: reminderId });
    const metadata = metadataOf(outcomes[0].data.reminderId);
    try {
      await this.store.appendToStream(processStreamId(processId), events, { expectedVersion: 'any' }, metadata);
    } catch (error) {
      if (!(error instanceof EventIdReused)) throw error;
      // A repeat mixed with new outcomes: each alone is idempotent.
      for (const event of events) {
        await this.store.appendToStream(processStreamId(processId), [event], { expectedVersion: 'any' }, metadataOf((event.data as Outcome['data']).reminderId));
      }
    }
    const sent = outcomes.filter((o): o is ProcessEventOf<'ReminderSent'> => o.type === 'ReminderSent');
    const failed = outcomes.filter((o): o is ProcessEventOf<'ReminderFailed'> => o.type === 'ReminderFailed');
    if (sent.length > 0) await this.ledger.markSent(sent.map(({ data }) => ({ id: data.reminderId, attempts: data.attempts, late: data.late })));
    if (failed.length > 0) await this.ledger.markFailed(failed.map(({ data }) => ({ id: data.reminderId, attempts: data.attempts, reason: data.reason })));
  }
}
