import pg from 'pg';
import { eventually } from '../../test/support/eventually.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { loadConfig } from '../config/config.js';
import { EventStore } from '../event-store/event-store.js';
import { ProjectionProgress } from './projection-progress.js';
import { ReadModelVersions } from './read-model-versions.js';
import { TimelinePageCache } from './timeline/timeline-page-cache.js';

describe('read model versions and the timeline page cache', () => {
  let db: TestDatabase;
  let progress: ProjectionProgress;
  let versions: ReadModelVersions;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query(`INSERT INTO projection_checkpoints (name) VALUES ('timeline') ON CONFLICT DO NOTHING`);
  });

  beforeEach(async () => {
    progress = new ProjectionProgress(db.pool, new EventStore(db.pool));
    versions = new ReadModelVersions(db.pool, loadConfig({ ROLE: 'api' }), progress);
    versions.onApplicationBootstrap();
    expect(await eventually(() => versions.current('timeline') !== undefined, 5_000, 10)).toBe(true);
  });

  afterEach(async () => {
    await versions.beforeApplicationShutdown();
  });

  afterAll(async () => {
    await db.close();
  });

  /** Another instance's runner committing a batch. */
  const moveCheckpoint = () => db.pool.query(`UPDATE projection_checkpoints SET last_position = last_position + 1, updated_at = now() WHERE name = 'timeline'`);

  it('change at once when this instance projects a batch', () => {
    const before = versions.current('timeline');
    progress.announce('timeline', { transactionId: '1', position: 1 });
    expect(versions.current('timeline')).not.toBe(before);
  });

  it('change within a poll when another instance moves the checkpoint', async () => {
    const before = versions.current('timeline');
    await moveCheckpoint();
    expect(await eventually(() => versions.current('timeline') !== before, 2_000, 10)).toBe(true);
  });

  it('stay put while nothing moves', async () => {
    const before = versions.current('timeline');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(versions.current('timeline')).toBe(before);
  });

  it('become unknown once the checkpoints have not been read for a second', async () => {
    await versions.beforeApplicationShutdown();
    const pool = new pg.Pool({ connectionString: db.url });
    versions = new ReadModelVersions(pool, loadConfig({ ROLE: 'api' }), progress);
    versions.onApplicationBootstrap();
    expect(await eventually(() => versions.current('timeline') !== undefined, 5_000, 10)).toBe(true);
    await pool.end();
    expect(versions.current('timeline')).not.toBeUndefined();
    expect(await eventually(() => versions.current('timeline') === undefined, 3_000, 50)).toBe(true);
  });

  describe('the page cache', () => {
    let reads: number;
    let cache: TimelinePageCache;
    const read = async () => ({ items: [], read: ++reads });

    beforeEach(() => {
      reads = 0;
      cache = new TimelinePageCache(versions);
    });

    it('reads a page once while the read model stays put, with a stable ETag', async () => {
      const first = await cache.page('page 1', read);
      const second = await cache.page('page 1', read);
      expect(reads).toBe(1);
      expect(second.body.equals(first.body)).toBe(true);
      expect(second.etag).toBe(first.etag);
      expect(JSON.parse(first.body.toString())).toEqual({ items: [], read: 1 });
    });

    it('keeps pages of different keys apart', async () => {
      await cache.page('page 1', read);
      const other = await cache.page('page 2', read);
      expect(JSON.parse(other.body.toString()).read).toBe(2);
    });

    it('reads again once the read model moved, here or in another instance', async () => {
      await cache.page('page 1', read);
      progress.announce('timeline', { transactionId: '1', position: 1 });
      expect(JSON.parse((await cache.page('page 1', read)).body.toString()).read).toBe(2);
      await moveCheckpoint();
      expect(await eventually(async () => JSON.parse((await cache.page('page 1', read)).body.toString()).read === 3, 2_000, 10)).toBe(true);
    });

    it('does not keep a page read while the read model moved (it may hold either side)', async () => {
      await cache.page('page 1', async () => {
        const page = await read();
        progress.announce('timeline', { transactionId: '1', position: 1 });
        return page;
      });
      await cache.page('page 1', read);
      expect(reads).toBe(2);
    });

    it('keeps nothing while the versions are unknown', async () => {
      await versions.beforeApplicationShutdown();
      const unreachable = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 200 });
      const blind = new ReadModelVersions(unreachable, loadConfig({ ROLE: 'api' }), progress);
      blind.onApplicationBootstrap();
      cache = new TimelinePageCache(blind);
      await cache.page('page 1', read);
      await cache.page('page 1', read);
      expect(reads).toBe(2);
      await blind.beforeApplicationShutdown();
      await unreachable.end();
    });
  });
});
