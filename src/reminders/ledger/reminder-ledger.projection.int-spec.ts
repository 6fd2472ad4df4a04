import { randomUUID } from 'node:crypto';
import { catchUpTo } from '../../../test/support/catch-up-to.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { EventStore } from '../../event-store/event-store.js';
import type { EventMetadata, NewEvent } from '../../event-store/event-store.types.js';
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
});
