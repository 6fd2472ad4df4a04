import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { ReminderLedgerStore } from './reminder-ledger.store.js';

describe('ReminderLedgerStore claims', () => {
  let db: TestDatabase;
  let store: ReminderLedgerStore;
  const dueAt = new Date('2030-01-01T10:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new ReminderLedgerStore(db.pool);
  });

  afterAll(async () => {
    await db.close();
  });

  async function aRow(status = 'queued'): Promise<string> {
    const [id, processId, subscriptionId] = [randomUUID(), randomUUID(), randomUUID()];
    await db.pool.query(
      `INSERT INTO reminder_subscriptions (process_id, subscription_id, channel, address, language, active)
       VALUES ($1, $2, 'email', '{"keyId":"k","iv":"i","ciphertext":"c","tag":"t"}', 'fr', true)`,
      [processId, subscriptionId],
    );
    await db.pool.query(
      `INSERT INTO reminder_ledger (id, process_id, deadline_id, subscription_id, channel, reminder_offset, due_at, deadline_due_at, status, planned_at)
       VALUES ($1, $2, $3, $4, 'email', 'P1D', $5, $5, $6, now())`,
      [id, processId, randomUUID(), subscriptionId, dueAt, status],
    );
    return id;
  }

  it('takes a pending row for one attempt, with the still-encrypted address, and keeps a second claimer off while the lease runs', async () => {
    const id = await aRow();
    const first = await store.claim(id, dueAt);
    expect(first).toEqual({ claimed: expect.objectContaining({ id, attempts: 1, address: { keyId: 'k', iv: 'i', ciphertext: 'c', tag: 't' }, language: 'fr' }) });
    const second = await store.claim(id, dueAt);
    expect('busyUntil' in second && second.busyUntil.getTime()).toBeGreaterThan(Date.now() + 20_000);

    await store.release(id, { status: 'queued', error: 'webhook receiver answered 500' });
    expect(await store.claim(id, dueAt)).toEqual({ claimed: expect.objectContaining({ attempts: 2 }) });
  });

  it('ends the job for a row that is done, gone, or due at another time', async () => {
    expect(await store.claim(await aRow('sent'), dueAt)).toEqual({ done: 'sent' });
    expect(await store.claim(await aRow('skipped'), dueAt)).toEqual({ done: 'skipped' });
    expect(await store.claim(randomUUID(), dueAt)).toEqual({ done: 'missing' });
    expect(await store.claim(await aRow(), new Date(dueAt.getTime() + 1_000))).toEqual({ done: 'skipped' });
  });

  it('claims a row once when many ask at the same moment', async () => {
    const id = await aRow();
    // Another transaction holds the row while the claims arrive: each must read it again once it is let go.
    const holder = await db.pool.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM reminder_ledger WHERE id = $1 FOR UPDATE`, [id]);
    const claims = Promise.all(Array.from({ length: 20 }, () => store.claim(id, dueAt)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await holder.query('COMMIT');
    holder.release();
    const results = await claims;
    expect(results.filter((r) => 'claimed' in r)).toHaveLength(1);
    expect(results.filter((r) => 'busyUntil' in r)).toHaveLength(19);
  });

  it('never turns a sent row back into a pending or failed one', async () => {
    const id = await aRow('sent');
    await store.release(id, { status: 'queued', error: 'late news' });
    await store.markFailed([{ id, attempts: 5, reason: 'late news' }]);
    expect((await db.pool.query(`SELECT status, last_error FROM reminder_ledger WHERE id = $1`, [id])).rows[0]).toEqual({ status: 'sent', last_error: null });
  });
});
