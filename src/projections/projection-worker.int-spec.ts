import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { eventually } from '../../test/support/eventually.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { EventStore } from '../event-store/event-store.js';
import type { EventMetadata, RecordedEvent } from '../event-store/event-store.types.js';
import type { Projection, ProjectionContext } from './projection.js';
import { lockCheckpoint, ProjectionWorker } from './projection-worker.js';

const metadata: EventMetadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' }, correlationId: 'request-1' };

/** Records what it was given and whether its transaction had a transaction id by then. */
class ProbeProjection implements Projection {
  readonly tables = [] as const;
  readonly applied: number[] = [];
  readonly transactionIds: (string | null)[] = [];

  constructor(readonly name: string) {}

  async apply(events: RecordedEvent[], context: ProjectionContext): Promise<void> {
    const { rows } = await context.client.query<{ xid: string | null }>(`SELECT txid_current_if_assigned()::text AS xid`);
    this.transactionIds.push(rows[0].xid);
    this.applied.push(...events.map((event) => event.position));
  }
}

describe('ProjectionWorker', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.pool);
  });

  afterAll(async () => {
    await db.close();
  });

  function workerOf(projection: Projection): ProjectionWorker {
    const options = { batchSize: 500, pollMs: 50, standbyMs: 50, maxBackoffMs: 1_000 };
    return new ProjectionWorker(projection, db.pool, store, options, new Logger('test'), () => undefined);
  }

  const append = (count = 1) =>
    store.appendToStream(`probe-${randomUUID()}`, Array.from({ length: count }, () => ({ type: 'Probed', data: {} })), { expectedVersion: 'no-stream' }, metadata);

  it('takes no transaction id for a batch before the projection writes', async () => {
    const projection = new ProbeProjection(`probe-${randomUUID()}`);
    const { position } = await append();
    const worker = workerOf(projection);
    worker.start();
    try {
      expect(await eventually(() => projection.applied.includes(position), 20_000, 20)).toBe(true);
    } finally {
      await worker.stop();
    }
    expect(projection.transactionIds.length).toBeGreaterThan(0);
    expect(projection.transactionIds.every((xid) => xid === null)).toBe(true);
  }, 30_000);

  it('applies only the types a projection names, and moves its checkpoint past the others', async () => {
    const projection = Object.assign(new ProbeProjection(`probe-${randomUUID()}`), { eventTypes: ['Wanted'] });
    const appended = await store.appendToStream(
      `probe-${randomUUID()}`,
      ['Probed', 'Wanted', 'Probed', 'Probed'].map((type) => ({ type, data: {} })),
      { expectedVersion: 'no-stream' },
      metadata,
    );
    const wanted = appended.position - 2;
    const worker = workerOf(projection);
    worker.start();
    try {
      // Read-your-writes waits for the checkpoint: it must reach the last event though that one was never applied.
      const checkpoint = async () =>
        Number((await db.pool.query(`SELECT last_position FROM projection_checkpoints WHERE name = $1`, [projection.name])).rows[0]?.last_position ?? 0);
      expect(await eventually(async () => (await checkpoint()) >= appended.position, 20_000, 20)).toBe(true);
    } finally {
      await worker.stop();
    }
    expect(projection.applied.filter((position) => position > appended.position - 4)).toEqual([wanted]);
  }, 30_000);

  it('waits while a swap holds the checkpoint, then goes on from the cursor the swap left', async () => {
    const projection = new ProbeProjection(`probe-${randomUUID()}`);
    await db.pool.query(`INSERT INTO projection_checkpoints (name) VALUES ($1)`, [projection.name]);
    const before = await append(2);
    const swap = await db.pool.connect();
    const worker = workerOf(projection);
    try {
      await swap.query('BEGIN');
      await lockCheckpoint(swap, projection.name);
      const checkpoint = (await store.cursorAt(before.position))!;
      await swap.query(`UPDATE projection_checkpoints SET last_position = $2, last_transaction_id = $3::xid8 WHERE name = $1`, [
        projection.name,
        checkpoint.position,
        checkpoint.transactionId,
      ]);
      worker.start();
      const after = await append();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(projection.applied).toEqual([]);
      await swap.query('COMMIT');
      expect(await eventually(() => projection.applied.includes(after.position), 20_000, 20)).toBe(true);
      expect(projection.applied).toEqual([after.position]);
    } finally {
      await swap.query('ROLLBACK').catch(() => undefined);
      swap.release();
      await worker.stop();
    }
  }, 30_000);
});
