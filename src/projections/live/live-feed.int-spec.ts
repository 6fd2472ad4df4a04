import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { EventStore } from '../../event-store/event-store.js';
import { aDeadlineSet } from '../../processes/domain/testing/process-builders.js';
import { processStreamId } from '../../processes/process-stream.js';
import { ProjectionProgress } from '../projection-progress.js';
import { RecordedHistory } from '../recorded-history.js';
import { LIVE_PROJECTION, LiveFeed, type LiveMessage } from './live-feed.service.js';

const metadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' as const }, correlationId: 'request-1' };

describe('the live feed', () => {
  let db: TestDatabase;
  let store: EventStore;
  let progress: ProjectionProgress;
  let feed: LiveFeed;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.pool);
    progress = new ProjectionProgress(db.pool, store);
    feed = new LiveFeed(store, db.pool, progress, new RecordedHistory(store));
    await db.pool.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [LIVE_PROJECTION]);
  });

  afterAll(async () => {
    feed.beforeApplicationShutdown();
    await db.close();
  });

  /** Moves the live projection's checkpoint to the event at this position and tells the instance, as the runner does. */
  async function project(position: number): Promise<void> {
    const cursor = (await store.cursorAt(position))!;
    await db.pool.query(`UPDATE projection_checkpoints SET last_position = $2, last_transaction_id = $3::xid8 WHERE name = $1`, [LIVE_PROJECTION, position, cursor.transactionId]);
    progress.announce(LIVE_PROJECTION, cursor);
  }

  it('resumes after Last-Event-ID with every later event once and in order, while the projection moves on during the replay', async () => {
    for (let trial = 0; trial < 100; trial++) {
      const processId = randomUUID();
      const positions: number[] = [];
      for (let version = 1; version <= 4; version++) {
        const appended = await store.appendToStream(processStreamId(processId), [aDeadlineSet({ deadlineId: randomUUID(), title: `trial ${trial}, version ${version}` })], { expectedVersion: version - 1 || 'no-stream' }, metadata);
        positions.push(appended.position);
      }
      const [seen, ...rest] = positions;
      await project(seen);

      const received: number[] = [];
      // The runner goes on projecting while the reader reconnects: the replay and the tail race.
      const projecting = (async () => {
        await sleep(trial % 3);
        for (const position of rest) await project(position);
      })();
      const subscription = feed.follow(processId, undefined, seen).subscribe((message: LiveMessage) => received.push(message.data.position));
      try {
        await projecting;
        const deadline = Date.now() + 3_000;
        while (received.at(-1) !== rest.at(-1) && Date.now() < deadline) await sleep(10);
        expect({ trial, received }).toEqual({ trial, received: rest });
      } finally {
        subscription.unsubscribe();
      }
    }
  });

  it('ends only the stream whose visibility check fails, and leaves no rejection unhandled', async () => {
    const processId = randomUUID();
    const appended = await store.appendToStream(processStreamId(processId), [aDeadlineSet({ deadlineId: randomUUID() })], { expectedVersion: 'no-stream' }, metadata);
    await project(appended.position);
    // Nothing listens on port 1: the check's query fails as a pool timeout would.
    const unreachable = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 200 });
    const failing = new LiveFeed(store, db.pool, progress, new RecordedHistory(new EventStore(unreachable)));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const ended = await new Promise<unknown>((resolve) => {
        failing.follow(processId, undefined, 0).subscribe({ error: resolve, complete: () => resolve('completed') });
        setTimeout(() => resolve('still open'), 5_000).unref();
      });
      expect(String(ended)).toMatch(/ECONNREFUSED|connect/);
      await sleep(100);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      failing.beforeApplicationShutdown();
      await unreachable.end();
    }
  });
});
