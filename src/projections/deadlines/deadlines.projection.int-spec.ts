import { catchUpTo } from '../../../test/support/catch-up-to.js';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { EventStore } from '../../event-store/event-store.js';
import type { EventMetadata, NewEvent } from '../../event-store/event-store.types.js';
import { DeadlinesProjection } from './deadlines.projection.js';

const metadata: EventMetadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' }, correlationId: 'request-1' };

const aDeadlineSet = (deadlineId: string, overrides: Record<string, unknown> = {}): NewEvent => ({
  type: 'DeadlineSet',
  data: {
    deadlineId,
    title: 'Written contributions due',
    kind: 'call-for-input',
    dueAt: '2020-07-07T23:59:00-04:00',
    timezone: 'America/New_York',
    remindBefore: ['P7D', 'P1D'],
    notifyOverdue: true,
    ...overrides,
  },
});



describe('DeadlinesProjection', () => {
  let db: TestDatabase;
  let store: EventStore;
  const projection = new DeadlinesProjection();

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.pool);
  });

  afterAll(async () => {
    await db.close();
  });

  const row = async (deadlineId: string) => (await db.pool.query(`SELECT * FROM deadlines WHERE deadline_id = $1`, [deadlineId])).rows[0];

  async function record(processId: string, events: NewEvent[]) {
    const { position } = await store.appendToStream(`process-${processId}`, events, { expectedVersion: 'any' }, metadata);
    await catchUpTo(projection, db, store, position);
    return store.readStream(`process-${processId}`);
  }

  it('inserts a set deadline as open, keeping the instant as given', async () => {
    const processId = randomUUID();
    const deadlineId = randomUUID();
    const [set] = await record(processId, [aDeadlineSet(deadlineId)]);
    expect(await row(deadlineId)).toMatchObject({
      process_id: processId,
      title: 'Written contributions due',
      kind: 'call-for-input',
      due_at: new Date('2020-07-08T03:59:00Z'),
      due_at_given: '2020-07-07T23:59:00-04:00',
      timezone: 'America/New_York',
      remind_before: ['P7D', 'P1D'],
      notify_overdue: true,
      status: 'open',
      status_reason: null,
      moves: [],
      set_at: set.recordedAt,
      updated_at: set.recordedAt,
      last_position: String(set.position),
    });
  });

  it('appends every move in order and ends met, whether the events come in one batch or several', async () => {
    for (const batchSize of [500, 1]) {
      const processId = randomUUID();
      const deadlineId = randomUUID();
      const { position } = await store.appendToStream(
        `process-${processId}`,
        [
          aDeadlineSet(deadlineId),
          { type: 'DeadlineMoved', data: { deadlineId, dueAt: '2020-07-14T23:59:00-04:00', previousDueAt: '2020-07-07T23:59:00-04:00', reason: 'Extended' } },
          { type: 'DeadlineMoved', data: { deadlineId, dueAt: '2020-07-21T12:00:00+02:00', previousDueAt: '2020-07-14T23:59:00-04:00', reason: 'Extended again' } },
          { type: 'DeadlineMet', data: { deadlineId } },
        ],
        { expectedVersion: 'no-stream' },
        metadata,
      );
      await catchUpTo(projection, db, store, position, batchSize);
      const events = await store.readStream(`process-${processId}`);
      const at = (i: number) => events[i].recordedAt.toISOString();
      expect(await row(deadlineId)).toMatchObject({
        due_at: new Date('2020-07-21T10:00:00Z'),
        due_at_given: '2020-07-21T12:00:00+02:00',
        status: 'met',
        status_reason: null,
        moves: [
          { from: '2020-07-07T23:59:00-04:00', to: '2020-07-14T23:59:00-04:00', reason: 'Extended', at: at(1) },
          { from: '2020-07-14T23:59:00-04:00', to: '2020-07-21T12:00:00+02:00', reason: 'Extended again', at: at(2) },
        ],
        updated_at: events[3].recordedAt,
        last_position: String(events[3].position),
      });
    }
  });

  it('records a cancellation with its reason and leaves other deadlines of the process alone', async () => {
    const processId = randomUUID();
    const cancelled = randomUUID();
    const other = randomUUID();
    await record(processId, [
      aDeadlineSet(cancelled),
      aDeadlineSet(other, { title: 'Opt-out deadline', kind: 'opt-out', dueAt: '2019-12-31T23:59:59+01:00', timezone: 'Europe/Zurich', notifyOverdue: false }),
      { type: 'DeadlineCancelled', data: { deadlineId: cancelled, reason: 'Dropped by the co-facilitators' } },
    ]);
    expect(await row(cancelled)).toMatchObject({ status: 'cancelled', status_reason: 'Dropped by the co-facilitators', moves: [] });
    expect(await row(other)).toMatchObject({ status: 'open', kind: 'opt-out', notify_overdue: false, due_at: new Date('2019-12-31T22:59:59Z') });
  });
});
