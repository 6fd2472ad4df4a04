import type { EventStore } from '../../src/event-store/event-store.js';
import { catchUp } from '../../src/projections/catch-up.js';
import type { Projection } from '../../src/projections/projection.js';
import type { TestDatabase } from './test-database.js';

/**
 * catchUp sees only transactions older than every running one on the whole server, other test
 * databases' too: retry until the projection has applied the event at the position.
 */
export async function catchUpTo(projection: Projection, db: TestDatabase, store: EventStore, position: number, batchSize?: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    await catchUp(projection, db.pool, store, batchSize);
    const { rows } = await db.pool.query<{ reached: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM projection_checkpoints c, events e
         WHERE c.name = $1 AND e.position = $2 AND (c.last_transaction_id, c.last_position) >= (e.transaction_id, e.position)) AS reached`,
      [projection.name, position],
    );
    if (rows[0].reached) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${projection.name} did not reach position ${position}`);
}
