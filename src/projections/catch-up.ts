import type { Pool } from 'pg';
import type { EventStore } from '../event-store/event-store.js';
import { isAfter } from '../event-store/event-store.types.js';
import { liveTables } from './projection.js';
import type { Projection } from './projection.js';
import { lockCheckpoint, moveCheckpoint } from './projection-worker.js';

/** Applies everything the log holds past the projection's checkpoint, batch by batch; returns how many events it applied. */
export async function catchUp(projection: Projection, pool: Pool, store: EventStore, batchSize = 500): Promise<number> {
  await pool.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [projection.name]);
  const client = await pool.connect();
  let applied = 0;
  try {
    for (;;) {
      await client.query('BEGIN');
      const cursor = await lockCheckpoint(client, projection.name);
      const { events, end } = await store.readPageAfter(cursor, batchSize, projection.eventTypes, client);
      if (!isAfter(end, cursor)) {
        await client.query('COMMIT');
        return applied;
      }
      if (events.length > 0) await projection.apply(events, { client, table: liveTables });
      await moveCheckpoint(client, projection.name, end);
      await client.query('COMMIT');
      applied += events.length;
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
