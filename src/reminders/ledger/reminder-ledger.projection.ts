import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { arrayColumns, exactInstant, rowsFromArrays } from '../../database/rows-from-arrays.js';
import type { ProcessEventType } from '../../processes/domain/process.events.js';
import { processIdOf, type RecordedProcessEvent } from '../../processes/process-stream.js';
import { isEventOf, type Projection, type ProjectionContext } from '../../projections/projection.js';
import { redactDeliveryError } from '../../channels/delivery-error-text.js';
import { BatchLedger } from './batch-ledger.js';
import type { PlannedDeadline } from './reminder-plan.js';

interface Tables {
  client: PoolClient;
  deadlines: string;
  subscriptions: string;
  ledger: string;
}

/** Active subscriptions by process, subscription id → channel. */
type Subscribers = Map<string, Map<string, string>>;

interface Deadline extends PlannedDeadline {
  processId: string;
  status: 'open' | 'met' | 'cancelled';
  /** Written back at the end of the batch. */
  changed: boolean;
}

/** What a batch works on: read once at its start, kept current through it, written back at its end. */
interface BatchState {
  subscribers: Subscribers;
  deadlines: Map<string, Deadline>;
  ledger: BatchLedger;
}

const DEADLINE_EVENT_TYPES = ['DeadlineSet', 'DeadlineMoved', 'DeadlineMet', 'DeadlineCancelled'] as const satisfies readonly ProcessEventType[];
/** Events whose reminders the batch changes in memory: they name their deadline. */
const LEDGER_EVENT_TYPES = [...DEADLINE_EVENT_TYPES, 'ReminderSent', 'ReminderFailed'] as const;
type NamingDeadline = RecordedProcessEvent<(typeof LEDGER_EVENT_TYPES)[number]>;
const SUBSCRIBER_EVENT_TYPES = [...DEADLINE_EVENT_TYPES, 'SubscriptionAdded', 'SubscriptionEnded'] as const;
const EVENT_TYPES = [...SUBSCRIBER_EVENT_TYPES, 'ReminderSent', 'ReminderFailed'] as const satisfies readonly ProcessEventType[];
type LedgerEvent = RecordedProcessEvent<(typeof EVENT_TYPES)[number]>;

const deadlineKey = (processId: string, deadlineId: string) => `${processId}/${deadlineId}`;

/**
 * The reminder ledger: deadlines × active subscriptions × offsets. Delivery outcomes come back
 * through ReminderSent and ReminderFailed, so a rebuild restores sent and failed rows from the log.
 * A batch reads the deadlines and reminders its events name, changes them in memory and writes
 * them back once; only a subscription added or ended costs statements of its own.
 */
@Injectable()
export class ReminderLedgerProjection implements Projection<LedgerEvent> {
  readonly name = 'reminder-ledger';
  readonly tables = ['reminder_deadlines', 'reminder_subscriptions', 'reminder_ledger'] as const;
  readonly eventTypes = EVENT_TYPES;

  async apply(events: LedgerEvent[], { client, table }: ProjectionContext): Promise<void> {
    const t: Tables = {
      client,
      deadlines: table('reminder_deadlines'),
      subscriptions: table('reminder_subscriptions'),
      ledger: table('reminder_ledger'),
    };
    const relevant = events.flatMap((event) => {
      const processId = processIdOf(event.streamId);
      return processId === undefined ? [] : [{ processId, event, at: event.recordedAt }];
    });
    const named = (types: readonly NamingDeadline['type'][]) =>
      relevant.flatMap(({ processId, event }) => (isEventOf<NamingDeadline>(event, types) ? [[processId, event.data.deadlineId] as const] : []));
    const state: BatchState = {
      subscribers: await activeSubscriptions(t, new Set(relevant.filter(({ event }) => isEventOf(event, SUBSCRIBER_EVENT_TYPES)).map(({ processId }) => processId))),
      deadlines: await storedDeadlines(t, named(DEADLINE_EVENT_TYPES)),
      ledger: await BatchLedger.load(client, t.ledger, named(LEDGER_EVENT_TYPES)),
    };
    for (const { processId, event, at } of relevant) await this.applyOne(t, state, processId, event, at);
    await saveDeadlines(t, state.deadlines);
    await state.ledger.save();
  }

  private async applyOne(t: Tables, state: BatchState, processId: string, event: LedgerEvent, at: Date): Promise<void> {
    const { client, deadlines, subscriptions, ledger } = t;
    // Who a deadline's reminders are planned for.
    const active = state.subscribers.get(processId) ?? new Map<string, string>();
    switch (event.type) {
      case 'DeadlineSet': {
        const { deadlineId, dueAt, timezone, remindBefore, notifyOverdue } = event.data;
        const key = deadlineKey(processId, deadlineId);
        if (!state.deadlines.has(key)) {
          state.deadlines.set(key, { processId, deadlineId, dueAt, timezone, remindBefore, notifyOverdue, status: 'open', changed: true });
        }
        state.ledger.plan(processId, { deadlineId, dueAt, timezone, remindBefore, notifyOverdue }, active, at);
        return;
      }
      case 'DeadlineMoved': {
        const { deadlineId, dueAt } = event.data;
        const deadline = state.deadlines.get(deadlineKey(processId, deadlineId));
        const moved = deadline?.status === 'open';
        if (moved) Object.assign(deadline, { dueAt, changed: true });
        state.ledger.skipPending(processId, deadlineId, 'the deadline moved');
        if (moved) state.ledger.plan(processId, deadline, active, at);
        return;
      }
      case 'DeadlineMet':
      case 'DeadlineCancelled': {
        const status = event.type === 'DeadlineMet' ? 'met' : 'cancelled';
        const deadline = state.deadlines.get(deadlineKey(processId, event.data.deadlineId));
        if (deadline) Object.assign(deadline, { status, changed: true });
        state.ledger.skipPending(processId, event.data.deadlineId, `the deadline was ${status}`);
        return;
      }
      case 'SubscriptionAdded': {
        const { subscriptionId, channel, address, secret, language, timezone } = event.data;
        const added = await client.query(
          `INSERT INTO ${subscriptions} (process_id, subscription_id, channel, address, secret, language, timezone, active)
           VALUES ($1, $2, $3, $4, $5, $6, $7, true) ON CONFLICT DO NOTHING`,
          [processId, subscriptionId, channel, JSON.stringify(address), secret ? JSON.stringify(secret) : null, language, timezone ?? null],
        );
        if (added.rowCount === 1) state.subscribers.set(processId, new Map(active).set(subscriptionId, channel));
        // The process's open deadlines, stored as this batch left them so far.
        await saveDeadlines(t, state.deadlines);
        const open = await client.query<{ deadline_id: string; due_at: Date; timezone: string; remind_before: string[]; notify_overdue: boolean }>(
          `SELECT deadline_id, due_at, timezone, remind_before, notify_overdue FROM ${deadlines} WHERE process_id = $1 AND status = 'open'`,
          [processId],
        );
        await state.ledger.include(open.rows.map((d) => [processId, d.deadline_id] as const));
        for (const d of open.rows) {
          const deadline = { deadlineId: d.deadline_id, dueAt: d.due_at.toISOString(), timezone: d.timezone, remindBefore: d.remind_before, notifyOverdue: d.notify_overdue };
          state.ledger.plan(processId, deadline, new Map([[subscriptionId, channel]]), at);
        }
        return;
      }
      case 'SubscriptionEnded': {
        await client.query(`UPDATE ${subscriptions} SET active = false WHERE process_id = $1 AND subscription_id = $2`, [processId, event.data.subscriptionId]);
        const remaining = new Map(active);
        remaining.delete(event.data.subscriptionId);
        state.subscribers.set(processId, remaining);
        await state.ledger.save();
        await skipPendingOfSubscription(client, ledger, processId, event.data.subscriptionId, 'the subscription ended');
        state.ledger.skippedInTable(processId, event.data.subscriptionId, 'the subscription ended');
        return;
      }
      case 'ReminderSent':
        state.ledger.sent(processId, event.data.deadlineId, event.data.reminderId, event.data.attempts, event.data.late, at);
        return;
      case 'ReminderFailed':
        // Reasons recorded before they were redacted may name an address: a rebuild shows them blanked.
        state.ledger.failed(processId, event.data.deadlineId, event.data.reminderId, event.data.attempts, redactDeliveryError(event.data.reason));
        return;
    }
  }
}

async function activeSubscriptions({ client, subscriptions }: Tables, processIds: Set<string>): Promise<Subscribers> {
  const subscribers: Subscribers = new Map();
  if (processIds.size === 0) return subscribers;
  const result = await client.query<{ process_id: string; subscription_id: string; channel: string }>(
    `SELECT process_id, subscription_id, channel FROM ${subscriptions} WHERE process_id = ANY($1::uuid[]) AND active ORDER BY subscription_id`,
    [[...processIds]],
  );
  for (const row of result.rows) {
    const active = subscribers.get(row.process_id) ?? new Map<string, string>();
    subscribers.set(row.process_id, active.set(row.subscription_id, row.channel));
  }
  return subscribers;
}

/** The stored deadlines these events name, by process and deadline id. */
async function storedDeadlines({ client, deadlines }: Tables, named: (readonly [string, string])[]): Promise<Map<string, Deadline>> {
  const found = new Map<string, Deadline>();
  if (named.length === 0) return found;
  const result = await client.query<{
    process_id: string;
    deadline_id: string;
    due_at: string;
    timezone: string;
    remind_before: string[];
    notify_overdue: boolean;
    status: Deadline['status'];
  }>(
    // The due instant exact: written back unchanged unless the deadline moves.
    `SELECT process_id, deadline_id, ${exactInstant('due_at')}, timezone, remind_before, notify_overdue, status FROM ${deadlines}
     WHERE process_id = ANY($1::uuid[]) AND deadline_id = ANY($2::uuid[]) AND (process_id, deadline_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
    [named.map(([processId]) => processId), named.map(([, deadlineId]) => deadlineId)],
  );
  for (const row of result.rows) {
    found.set(deadlineKey(row.process_id, row.deadline_id), {
      processId: row.process_id,
      deadlineId: row.deadline_id,
      dueAt: row.due_at,
      timezone: row.timezone,
      remindBefore: row.remind_before,
      notifyOverdue: row.notify_overdue,
      status: row.status,
      changed: false,
    });
  }
  return found;
}

const DEADLINE_COLUMNS = arrayColumns({
  processId: 'uuid', deadlineId: 'uuid', dueAt: 'timestamptz', timezone: 'text', remindBefore: 'text[]', notifyOverdue: 'boolean', status: 'text',
});

/** Writes the deadlines this batch changed, in one statement. */
async function saveDeadlines({ client, deadlines }: Tables, batch: Map<string, Deadline>): Promise<void> {
  const changed = [...batch.values()].filter((deadline) => deadline.changed);
  if (changed.length === 0) return;
  const { source, params } = rowsFromArrays(DEADLINE_COLUMNS, changed, 'r');
  await client.query(
    `INSERT INTO ${deadlines} (process_id, deadline_id, due_at, timezone, remind_before, notify_overdue, status)
     SELECT r."processId", r."deadlineId", r."dueAt", r.timezone, r."remindBefore", r."notifyOverdue", r.status FROM ${source}
     ON CONFLICT (process_id, deadline_id) DO UPDATE SET due_at = EXCLUDED.due_at, status = EXCLUDED.status`,
    params,
  );
  for (const deadline of changed) deadline.changed = false;
}

async function skipPendingOfSubscription(client: PoolClient, ledger: string, processId: string, subscriptionId: string, reason: string): Promise<void> {
  await client.query(
    `UPDATE ${ledger} SET status = 'skipped', last_error = $3, claimed_until = NULL
     WHERE process_id = $1 AND subscription_id = $2 AND status IN ('planned', 'queued')`,
    [processId, subscriptionId, reason],
  );
}
