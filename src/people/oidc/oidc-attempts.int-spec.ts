import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { OidcAttempts, type OidcAttempt } from './oidc-attempts.js';

const anAttempt = (state: string): OidcAttempt => ({ state, nonce: `nonce-${state}`, codeVerifier: `verifier-${state}`, returnTo: '/processes' });

describe('OidcAttempts', () => {
  let db: TestDatabase;
  let attempts: OidcAttempts;

  beforeAll(async () => {
    db = await createTestDatabase();
    attempts = new OidcAttempts(db.pool);
  });

  afterAll(() => db.close());

  it('gives an attempt back once, to the cookie that named it, and keeps only that cookie digest', async () => {
    const cookie = await attempts.begin(anAttempt('a'));
    const { rows } = await db.pool.query<{ id_digest: string }>(`SELECT id_digest FROM oidc_attempts`);
    expect(rows.map((row) => row.id_digest)).not.toContain(cookie);
    expect(await attempts.take('another-cookie')).toBeUndefined();
    expect(await attempts.take(cookie)).toEqual(anAttempt('a'));
    expect(await attempts.take(cookie)).toBeUndefined();
  });

  it('lets exactly one of many concurrent returns through', async () => {
    const cookie = await attempts.begin(anAttempt('b'));
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => attempts.take(cookie)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('refuses an attempt older than ten minutes, and clears such attempts at the next one', async () => {
    const cookie = await attempts.begin(anAttempt('c'));
    await db.pool.query(`UPDATE oidc_attempts SET expires_at = now() - interval '1 second'`);
    expect(await attempts.take(cookie)).toBeUndefined();
    const stale = await attempts.begin(anAttempt('d'));
    await db.pool.query(`UPDATE oidc_attempts SET expires_at = now() - interval '1 second'`);
    await attempts.begin(anAttempt('e'));
    expect((await db.pool.query(`SELECT state FROM oidc_attempts`)).rows).toEqual([{ state: 'e' }]);
    expect(await attempts.take(stale)).toBeUndefined();
  });

  it('lives ten minutes', async () => {
    await attempts.begin(anAttempt('f'));
    const { rows } = await db.pool.query<{ seconds: number }>(`SELECT extract(epoch FROM expires_at - created_at)::int AS seconds FROM oidc_attempts WHERE state = 'f'`);
    expect(rows[0].seconds).toBe(600);
  });
});
