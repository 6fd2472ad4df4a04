import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { EventStore } from '../event-store/event-store.js';
import { processStreamId } from '../processes/process-stream.js';
import type { Projection } from './projection.js';
import { RebuildAlreadyRunning, rebuildProjection } from './rebuild.js';
import { TimelineProjection } from './timeline/timeline.projection.js';

const metadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' as const }, correlationId: 'request-1' };

const tableExists = async (db: TestDatabase, name: string) =>
  (await db.pool.query<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [name])).rows[0].found;

describe('rebuildProjection', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.pool);
    await store.appendToStream(processStreamId(randomUUID()), [{ type: 'ProcessOpened', data: { title: 'Review of resolution 68/268' } }], { expectedVersion: 'no-stream' }, metadata);
  });

  afterAll(async () => {
    await db.close();
  });

  it('refuses a second rebuild of a projection while one runs, and runs it once the first is done', async () => {
    let applying!: () => void;
    const started = new Promise<void>((resolve) => (applying = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const timeline = new TimelineProjection();
    const held: Projection = {
      name: timeline.name,
      tables: timeline.tables,
      async apply(events, context) {
        applying();
        await gate;
        await timeline.apply(events, context);
      },
    };

    const first = rebuildProjection(held, db.pool, store);
    await started;
    await expect(rebuildProjection(new TimelineProjection(), db.pool, store)).rejects.toThrow(RebuildAlreadyRunning);
    release();
    await expect(first).resolves.toMatchObject({ covered: 1 });
    await expect(rebuildProjection(new TimelineProjection(), db.pool, store)).resolves.toMatchObject({ covered: 1 });
  });

  it('drops the copies a killed rebuild left behind, and nothing else', async () => {
    await db.pool.query(`CREATE TABLE timeline_milestones__rebuild_1764000000000 (LIKE timeline_milestones INCLUDING ALL)`);
    await db.pool.query(`CREATE TABLE timeline_milestones__rebuild_notes (note text)`);
    await rebuildProjection(new TimelineProjection(), db.pool, store);
    expect(await tableExists(db, 'timeline_milestones__rebuild_1764000000000')).toBe(false);
    expect(await tableExists(db, 'timeline_milestones__rebuild_notes')).toBe(true);
    expect(await tableExists(db, 'timeline_milestones')).toBe(true);
  });
});
