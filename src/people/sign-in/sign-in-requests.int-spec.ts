import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { SIGN_IN_REQUEST_LIMITS, SignInRequests } from './sign-in-requests.js';

describe('SignInRequests', () => {
  let db: TestDatabase;
  let requests: SignInRequests;

  beforeAll(async () => {
    db = await createTestDatabase();
    requests = new SignInRequests(db.pool);
  });

  afterAll(() => db.close());

  it('admits five e-mails an address in 15 minutes, however it is typed, and then says how long to wait', async () => {
    const address = `someone-${randomUUID()}@example.org`;
    for (let i = 0; i < SIGN_IN_REQUEST_LIMITS.perAddress; i++) expect(await requests.admit(i % 2 ? address.toUpperCase() : address, `client-${i}`)).toBeUndefined();
    const wait = await requests.admit(` ${address} `, 'another client');
    expect(wait).toBeGreaterThan(14 * 60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
  });

  it('admits thirty e-mails a client in 15 minutes, whatever the addresses', async () => {
    const client = `client-${randomUUID()}`;
    for (let i = 0; i < SIGN_IN_REQUEST_LIMITS.perClient; i++) expect(await requests.admit(`a${i}-${randomUUID()}@example.org`, client)).toBeUndefined();
    expect(await requests.admit(`late-${randomUUID()}@example.org`, client)).toBeGreaterThan(0);
  });

  it('starts a new window once the old one is over', async () => {
    const address = `again-${randomUUID()}@example.org`;
    for (let i = 0; i <= SIGN_IN_REQUEST_LIMITS.perAddress; i++) await requests.admit(address, randomUUID());
    expect(await requests.admit(address, randomUUID())).toBeDefined();
    await db.pool.query(`UPDATE sign_in_requests SET window_started_at = now() - interval '15 minutes 1 second'`);
    expect(await requests.admit(address, randomUUID())).toBeUndefined();
  });

  it('keeps neither the address nor the client in the clear', async () => {
    const address = `private-${randomUUID()}@example.org`;
    await requests.admit(address, '203.0.113.7');
    const { rows } = await db.pool.query(`SELECT key FROM sign_in_requests`);
    expect(JSON.stringify(rows)).not.toContain(address);
    expect(JSON.stringify(rows)).not.toContain('203.0.113.7');
  });
});
