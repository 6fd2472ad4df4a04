import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { eventually } from '../../../test/support/eventually.js';
import { loadConfig } from '../../config/config.js';
import { DatabaseTarget } from '../../config/config.module.js';
import { AccessCache, type PersonAccess } from './access-cache.js';
import { notifyAccessChanged } from './access-changes.js';

const person = (role: PersonAccess['role']): PersonAccess => ({ personId: 'p', displayName: 'P', role, processRoles: new Map(), active: true });

describe('AccessCache', () => {
  let db: TestDatabase;
  const caches: AccessCache[] = [];

  async function aCache(): Promise<AccessCache> {
    const cache = new AccessCache(loadConfig({}), new DatabaseTarget(db.url, false));
    caches.push(cache);
    cache.onApplicationBootstrap();
    // Listening is what allows it to keep anything: wait for it.
    const loads = { count: 0 };
    await eventually(async () => {
      cache.clear();
      await cache.through('person', 'probe', async () => (loads.count++, person('viewer')));
      await cache.through('person', 'probe', async () => (loads.count++, person('viewer')));
      const kept = loads.count % 2 === 1;
      loads.count = 0;
      return kept;
    }, 5_000, 20);
    return cache;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.beforeApplicationShutdown()));
    await db.close();
  });

  it('reads a caller once, then answers from memory', async () => {
    const cache = await aCache();
    let loads = 0;
    const load = async () => (loads++, person('editor'));
    await cache.through('person', 'a', load);
    await cache.through('person', 'a', load);
    expect(loads).toBe(1);
  });

  it('is cleared on every instance within a second of a NOTIFY from anywhere', async () => {
    const [one, two] = [await aCache(), await aCache()];
    let loads = 0;
    const load = async () => (loads++, person('editor'));
    await one.through('person', 'b', load);
    await two.through('person', 'b', load);
    expect(loads).toBe(2);
    const sentAt = Date.now();
    await notifyAccessChanged(db.pool);
    expect(
      await eventually(async () => {
        loads = 0;
        await one.through('person', 'b', load);
        await two.through('person', 'b', load);
        return loads === 2;
      }, 1_000, 10),
    ).toBe(true);
    expect(Date.now() - sentAt).toBeLessThan(1_000);
  });

  it('keeps nothing a lookup read while a change was being announced', async () => {
    const cache = await aCache();
    let loads = 0;
    await cache.through('person', 'c', async () => {
      loads++;
      cache.clear();
      return person('admin');
    });
    await cache.through('person', 'c', async () => (loads++, person('viewer')));
    expect(loads).toBe(2);
  });

  it('keeps nothing while it cannot hear changes (a server database it is not listening to)', async () => {
    const deaf = new AccessCache(loadConfig({ ROLE: 'worker' }), new DatabaseTarget(db.url, false));
    let loads = 0;
    await deaf.through('token', 'd', async () => (loads++, { tokenId: 't', name: 'n', role: 'viewer', personId: null, lastUsedAt: null }));
    await deaf.through('token', 'd', async () => (loads++, { tokenId: 't', name: 'n', role: 'viewer', personId: null, lastUsedAt: null }));
    expect(loads).toBe(2);
  });
});
