import type { Pool } from 'pg';
import type { EventStore } from '../event-store/event-store.js';
import type { Projection } from './projection.js';
import { applyNextPage } from './projection-worker.js';

/** Applies everything the log holds past the projection's checkpoint, batch by batch as the worker does; returns how many events it applied. */
export async function catchUp(projection: Projection, pool: Pool, store: EventStore, batchSize = 500): Promise<number> {
  await pool.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [projection.name]);
  const client = await pool.connect();
  let applied = 0;
  try {
    for (;;) {
      const end = await applyNextPage(projection, store, client, batchSize, (events) => (applied += events.length));
      if (!end) return applied;
    }
  } finally {
    client.release();
  }
}
