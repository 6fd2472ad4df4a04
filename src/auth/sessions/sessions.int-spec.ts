import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { loadConfig } from '../../config/config.js';
import { DatabaseTarget } from '../../config/config.module.js';
import { AccessCache } from '../access/access-cache.js';
import { sessionDigest, sessionIdPrefixOf, Sessions, sessionTokenId } from './sessions.js';

describe('Sessions', () => {
  let db: TestDatabase;
  let sessions: Sessions;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The embedded flag: a cache that keeps entries without a listener, as on one instance.
    const cache = new AccessCache(loadConfig({}), new DatabaseTarget(db.url, true));
    sessions = new Sessions(db.pool, cache, loadConfig({ SESSION_IDLE_HOURS: '2', SESSION_MAX_DAYS: '3' }));
  });

  afterAll(() => db.close());

  it('keeps only the digest of the cookie, with the absolute expiry of SESSION_MAX_DAYS', async () => {
    const personId = randomUUID();
    const cookie = await sessions.start(personId);
    expect(Buffer.from(cookie, 'base64url')).toHaveLength(32);
    const { rows } = await db.pool.query(`SELECT id_digest, extract(epoch FROM expires_at - created_at) AS lifetime FROM sessions WHERE person_id = $1`, [personId]);
    expect(rows).toEqual([{ id_digest: sessionDigest(cookie), lifetime: expect.anything() }]);
    expect(Number(rows[0].lifetime)).toBeCloseTo(3 * 86_400, -1);
    expect(JSON.stringify(rows)).not.toContain(cookie);
    expect(await sessions.find(cookie)).toMatchObject({ personId });
  });

  it('ends a session unused for SESSION_IDLE_HOURS, or past its absolute expiry', async () => {
    const idle = await sessions.start(randomUUID());
    const old = await sessions.start(randomUUID());
    await db.pool.query(`UPDATE sessions SET last_seen_at = now() - interval '2 hours 1 minute' WHERE id_digest = $1`, [sessionDigest(idle)]);
    await db.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_digest = $1`, [sessionDigest(old)]);
    expect(await sessions.find(idle)).toBeUndefined();
    expect(await sessions.find(old)).toBeUndefined();
  });

  it('writes last_seen_at at most once a minute', async () => {
    const cookie = await sessions.start(randomUUID());
    const lastSeen = async () => (await db.pool.query(`SELECT last_seen_at FROM sessions WHERE id_digest = $1`, [sessionDigest(cookie)])).rows[0].last_seen_at as Date;
    await sessions.find(cookie);
    const first = await lastSeen();
    await sessions.find(cookie);
    expect(await lastSeen()).toEqual(first);
    await db.pool.query(`UPDATE sessions SET last_seen_at = now() - interval '2 minutes' WHERE id_digest = $1`, [sessionDigest(cookie)]);
    sessions = new Sessions(db.pool, new AccessCache(loadConfig({}), new DatabaseTarget(db.url, true)), loadConfig({}));
    await sessions.find(cookie);
    expect((await lastSeen()).getTime()).toBeGreaterThan(Date.now() - 30_000);
  });

  it('ends one session, or every session of a person', async () => {
    const personId = randomUUID();
    const [a, b, c] = [await sessions.start(personId), await sessions.start(personId), await sessions.start(personId)];
    expect(await sessions.end(a)).toBe(true);
    expect(await sessions.end(a)).toBe(false);
    expect(await sessions.find(a)).toBeUndefined();
    expect(await sessions.endAllOf(personId)).toBe(2);
    expect(await sessions.find(b)).toBeUndefined();
    expect(await sessions.find(c)).toBeUndefined();
  });

  it('names a session by a prefix of its digest, told apart from token ids', () => {
    const tokenId = sessionTokenId(sessionDigest('x'));
    expect(sessionIdPrefixOf(tokenId)).toBe(sessionDigest('x').slice(0, 24));
    expect(sessionIdPrefixOf(randomUUID())).toBeUndefined();
  });
});
