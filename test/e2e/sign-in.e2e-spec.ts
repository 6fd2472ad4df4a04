import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { notifyAccessChanged } from '../../src/auth/access/access-changes.js';
import type { Role } from '../../src/auth/roles.js';
import { hashToken } from '../../src/auth/token.service.js';
import { EventStore } from '../../src/event-store/event-store.js';
import type { WriteContext } from '../../src/event-store/write-context.js';
import { decidePerson, type PersonCommand } from '../../src/people/domain/person.decisions.js';
import { personIdFor } from '../../src/people/person-stream.js';
import { PersonRepository } from '../../src/people/person.repository.js';
import { KeyEncryptionKey } from '../../src/privacy/key-encryption-key.js';
import { PersonalDataVault } from '../../src/privacy/personal-data-vault.js';
import type { Language } from '../../src/processes/domain/process.vocabulary.js';
import { mailHeader, mailParts } from '../../src/channels/testing/raw-mail.js';
import { aMilestone, aProcess } from '../builders/request-bodies.js';
import { eventually } from '../support/eventually.js';
import { startService, TEST_DATA_KEY, type ServiceProcess } from '../support/service-process.js';
import { bearer, createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/test-app.js';

const SETUP: WriteContext = { actor: { id: 'test-setup', name: 'test setup', role: 'admin' }, correlationId: 'test-setup' };

/** The value of the session cookie a response sets, and the cookie's attributes. */
function sessionCookie(response: request.Response): { value: string; attributes: string[] } {
  const header = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((line) => line.startsWith('trt_session='));
  if (!header) throw new Error(`no session cookie in ${JSON.stringify(response.headers)}`);
  const [pair, ...attributes] = header.split(';').map((part) => part.trim());
  return { value: pair.slice('trt_session='.length), attributes };
}

const cookie = (value: string) => ({ Cookie: `trt_session=${value}` });

describe('Sign-in, sessions and the guard (e2e)', () => {
  let t: TestApp;
  let people: PersonRepository;
  let vault: PersonalDataVault;
  let adminCookie: string;
  const origin = () => ({ Origin: t.service.baseUrl });

  /** A person invited (and, unless asked, joined) by appending to their stream, as the people routes would. */
  async function aPerson(role: Role, { join = true, language = 'en' }: { join?: boolean; language?: Language } = {}) {
    const email = `person-${randomUUID()}@example.org`;
    const { subjectId, encrypted } = await vault.protect(email);
    const personId = personIdFor(subjectId);
    await change(personId, { type: 'InvitePerson', personId, subjectId, email: encrypted, displayName: `Person ${role}`, language, role });
    if (join) await change(personId, { type: 'JoinTracker', via: 'email-link' });
    return { personId, email };
  }

  async function change(personId: string, command: PersonCommand): Promise<void> {
    await people.execute(personId, (state) => decidePerson(command, state), SETUP);
    await notifyAccessChanged(t.db.pool);
  }

  async function outboxMessages(): Promise<string[]> {
    const dir = join(t.dataDir, 'outbox');
    const names = await readdir(dir).catch(() => [] as string[]);
    return Promise.all(names.filter((name) => name.endsWith('.eml')).map((name) => readFile(join(dir, name), 'utf8')));
  }

  const handedOut = new Set<string>();

  /** The token of a sign-in link e-mailed to this address that no test used yet, once it arrived. */
  async function linkSentTo(email: string): Promise<string> {
    let token: string | undefined;
    const arrived = await eventually(async () => {
      const texts = (await outboxMessages())
        .filter((message) => mailHeader(message, 'To')?.includes(email))
        .map((message) => mailParts(message).find((part) => part.contentType.startsWith('text/plain'))!.body);
      token = texts.map((text) => /#\/sign-in\/link\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1]).find((found) => found !== undefined && !handedOut.has(found));
      return token !== undefined;
    }, 10_000);
    if (!arrived) throw new Error(`no new e-mail to ${email}`);
    handedOut.add(token!);
    return token!;
  }

  async function signIn(email: string): Promise<string> {
    await t.http.post('/api/sign-in/email').send({ email }).expect(202);
    const token = await linkSentTo(email);
    return sessionCookie(await t.http.post('/api/sign-in/link').send({ token }).expect(200)).value;
  }

  /** Access changes reach the service by NOTIFY: within a second, not at once. */
  async function answersWithin1s(send: () => request.Test, status: number): Promise<void> {
    let last = 0;
    const reached = await eventually(async () => (last = (await send()).status) === status, 1_000, 20);
    if (!reached) throw new Error(`expected ${status} within 1 s, still ${last}`);
  }

  beforeAll(async () => {
    t = await createTestApp();
    const store = new EventStore(t.db.pool);
    people = new PersonRepository(store);
    vault = new PersonalDataVault(t.db.pool, new KeyEncryptionKey(Buffer.from(TEST_DATA_KEY, 'base64')));
  }, 120_000);

  afterAll(() => t?.close());

  it('prints a first-admin link at the first start that signs the admin in, once', async () => {
    const line = await t.service.waitForLine(/#\/sign-in\/first-admin\?token=/);
    const token = /token=([A-Za-z0-9_-]+)/.exec(line)![1];
    const body = { token, email: 'First.Admin@example.org', displayName: 'First Admin', language: 'fr' };
    // Posted to the wrong page, the link is refused and stays usable.
    await t.http.post('/api/sign-in/link').send({ token }).expect(401);
    const signedIn = await t.http.post('/api/sign-in/first-admin').send(body).expect(201);
    expect(signedIn.body).toEqual({ personId: expect.any(String), displayName: 'First Admin', role: 'admin' });
    adminCookie = sessionCookie(signedIn).value;

    const session = await t.http.get('/api/session').set(cookie(adminCookie)).expect(200);
    expect(session.body).toMatchObject({ signedIn: true, name: 'First Admin', role: 'admin', personId: signedIn.body.personId, credential: 'cookie' });
    const history = await t.db.pool.query(`SELECT type, data->>'via' AS via FROM events WHERE stream_id = $1 ORDER BY version`, [`person-${signedIn.body.personId}`]);
    expect(history.rows).toEqual([
      { type: 'PersonInvited', via: null },
      { type: 'PersonJoined', via: 'first-start' },
    ]);
    const again = await t.http.post('/api/sign-in/first-admin').send(body).expect(401);
    expect(again.body.code).toBe('invalid-sign-in-link');
  });

  it('sets the session cookie httpOnly, SameSite=Lax, on the whole site, not Secure over http', async () => {
    const { email } = await aPerson('viewer');
    await t.http.post('/api/sign-in/email').send({ email }).expect(202);
    const response = await t.http.post('/api/sign-in/link').send({ token: await linkSentTo(email) }).expect(200);
    const { attributes } = sessionCookie(response);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax']));
    expect(attributes.some((attribute) => /^Max-Age=\d+$/.test(attribute))).toBe(true);
    expect(attributes).not.toContain('Secure');
  });

  it('signs an invited person in once with the e-mailed link, and they join', async () => {
    const { personId, email } = await aPerson('editor', { join: false, language: 'es' });
    await t.http.post('/api/sign-in/email').send({ email }).expect(202);
    const token = await linkSentTo(email);
    const message = (await outboxMessages()).find((m) => mailHeader(m, 'To')?.includes(email))!;
    expect(mailHeader(message, 'Subject')).toContain('enlace');
    const signedIn = await t.http.post('/api/sign-in/link').send({ token }).expect(200);
    expect(signedIn.body).toEqual({ personId, displayName: 'Person editor', role: 'editor' });
    const session = await t.http.get('/api/session').set(cookie(sessionCookie(signedIn).value)).expect(200);
    expect(session.body).toMatchObject({ signedIn: true, role: 'editor', personId, credential: 'cookie' });
    const joined = await t.db.pool.query(`SELECT data->>'via' AS via FROM events WHERE stream_id = $1 AND type = 'PersonJoined'`, [`person-${personId}`]);
    expect(joined.rows).toEqual([{ via: 'email-link' }]);

    const second = await t.http.post('/api/sign-in/link').send({ token }).expect(401);
    expect(second.body.code).toBe('invalid-sign-in-link');
  });

  it('refuses an expired link with the same answer as an unknown one', async () => {
    const { email } = await aPerson('viewer');
    await t.http.post('/api/sign-in/email').send({ email }).expect(202);
    const token = await linkSentTo(email);
    await t.db.pool.query(`UPDATE sign_in_links SET expires_at = now() - interval '1 second' WHERE purpose = 'sign-in' AND used_at IS NULL`);
    const expired = await t.http.post('/api/sign-in/link').send({ token }).expect(401);
    const unknown = await t.http.post('/api/sign-in/link').send({ token: 'never-issued' }).expect(401);
    expect({ ...expired.body, instance: undefined, requestId: undefined }).toEqual({ ...unknown.body, instance: undefined, requestId: undefined });
  });

  it('answers the same for known and unknown addresses, and sends nothing to the unknown one', async () => {
    const { email } = await aPerson('viewer');
    const unknownAddress = `nobody-${randomUUID()}@example.org`;
    const known = await t.http.post('/api/sign-in/email').send({ email }).expect(202);
    const unknown = await t.http.post('/api/sign-in/email').send({ email: unknownAddress }).expect(202);
    expect(unknown.body).toEqual(known.body);
    await linkSentTo(email);
    expect((await outboxMessages()).some((message) => message.includes(unknownAddress))).toBe(false);
  });

  it('answers 429 beyond five sign-in e-mails for one address in 15 minutes', async () => {
    const email = `flooded-${randomUUID()}@example.org`;
    for (let i = 0; i < 5; i++) await t.http.post('/api/sign-in/email').send({ email }).expect(202);
    const refused = await t.http.post('/api/sign-in/email').send({ email }).expect(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('too-many-sign-in-requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses a cookie write from another origin, and takes it from its own', async () => {
    const refused = await t.http.post('/api/processes').set(cookie(adminCookie)).set('Origin', 'https://evil.example').send(aProcess()).expect(403);
    expect(refused.body.code).toBe('cross-origin-write');
    await t.http.post('/api/processes').set(cookie(adminCookie)).send(aProcess()).expect(403);
    await t.http.post('/api/processes').set(cookie(adminCookie)).set('Sec-Fetch-Site', 'cross-site').send(aProcess()).expect(403);
    await t.http.post('/api/processes').set(cookie(adminCookie)).set(origin()).send(aProcess()).expect(201);
    await t.http.post('/api/processes').set(cookie(adminCookie)).set('Sec-Fetch-Site', 'same-origin').send(aProcess()).expect(201);
    // A bearer token is never sent by a browser on its own: no origin is asked of it.
    await t.http.post('/api/processes').set(bearer(TEST_ADMIN_TOKEN)).set('Origin', 'https://evil.example').send(aProcess()).expect(201);
  });

  it('ends the session at sign-out, and every session at sign-out everywhere', async () => {
    const { email } = await aPerson('viewer');
    const first = await signIn(email);
    const second = await signIn(email);
    const third = await signIn(email);
    const out = await t.http.post('/api/sign-out').set(cookie(first)).set(origin()).expect(204);
    expect(([] as string[]).concat(out.headers['set-cookie'] ?? []).join()).toMatch(/trt_session=;.*Expires=Thu, 01 Jan 1970/);
    await t.http.get('/api/processes').set(cookie(first)).expect(200);
    expect((await t.http.get('/api/session').set(cookie(first)).expect(200)).body.signedIn).toBe(false);
    await t.http.get('/api/tokens').set(cookie(first)).expect(401);
    expect((await t.http.get('/api/session').set(cookie(second)).expect(200)).body.signedIn).toBe(true);

    const everywhere = await t.http.post('/api/sign-out/everywhere').set(cookie(second)).set(origin()).expect(200);
    expect(everywhere.body).toEqual({ ended: 2 });
    expect((await t.http.get('/api/session').set(cookie(third)).expect(200)).body.signedIn).toBe(false);
  });

  it("refuses a deactivated person's session and token at their next request", async () => {
    const { personId, email } = await aPerson('editor');
    const session = await signIn(email);
    const tokenId = randomUUID();
    const token = `trt_${randomUUID()}`;
    await change(personId, { type: 'CreateApiToken', tokenId, name: 'their script', role: 'editor' });
    await t.db.pool.query(`INSERT INTO api_tokens (id, name, role, token_hash, person_id) VALUES ($1, 'their script', 'editor', $2, $3)`, [tokenId, hashToken(token), personId]);
    await t.http.post('/api/processes').set(cookie(session)).set(origin()).send(aProcess()).expect(201);
    await t.http.post('/api/processes').set(bearer(token)).send(aProcess()).expect(201);

    await change(personId, { type: 'DeactivatePerson' });
    await answersWithin1s(() => t.http.post('/api/processes').set(cookie(session)).set(origin()).send(aProcess()), 401);
    await t.http.post('/api/processes').set(bearer(token)).send(aProcess()).expect(401);
  });

  it("acts with the token's role only while its owner's role covers it", async () => {
    const { personId } = await aPerson('editor');
    const tokenId = randomUUID();
    const token = `trt_${randomUUID()}`;
    await change(personId, { type: 'CreateApiToken', tokenId, name: 'writer', role: 'editor' });
    await t.db.pool.query(`INSERT INTO api_tokens (id, name, role, token_hash, person_id) VALUES ($1, 'writer', 'editor', $2, $3)`, [tokenId, hashToken(token), personId]);
    await t.http.post('/api/processes').set(bearer(token)).send(aProcess()).expect(201);
    await change(personId, { type: 'ChangeRole', role: 'viewer' });
    await answersWithin1s(() => t.http.post('/api/processes').set(bearer(token)).send(aProcess()), 403);
    expect((await t.http.get('/api/session').set(bearer(token)).expect(200)).body).toMatchObject({ role: 'viewer', personId, credential: 'token' });
  });

  it("gives a person's role on one process to the routes of that process only", async () => {
    const mine = (await t.http.post('/api/processes').set(bearer(TEST_ADMIN_TOKEN)).send(aProcess()).expect(201)).body.id as string;
    const other = (await t.http.post('/api/processes').set(bearer(TEST_ADMIN_TOKEN)).send(aProcess()).expect(201)).body.id as string;
    const { personId, email } = await aPerson('viewer');
    const session = await signIn(email);
    await t.http.post(`/api/processes/${mine}/milestones`).set(cookie(session)).set(origin()).send(aMilestone()).expect(403);

    await change(personId, { type: 'GrantProcessRole', processId: mine, role: 'editor' });
    await answersWithin1s(() => t.http.post(`/api/processes/${mine}/milestones`).set(cookie(session)).set(origin()).send(aMilestone()), 201);
    await t.http.post(`/api/processes/${other}/milestones`).set(cookie(session)).set(origin()).send(aMilestone()).expect(403);
    await t.http.post('/api/processes').set(cookie(session)).set(origin()).send(aProcess()).expect(403);

    await change(personId, { type: 'WithdrawProcessRole', processId: mine });
    await answersWithin1s(() => t.http.post(`/api/processes/${mine}/milestones`).set(cookie(session)).set(origin()).send(aMilestone()), 403);
  });

  it("lets a person's role on one process open its confidential entries, in that process and at past moments only", async () => {
    const mine = (await t.http.post('/api/processes').set(bearer(TEST_ADMIN_TOKEN)).send(aProcess()).expect(201)).body.id as string;
    const other = (await t.http.post('/api/processes').set(bearer(TEST_ADMIN_TOKEN)).send(aProcess()).expect(201)).body.id as string;
    let position = 0;
    for (const processId of [mine, other]) {
      const logged = await t.http.post(`/api/processes/${processId}/milestones`).set(bearer(TEST_ADMIN_TOKEN)).send(aMilestone({ title: 'Witness statement', visibility: 'confidential' })).expect(201);
      position = Math.max(position, logged.body.position);
    }
    const { personId, email } = await aPerson('viewer');
    const session = await signIn(email);
    const titles = async (processId: string, query: Record<string, unknown> = {}) =>
      ((await t.http.get(`/api/processes/${processId}/timeline`).query({ minPosition: position, ...query }).set(cookie(session)).expect(200)).body.items as { title: string }[]).map((item) => item.title);
    expect(await titles(mine)).not.toContain('Witness statement');

    await change(personId, { type: 'GrantProcessRole', processId: mine, role: 'auditor' });
    expect(await eventually(async () => (await titles(mine)).includes('Witness statement'), 1_000, 20)).toBe(true);
    expect(await titles(mine, { asOf: new Date().toISOString() })).toContain('Witness statement');
    expect(await titles(other)).not.toContain('Witness statement');
    expect(await titles(other, { asOf: new Date().toISOString() })).not.toContain('Witness statement');

    await change(personId, { type: 'WithdrawProcessRole', processId: mine });
    expect(await eventually(async () => !(await titles(mine, { asOf: new Date().toISOString() })).includes('Witness statement'), 1_000, 20)).toBe(true);
  });

  it("counts each process in the list under the reader's role on it, and a token's role caps that role", async () => {
    const mine = (await t.http.post('/api/processes').set(bearer(TEST_ADMIN_TOKEN)).send(aProcess()).expect(201)).body.id as string;
    const other = (await t.http.post('/api/processes').set(bearer(TEST_ADMIN_TOKEN)).send(aProcess()).expect(201)).body.id as string;
    let position = 0;
    for (const processId of [mine, other]) {
      await t.http.post(`/api/processes/${processId}/milestones`).set(bearer(TEST_ADMIN_TOKEN)).send(aMilestone({ title: 'Shared', occurredOn: '2020-01-01', visibility: 'internal' })).expect(201);
      const logged = await t.http.post(`/api/processes/${processId}/milestones`).set(bearer(TEST_ADMIN_TOKEN)).send(aMilestone({ title: 'Witness statement', occurredOn: '2021-01-01', visibility: 'confidential' })).expect(201);
      position = Math.max(position, logged.body.position);
    }
    /** What the list shows of both processes to this reader: counted milestones, last activity, and whether the stream head shows. */
    const listedAs = async (credential: Record<string, string>) => {
      const items = (await t.http.get('/api/processes').query({ minPosition: position, limit: 100 }).set(credential).expect(200)).body.items as {
        id: string;
        counts: { milestones: number };
        lastActivity: { title: string };
        version?: number;
      }[];
      const shown = (id: string) => {
        const item = items.find((candidate) => candidate.id === id)!;
        return { milestones: item.counts.milestones, lastActivity: item.lastActivity.title, head: item.version !== undefined };
      };
      return { mine: shown(mine), other: shown(other) };
    };
    const confidentialSeen = { milestones: 2, lastActivity: 'Witness statement', head: true };
    const internalSeen = { milestones: 1, lastActivity: 'Shared', head: false };

    // An auditor lowered to editor on one process, by session and by an auditor token of theirs.
    const lowered = await aPerson('auditor');
    const loweredSession = await signIn(lowered.email);
    const tokenId = randomUUID();
    const token = `trt_${randomUUID()}`;
    await change(lowered.personId, { type: 'CreateApiToken', tokenId, name: 'audit script', role: 'auditor' });
    await t.db.pool.query(`INSERT INTO api_tokens (id, name, role, token_hash, person_id) VALUES ($1, 'audit script', 'auditor', $2, $3)`, [tokenId, hashToken(token), lowered.personId]);
    await change(lowered.personId, { type: 'GrantProcessRole', processId: mine, role: 'editor' });
    expect(await eventually(async () => (await listedAs(cookie(loweredSession))).mine.milestones === 1, 1_000, 20)).toBe(true);
    expect(await listedAs(cookie(loweredSession))).toEqual({ mine: internalSeen, other: confidentialSeen });
    expect(await listedAs(bearer(token))).toEqual({ mine: internalSeen, other: confidentialSeen });
    // The session names the role on that process, so the page shows the forms it allows there; the token's is capped.
    expect((await t.http.get('/api/session').set(cookie(loweredSession)).expect(200)).body).toMatchObject({
      role: 'auditor',
      processRoles: [{ processId: mine, role: 'editor', capabilities: ['read', 'write'] }],
    });
    expect((await t.http.get('/api/session').set(bearer(token)).expect(200)).body.processRoles).toEqual([{ processId: mine, role: 'viewer', capabilities: ['read'] }]);
    // The token may not audit there (its owner's role) nor write (its own): it reads only.
    await t.http.get(`/api/processes/${mine}/events`).set(bearer(token)).expect(403);
    await t.http.post(`/api/processes/${mine}/milestones`).set(bearer(token)).send(aMilestone()).expect(403);

    // A viewer raised to auditor on one process.
    const raised = await aPerson('viewer');
    const raisedSession = await signIn(raised.email);
    await change(raised.personId, { type: 'GrantProcessRole', processId: mine, role: 'auditor' });
    expect(await eventually(async () => (await listedAs(cookie(raisedSession))).mine.milestones === 2, 1_000, 20)).toBe(true);
    expect(await listedAs(cookie(raisedSession))).toEqual({ mine: confidentialSeen, other: internalSeen });
    expect((await t.http.get(`/api/processes/${mine}`).query({ minPosition: position }).set(cookie(raisedSession)).expect(200)).body.counts.milestones).toBe(2);
    // The owner's session writes there all the same.
    await t.http.post(`/api/processes/${mine}/milestones`).set(cookie(loweredSession)).set(origin()).send(aMilestone()).expect(201);
  });

  it("serves a session's live stream while it lasts, and ends it at sign-out", async () => {
    const processId = (await t.http.post('/api/processes').set(bearer(TEST_ADMIN_TOKEN)).send(aProcess()).expect(201)).body.id as string;
    const { email } = await aPerson('viewer');
    const session = await signIn(email);
    const controller = new AbortController();
    const response = await fetch(`${t.service.baseUrl}/api/processes/${processId}/live`, { headers: { Accept: 'text/event-stream', ...cookie(session) }, signal: controller.signal });
    let text = '';
    let endedAt: number | undefined;
    const reading = (async () => {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) text += Buffer.from(chunk).toString('utf8');
      endedAt = Date.now();
    })().catch(() => undefined);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await t.http.post(`/api/processes/${processId}/milestones`).set(bearer(TEST_ADMIN_TOKEN)).send(aMilestone({ title: 'Seen by the session', visibility: 'internal' })).expect(201);
      expect(await eventually(() => text.includes('Seen by the session'), 5_000)).toBe(true);
      await t.http.post('/api/sign-out').set(cookie(session)).set(origin()).expect(204);
      const signedOutAt = Date.now();
      expect(await eventually(() => endedAt !== undefined, 3_000, 25)).toBe(true);
      expect(endedAt! - signedOutAt).toBeLessThan(2_000);
    } finally {
      controller.abort();
      await reading;
    }
  });

  it('documents the sign-in routes and the session cookie in the OpenAPI document', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    for (const path of ['/api/sign-in/email', '/api/sign-in/link', '/api/sign-in/first-admin', '/api/sign-out', '/api/sign-out/everywhere']) {
      expect(doc.paths[path]?.post).toBeDefined();
    }
    expect(doc.components.securitySchemes.cookie).toEqual({ type: 'apiKey', in: 'cookie', name: 'trt_session' });
    expect(Object.keys(doc.components.schemas.SessionDto.properties)).toEqual(expect.arrayContaining(['personId', 'credential']));
  });

  describe('with a second instance on the same database', () => {
    let second: ServiceProcess;

    beforeAll(async () => {
      second = await startService({ DATABASE_URL: t.db.url, DATA_DIR: t.dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000', BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN });
      await second.healthy();
    }, 120_000);

    afterAll(() => second?.stop());

    it("clears the other instance's cache within about a second of a revocation and a sign-out", async () => {
      const created = await t.http.post('/api/tokens').set(bearer(TEST_ADMIN_TOKEN)).send({ name: 'to revoke', role: 'editor' }).expect(201);
      const other = request(second.baseUrl);
      // Known to the second instance, so cached there.
      await other.get('/api/session').set(bearer(created.body.token)).expect(200);
      await other.get('/api/session').set(bearer(created.body.token)).expect(200);
      await t.http.delete(`/api/tokens/${created.body.id}`).set(bearer(TEST_ADMIN_TOKEN)).expect(200);
      const revokedAt = Date.now();
      expect(await eventually(async () => (await other.get('/api/session').set(bearer(created.body.token))).status === 401, 1_500, 20)).toBe(true);
      expect(Date.now() - revokedAt).toBeLessThan(1_500);

      const { email } = await aPerson('viewer');
      const session = await signIn(email);
      await other.get('/api/processes').set(cookie(session)).expect(200);
      expect((await other.get('/api/session').set(cookie(session)).expect(200)).body.signedIn).toBe(true);
      await t.http.post('/api/sign-out').set(cookie(session)).set(origin()).expect(204);
      expect(await eventually(async () => (await other.get('/api/session').set(cookie(session))).body.signedIn === false, 1_500, 20)).toBe(true);
    });
  });
});
