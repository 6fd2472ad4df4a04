import { randomUUID } from 'node:crypto';
import { catchUpTo } from '../../../test/support/catch-up-to.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { EventStore } from '../../event-store/event-store.js';
import type { EventMetadata, NewEvent } from '../../event-store/event-store.types.js';
import { applyStored } from '../../projections/projection.js';
import { ReminderLedgerProjection } from './reminder-ledger.projection.js';
import { reminderId } from './reminder-plan.js';

const metadata: EventMetadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' }, correlationId: 'request-1' };
const encrypted = { keyId: 'subject-1', iv: 'aXY=', ciphertext: 'Y2lwaGVy', tag: 'dGFn' };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const subscribed = (subscriptionId: string): NewEvent => ({
  type: 'SubscriptionAdded',
  data: { subscriptionId, channel: 'email', subjectId: 'subject-1', address: encrypted, language: 'fr' },
});
const deadlineSet = (deadlineId: string, dueAt: string, remindBefore = ['P7D', 'P1D'], notifyOverdue = true): NewEvent => ({
  type: 'DeadlineSet',
  data: { deadlineId, title: 'Contributions', kind: 'call-for-input', dueAt, timezone: 'Europe/Zurich', remindBefore, notifyOverdue },
});

describe('ReminderLedgerProjection', () => {
  let db: TestDatabase;
  let store: EventStore;
  const projection = new ReminderLedgerProjection();

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.pool);
  });

  afterAll(async () => {
    await db.close();
  });

  async function record(processId: string, events: NewEvent[]) {
    const { position } = await store.appendToStream(`process-${processId}`, events, { expectedVersion: 'any' }, metadata);
    await catchUpTo(projection, db, store, position);
  }
  const rows = async (deadlineId: string) =>
    (
      await db.pool.query(
        `SELECT id, subscription_id, reminder_offset, due_at, status, last_error FROM reminder_ledger WHERE deadline_id = $1 ORDER BY due_at, reminder_offset`,
        [deadlineId],
      )
    ).rows;

  it('plans each offset and the overdue notice for every active subscription, whichever came first', async () => {
    const processId = randomUUID();
    const [early, late, deadlineId] = [randomUUID(), randomUUID(), randomUUID()];
    const dueAt = inDays(30);
    await record(processId, [subscribed(early), deadlineSet(deadlineId, dueAt)]);
    await record(processId, [subscribed(late)]);
    const planned = await rows(deadlineId);
    expect(planned).toHaveLength(6);
    expect(planned.every((r) => r.status === 'planned')).toBe(true);
    const overdue = planned.find((r) => r.subscription_id === early && r.reminder_offset === 'overdue')!;
    expect(overdue.due_at).toEqual(new Date(dueAt));
    expect(overdue.id).toBe(reminderId(deadlineId, 'overdue', early, new Date(dueAt)));
  });

  it('plans as skipped what was already past when the deadline was set', async () => {
    const processId = randomUUID();
    const deadlineId = randomUUID();
    await record(processId, [subscribed(randomUUID()), deadlineSet(deadlineId, inDays(3))]);
    expect((await rows(deadlineId)).map((r) => [r.reminder_offset, r.status, r.last_error])).toEqual([
      ['P7D', 'skipped', 'already past when planned'],
      ['P1D', 'planned', null],
      ['overdue', 'planned', null],
    ]);
  });

  it('re-plans a move (moving back plans the skipped rows again), skips on completion, keeps what was sent', async () => {
    const processId = randomUUID();
    const [subscriptionId, deadlineId] = [randomUUID(), randomUUID()];
    const first = inDays(20);
    const second = inDays(25);
    await record(processId, [subscribed(subscriptionId), deadlineSet(deadlineId, first, ['P1D'], false)]);
    const [original] = await rows(deadlineId);
    await record(processId, [
      { type: 'ReminderSent', data: { reminderId: original.id, deadlineId, subscriptionId, channel: 'email', offset: 'P1D', dueAt: original.due_at.toISOString(), attempts: 1, late: false } },
      { type: 'DeadlineMoved', data: { deadlineId, dueAt: second, previousDueAt: first, reason: 'Extended' } },
    ]);
    expect((await rows(deadlineId)).map((r) => [r.status, r.last_error])).toEqual([
      ['sent', null],
      ['planned', null],
    ]);
    await record(processId, [
      { type: 'DeadlineMoved', data: { deadlineId, dueAt: inDays(30), previousDueAt: second, reason: 'Extended again' } },
      { type: 'DeadlineMoved', data: { deadlineId, dueAt: second, previousDueAt: inDays(30), reason: 'Back' } },
    ]);
    expect((await rows(deadlineId)).map((r) => [r.status, r.last_error])).toEqual([
      ['sent', null],
      ['planned', null],
      ['skipped', 'the deadline moved'],
    ]);
    await record(processId, [{ type: 'DeadlineMet', data: { deadlineId } }]);
    expect((await rows(deadlineId)).map((r) => r.status)).toEqual(['sent', 'skipped', 'skipped']);
  });

  it('skips the pending reminders of an ended subscription only', async () => {
    const processId = randomUUID();
    const [leaving, staying, deadlineId] = [randomUUID(), randomUUID(), randomUUID()];
    await record(processId, [subscribed(leaving), subscribed(staying), deadlineSet(deadlineId, inDays(30), ['P1D'], false)]);
    await record(processId, [{ type: 'SubscriptionEnded', data: { subscriptionId: leaving } }]);
    const byStatus = Object.fromEntries((await rows(deadlineId)).map((r) => [r.subscription_id, [r.status, r.last_error]]));
    expect(byStatus).toEqual({ [leaving]: ['skipped', 'the subscription ended'], [staying]: ['planned', null] });
  });

  it('records a failure with its reason', async () => {
    const processId = randomUUID();
    const [subscriptionId, deadlineId] = [randomUUID(), randomUUID()];
    await record(processId, [subscribed(subscriptionId), deadlineSet(deadlineId, inDays(30), ['P1D'], false)]);
    const [row] = await rows(deadlineId);
    await record(processId, [
      { type: 'ReminderFailed', data: { reminderId: row.id, deadlineId, subscriptionId, channel: 'email', offset: 'P1D', dueAt: row.due_at.toISOString(), attempts: 5, reason: 'e-mail not sent: 451' } },
    ]);
    const failed = (await db.pool.query(`SELECT status, attempts, last_error FROM reminder_ledger WHERE id = $1`, [row.id])).rows[0];
    expect(failed).toEqual({ status: 'failed', attempts: 5, last_error: 'e-mail not sent: 451' });
  });

  it('gives the same ledger whether a history comes in one batch or one event at a time', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const [s1, s2, s3, s4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const [d1, d2, d3, d4, d5] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const dueAt = new Map<string, string>();
    const moved = (deadlineId: string, days: number): NewEvent => {
      dueAt.set(deadlineId, inDays(days));
      return { type: 'DeadlineMoved', data: { deadlineId, dueAt: dueAt.get(deadlineId), previousDueAt: inDays(days - 1), reason: 'Moved' } };
    };
    const ended = (subscriptionId: string): NewEvent => ({ type: 'SubscriptionEnded', data: { subscriptionId } });
    const histories: [string, NewEvent[]][] = [
      // Deadlines before any subscription, a subscription that comes and goes, a move with nobody subscribed.
      [a, [deadlineSet(d1, inDays(40)), subscribed(s1), moved(d1, 45), subscribed(s2), ended(s1), moved(d1, 50), ended(s2), moved(d1, 55), subscribed(s3), { type: 'DeadlineMet', data: { deadlineId: d1 } }]],
      // Subscriptions first, deadlines after, one cancelled.
      [b, [subscribed(s4), deadlineSet(d2, inDays(20), ['P7D', 'P1D'], true), deadlineSet(d3, inDays(2)), moved(d3, 30), { type: 'DeadlineCancelled', data: { deadlineId: d2 } }]],
      // Nobody ever subscribes.
      [c, [deadlineSet(d4, inDays(10)), moved(d4, 12), deadlineSet(d5, inDays(15)), { type: 'DeadlineCancelled', data: { deadlineId: d5 } }]],
    ];
    for (const [processId, events] of histories) {
      for (const event of events) await store.appendToStream(`process-${processId}`, [event], { expectedVersion: 'any' }, metadata);
    }
    const recorded = (await Promise.all(histories.map(([processId]) => store.readStream(`process-${processId}`)))).flat().sort((x, y) => x.position - y.position);

    const copies = async (suffix: string) => {
      for (const table of projection.tables) await db.pool.query(`CREATE TABLE ${table}_${suffix} (LIKE ${table} INCLUDING ALL)`);
      return (name: string) => `${name}_${suffix}`;
    };
    const client = await db.pool.connect();
    try {
      const whole = await copies('whole');
      await applyStored(projection, recorded, { client, table: whole });
      const single = await copies('single');
      for (const event of recorded) await applyStored(projection, [event], { client, table: single });
      for (const table of projection.tables) {
        const { rows: difference } = await client.query(
          `(SELECT * FROM ${whole(table)} EXCEPT ALL SELECT * FROM ${single(table)}) UNION ALL (SELECT * FROM ${single(table)} EXCEPT ALL SELECT * FROM ${whole(table)})`,
        );
        expect({ table, difference }).toEqual({ table, difference: [] });
      }
      const planned = await client.query(`SELECT status, count(*)::int AS n FROM ${whole('reminder_ledger')} GROUP BY status ORDER BY status`);
      expect(planned.rows.length).toBeGreaterThan(1);
      const stored = await client.query<{ deadline_id: string; due_at: Date; status: string }>(`SELECT deadline_id, due_at, status FROM ${whole('reminder_deadlines')}`);
      const byId = Object.fromEntries(stored.rows.map((row) => [row.deadline_id, [row.status, row.due_at.toISOString()]]));
      expect(byId).toEqual({
        [d1]: ['met', dueAt.get(d1)],
        [d2]: ['cancelled', expect.any(String)],
        [d3]: ['open', dueAt.get(d3)],
        [d4]: ['open', dueAt.get(d4)],
        [d5]: ['cancelled', expect.any(String)],
      });
    } finally {
      client.release();
    }
  });
});
