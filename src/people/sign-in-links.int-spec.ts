import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { SignInLinks } from './sign-in-links.js';

describe('SignInLinks', () => {
  let db: TestDatabase;
  let links: SignInLinks;

  beforeAll(async () => {
    db = await createTestDatabase();
    links = new SignInLinks(db.pool);
  });

  afterAll(() => db.close());

  it('signs in once: a used link, an unknown one and an expired one get the same answer', async () => {
    const personId = randomUUID();
    const token = await links.issue('sign-in', personId);
    expect(await links.consume(token)).toEqual({ purpose: 'sign-in', personId });
    expect(await links.consume(token)).toBeUndefined();
    expect(await links.consume('never-issued')).toBeUndefined();
    const expired = await links.issue('sign-in', personId);
    await db.pool.query(`UPDATE sign_in_links SET expires_at = now() - interval '1 second'`);
    expect(await links.consume(expired)).toBeUndefined();
  });

  it('lets exactly one of many concurrent uses of a link through', async () => {
    const token = await links.issue('invitation', randomUUID());
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => links.consume(token)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('keeps only digests, and forgets a person\'s links', async () => {
    const personId = randomUUID();
    const token = await links.issue('invitation', personId);
    const { rows } = await db.pool.query(`SELECT token_digest FROM sign_in_links WHERE person_id = $1`, [personId]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    await links.revokeAllOf(personId);
    expect(await links.consume(token)).toBeUndefined();
  });

  it('knows whether a first-admin link is waiting', async () => {
    expect(await links.firstAdminPending()).toBe(false);
    const token = await links.issue('first-admin', null);
    expect(await links.firstAdminPending()).toBe(true);
    await links.consume(token);
    expect(await links.firstAdminPending()).toBe(false);
  });
});
