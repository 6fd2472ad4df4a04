import { catchUpTo } from '../../../test/support/catch-up-to.js';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { EventStore } from '../../event-store/event-store.js';
import type { EventMetadata } from '../../event-store/event-store.types.js';
import { ProcessesProjection } from './processes.projection.js';

const metadata: EventMetadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' }, correlationId: 'request-1' };



describe('ProcessesProjection', () => {
  let db: TestDatabase;
  let store: EventStore;
  const projection = new ProcessesProjection();

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.pool);
  });

  afterAll(async () => {
    await db.close();
  });

  const row = async (processId: string) => (await db.pool.query(`SELECT * FROM processes WHERE process_id = $1`, [processId])).rows[0];

  it('inserts a row per opened process and follows its stream version, in one batch and across batches', async () => {
    const processId = randomUUID();
    const stream = `process-${processId}`;
    const first = await store.appendToStream(
      stream,
      [
        { type: 'ProcessOpened', data: { processId, title: 'Review of 68/268', mandate: 'A/RES/68/268 para. 41', reviewDueAt: '2020-04-09', timezone: 'America/New_York' } },
        { type: 'DeadlineMet', data: { deadlineId: randomUUID() } },
      ],
      { expectedVersion: 'no-stream' },
      metadata,
    );
    await catchUpTo(projection, db, store, first.position);
    const [opened] = await store.readStream(stream);
    expect(await row(processId)).toMatchObject({
      title: 'Review of 68/268',
      mandate: 'A/RES/68/268 para. 41',
      description: null,
      review_due_at: '2020-04-09',
      timezone: 'America/New_York',
      opened_at: opened.recordedAt,
      opened_by: 'ISHR team',
      version: '2',
    });

    const later = await store.appendToStream(stream, [{ type: 'MilestoneRetracted', data: { milestoneId: randomUUID(), reason: 'x' } }], { expectedVersion: 2 }, metadata);
    await catchUpTo(projection, db, store, later.position);
    const [last] = await store.readStream(stream, { fromVersion: 3 });
    expect(await row(processId)).toMatchObject({ version: '3', last_position: String(later.position), last_recorded_at: last.recordedAt });
  });

  it('keeps processes apart when a batch holds several streams, and ignores other streams', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await store.appendToStream(`process-${a}`, [{ type: 'ProcessOpened', data: { processId: a, title: 'A', timezone: 'UTC' } }], { expectedVersion: 'no-stream' }, metadata);
    await store.appendToStream(`process-${b}`, [{ type: 'ProcessOpened', data: { processId: b, title: 'B', timezone: 'Europe/Zurich' } }], { expectedVersion: 'no-stream' }, metadata);
    await store.appendToStream(`process-${a}`, [{ type: 'DeadlineMet', data: { deadlineId: randomUUID() } }], { expectedVersion: 1 }, metadata);
    const other = await store.appendToStream(`tokens-${randomUUID()}`, [{ type: 'TokenCreated', data: {} }], { expectedVersion: 'no-stream' }, metadata);
    await catchUpTo(projection, db, store, other.position, 2);
    expect(await row(a)).toMatchObject({ title: 'A', version: '2' });
    expect(await row(b)).toMatchObject({ title: 'B', version: '1', timezone: 'Europe/Zurich' });
  });

  it('writes into the table the context names (a rebuild fills a copy)', async () => {
    await db.pool.query(`CREATE TABLE processes_copy (LIKE processes INCLUDING ALL)`);
    const processId = randomUUID();
    await store.appendToStream(`process-${processId}`, [{ type: 'ProcessOpened', data: { processId, title: 'Copy', timezone: 'UTC' } }], { expectedVersion: 'no-stream' }, metadata);
    const events = await store.readStream(`process-${processId}`);
    const client = await db.pool.connect();
    try {
      await projection.apply(events, { client, table: (name) => `${name}_copy` });
    } finally {
      client.release();
    }
    expect((await db.pool.query(`SELECT title FROM processes_copy WHERE process_id = $1`, [processId])).rows).toEqual([{ title: 'Copy' }]);
    expect(await row(processId)).toBeUndefined();
  });
});
