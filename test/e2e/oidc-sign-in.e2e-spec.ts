import { randomUUID } from 'node:crypto';
import { notifyAccessChanged } from '../../src/auth/access/access-changes.js';
import type { Role } from '../../src/auth/roles.js';
import { EventStore } from '../../src/event-store/event-store.js';
import type { WriteContext } from '../../src/event-store/write-context.js';
import { decidePerson, type PersonCommand } from '../../src/people/domain/person.decisions.js';
import { personIdFor } from '../../src/people/person-stream.js';
import { PersonRepository } from '../../src/people/person.repository.js';
import { KeyEncryptionKey } from '../../src/privacy/key-encryption-key.js';
import { PersonalDataVault } from '../../src/privacy/personal-data-vault.js';
import { browse, CookieJar, formOf, startOidcProvider, type OidcTestProvider, type TestAccount } from '../support/oidc-test-provider.js';
import { freePort, TEST_DATA_KEY } from '../support/service-process.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

const SETUP: WriteContext = { actor: { id: 'test-setup', name: 'test setup', role: 'admin' }, correlationId: 'test-setup' };
const CALLBACK_PATH = '/api/sign-in/oidc/callback';

describe("Sign-in with the organisation's identity provider (e2e, a real OpenID provider)", () => {
  let t: TestApp;
  let provider: OidcTestProvider | undefined;
  let providerPort: number;
  let base: URL;
  let people: PersonRepository;
  let vault: PersonalDataVault;

  /** An account at the provider; with `role`, also a person of the tracker, invited and (unless asked) joined. */
  async function anAccount({ verified = true, role, join = true }: { verified?: boolean; role?: Role; join?: boolean } = {}) {
    const login = `account-${randomUUID()}`;
    const account: TestAccount = { email: `${login}@Staff.Example.org`, email_verified: verified, name: `Name of ${login}` };
    provider!.accounts.set(login, account);
    if (role === undefined) return { login, email: account.email, personId: undefined };
    // Invited under the address as the tracker normalises it: the provider's spelling must still find them.
    const { subjectId, encrypted } = await vault.protect(account.email.toLowerCase());
    const personId = personIdFor(subjectId);
    await change(personId, { type: 'InvitePerson', personId, subjectId, email: encrypted, displayName: `Invited ${login}`, language: 'en', role });
    if (join) await change(personId, { type: 'JoinTracker', via: 'email-link' });
    return { login, email: account.email, personId };
  }

  async function change(personId: string, command: PersonCommand): Promise<void> {
    await people.execute(personId, (state) => decidePerson(command, state), SETUP);
    await notifyAccessChanged(t.db.pool);
  }

  /** From the tracker's button through the provider's login and consent pages, to where the provider sends the browser back. */
  async function throughProvider(jar: CookieJar, login: string, returnTo?: string): Promise<{ authorizationUrl: URL; callbackUrl: URL }> {
    const start = new URL(`/api/sign-in/oidc${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`, base);
    const begun = await browse(jar, start);
    expect(begun.status).toBe(302);
    const authorizationUrl = new URL(begun.headers.get('location')!);
    let url = authorizationUrl;
    let response = await browse(jar, url);
    for (let step = 0; step < 20; step++) {
      if (response.status >= 300 && response.status < 400) {
        url = new URL(response.headers.get('location')!, url);
        if (url.origin === base.origin && url.pathname === CALLBACK_PATH) return { authorizationUrl, callbackUrl: url };
        response = await browse(jar, url);
        continue;
      }
      const html = await response.text();
      if (response.status !== 200) throw new Error(`${url.href} answered ${response.status}: ${html.slice(0, 2000)}`);
      const { action, fields } = formOf(html, url);
      if (fields.get('prompt') === 'login') {
        fields.set('login', login);
        fields.set('password', 'any password: these are the development pages');
      }
      url = action;
      response = await browse(jar, action, { method: 'POST', form: fields });
    }
    throw new Error('the provider never sent the browser back');
  }

  /** The browser arriving back at the tracker: where it is sent next. */
  async function returnTo(jar: CookieJar, callbackUrl: URL): Promise<{ status: number; location: string }> {
    const response = await browse(jar, callbackUrl);
    return { status: response.status, location: response.headers.get('location') ?? '' };
  }

  async function signIn(login: string, path?: string) {
    const jar = new CookieJar();
    const { authorizationUrl, callbackUrl } = await throughProvider(jar, login, path);
    return { jar, authorizationUrl, callbackUrl, ...(await returnTo(jar, callbackUrl)) };
  }

  const refusedWith = (code: string) => ({ status: 302, location: `${base.origin}/#/sign-in?error=${code}` });
  const sessionOf = (jar: CookieJar) => fetch(new URL('/api/session', base), { headers: { cookie: jar.header(base) } }).then((response) => response.json());
  const historyOf = async (personId: string) =>
    (await t.db.pool.query(`SELECT type, data->>'via' AS via, data->>'role' AS role FROM events WHERE stream_id = $1 ORDER BY version`, [`person-${personId}`])).rows;

  beforeAll(async () => {
    providerPort = await freePort();
    const port = await freePort();
    base = new URL(`http://127.0.0.1:${port}`);
    // The tracker starts while its provider is down: discovery waits for the first sign-in.
    t = await createTestApp({
      PORT: String(port),
      PUBLIC_BASE_URL: base.origin,
      OIDC_ISSUER: `http://127.0.0.1:${providerPort}`,
      OIDC_CLIENT_ID: 'treaty-review-tracker',
      OIDC_CLIENT_SECRET: 'a-test-client-secret-of-the-tracker',
      OIDC_PROVIDER_NAME: 'Example staff account',
    });
    people = new PersonRepository(new EventStore(t.db.pool));
    vault = new PersonalDataVault(t.db.pool, new KeyEncryptionKey(Buffer.from(TEST_DATA_KEY, 'base64')));
  }, 120_000);

  afterAll(async () => {
    await provider?.close();
    await t?.close();
  });

  it('answers 503 while the provider cannot be reached, and signs in once it can, with no restart', async () => {
    const down = await t.http.get('/api/sign-in/oidc').expect(503);
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.body).toMatchObject({ status: 503, code: 'oidc-unavailable' });
    await t.http.get('/health').expect(200);

    provider = await startOidcProvider(providerPort, `${base.origin}${CALLBACK_PATH}`);
    const { login, personId } = await anAccount({ role: 'editor' });
    const signedIn = await signIn(login, '/processes');
    expect(signedIn).toEqual({ ...signedIn, status: 302, location: `${base.origin}/processes` });
    expect(await sessionOf(signedIn.jar)).toMatchObject({ signedIn: true, personId, role: 'editor', credential: 'cookie' });
  });

  it('tells the sign-in page which ways are on', async () => {
    const options = await t.http.get('/api/sign-in/options').expect(200);
    expect(options.body).toEqual({ emailLink: true, oidc: { providerName: 'Example staff account', path: '/api/sign-in/oidc' } });
  });

  it('sends the provider a PKCE challenge (S256), a state and a nonce, and sets the session cookie with its flags', async () => {
    const { login } = await anAccount({ role: 'viewer' });
    const jar = new CookieJar();
    const { authorizationUrl, callbackUrl } = await throughProvider(jar, login);
    const params = authorizationUrl.searchParams;
    expect(`${authorizationUrl.origin}`).toBe(provider!.issuer);
    expect(Object.fromEntries(['response_type', 'scope', 'code_challenge_method', 'redirect_uri'].map((name) => [name, params.get(name)]))).toEqual({
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      redirect_uri: `${base.origin}${CALLBACK_PATH}`,
    });
    expect([params.get('code_challenge'), params.get('state'), params.get('nonce')]).toEqual([expect.stringMatching(/^[\w-]{43}$/), expect.stringMatching(/^[\w-]{20,}$/), expect.stringMatching(/^[\w-]{20,}$/)]);
    expect(callbackUrl.searchParams.get('state')).toBe(params.get('state'));

    const response = await browse(jar, callbackUrl);
    const cookies = response.headers.getSetCookie();
    const session = cookies.find((line) => line.startsWith('trt_session='))!;
    expect(session.split(';').map((part) => part.trim().toLowerCase())).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    // The attempt's cookie is gone once used.
    expect(cookies.find((line) => line.startsWith('trt_oidc_attempt='))).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it('lets an invited person join through the provider, and an active one sign in, recording only the joining', async () => {
    const { login, personId } = await anAccount({ role: 'editor', join: false });
    expect(await signIn(login)).toMatchObject({ status: 302, location: `${base.origin}/` });
    expect(await signIn(login)).toMatchObject({ status: 302, location: `${base.origin}/` });
    expect(await historyOf(personId!)).toEqual([
      { type: 'PersonInvited', via: null, role: 'editor' },
      { type: 'PersonJoined', via: 'oidc', role: null },
    ]);
  });

  it('refuses a return whose state is not the one it sent, and the attempt with it', async () => {
    const { login } = await anAccount({ role: 'editor' });
    const jar = new CookieJar();
    const { callbackUrl } = await throughProvider(jar, login);
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'a-state-of-another-attempt');
    expect(await returnTo(jar, forged)).toEqual(refusedWith('oidc-rejected'));
    expect(await returnTo(jar, callbackUrl)).toEqual(refusedWith('oidc-attempt-unknown'));
    expect(await sessionOf(jar)).toMatchObject({ signedIn: false });
  });

  it('refuses a return that began in another browser (no attempt cookie)', async () => {
    const { login } = await anAccount({ role: 'editor' });
    const { callbackUrl } = await throughProvider(new CookieJar(), login);
    expect(await returnTo(new CookieJar(), callbackUrl)).toEqual(refusedWith('oidc-attempt-unknown'));
  });

  it('refuses a replayed code: the attempt is used once, and the provider takes a code once', async () => {
    const { login } = await anAccount({ role: 'editor' });
    const first = await signIn(login);
    expect(first.location).toBe(`${base.origin}/`);
    // The same return again: its attempt is spent.
    expect(await returnTo(first.jar, first.callbackUrl)).toEqual(refusedWith('oidc-attempt-unknown'));
    // A fresh attempt carrying the used code: the tracker's checks pass, the provider refuses the code.
    const jar = new CookieJar();
    const { callbackUrl } = await throughProvider(jar, login);
    const replay = new URL(callbackUrl);
    replay.searchParams.set('code', first.callbackUrl.searchParams.get('code')!);
    expect(await returnTo(jar, replay)).toEqual(refusedWith('oidc-rejected'));
  });

  it('checks the nonce of the ID token and the PKCE verifier against the attempt', async () => {
    const { login } = await anAccount({ role: 'editor' });
    for (const column of ['nonce', 'code_verifier']) {
      const jar = new CookieJar();
      const { callbackUrl } = await throughProvider(jar, login);
      // As if the attempt had been another's: only its own nonce and verifier may pass.
      const other = column === 'nonce' ? 'a-nonce-of-another-attempt' : 'a-code-verifier-of-another-attempt-0123456789abcdefghij';
      const changed = await t.db.pool.query(`UPDATE oidc_attempts SET ${column} = $1 WHERE state = $2`, [other, callbackUrl.searchParams.get('state')]);
      expect(changed.rowCount).toBe(1);
      expect(await returnTo(jar, callbackUrl)).toEqual(refusedWith('oidc-rejected'));
    }
  });

  it('refuses an address the provider does not vouch for (email_verified false)', async () => {
    const { login, personId } = await anAccount({ role: 'editor', verified: false });
    const refused = await signIn(login);
    expect(refused).toMatchObject(refusedWith('oidc-email-unverified'));
    expect(await sessionOf(refused.jar)).toMatchObject({ signedIn: false });
    expect(await historyOf(personId!)).toHaveLength(2);
  });

  it('refuses a deactivated person', async () => {
    const { login, personId } = await anAccount({ role: 'editor' });
    await change(personId!, { type: 'DeactivatePerson' });
    expect(await signIn(login)).toMatchObject(refusedWith('oidc-person-deactivated'));
  });

  it('refuses an unknown person by default, and lets them in as a viewer once an admin allows it', async () => {
    const admin = bearer(t.tokens.admin);
    await t.http.get('/api/settings/sign-in').set(bearer(t.tokens.editor)).expect(403);
    expect((await t.http.get('/api/settings/sign-in').set(admin).expect(200)).body).toEqual({ oidcNewcomersJoinAs: null, version: 0 });

    const { login, email } = await anAccount();
    expect(await signIn(login)).toMatchObject(refusedWith('oidc-unknown-person'));
    // Refused, they leave no key and no person behind.
    expect(await vault.subjectOf(email)).toBeUndefined();

    await t.http.put('/api/settings/sign-in').set(admin).send({ oidcNewcomersJoinAs: 'admin' }).expect(400);
    const allowed = await t.http.put('/api/settings/sign-in').set(admin).send({ oidcNewcomersJoinAs: 'viewer' }).expect(200);
    expect(allowed.body).toEqual({ oidcNewcomersJoinAs: 'viewer', version: 1 });
    expect(allowed.headers.etag).toBe('"1"');
    // The same choice again records nothing.
    expect((await t.http.put('/api/settings/sign-in').set(admin).send({ oidcNewcomersJoinAs: 'viewer' }).expect(200)).body).toEqual({ oidcNewcomersJoinAs: 'viewer', version: 1 });

    const joined = await signIn(login);
    expect(joined).toMatchObject({ status: 302, location: `${base.origin}/` });
    const personId = personIdFor((await vault.subjectOf(email))!);
    expect(await sessionOf(joined.jar)).toMatchObject({ signedIn: true, personId, role: 'viewer', name: `Name of ${login}` });
    expect(await historyOf(personId)).toEqual([
      { type: 'PersonInvited', via: null, role: 'viewer' },
      { type: 'PersonJoined', via: 'oidc', role: null },
    ]);

    await t.http.put('/api/settings/sign-in').set(admin).send({ oidcNewcomersJoinAs: null }).expect(200);
    const settings = await t.db.pool.query(`SELECT type, data, metadata->'actor'->>'role' AS actor FROM events WHERE stream_id = 'tracker-settings' ORDER BY version`);
    expect(settings.rows).toEqual([
      { type: 'SignInPolicyChanged', data: { oidcNewcomersJoinAs: 'viewer' }, actor: 'admin' },
      { type: 'SignInPolicyChanged', data: { oidcNewcomersJoinAs: null }, actor: 'admin' },
    ]);
    const { login: another } = await anAccount();
    expect(await signIn(another)).toMatchObject(refusedWith('oidc-unknown-person'));
  });

  it('describes its routes in the OpenAPI document', async () => {
    const { body } = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/sign-in/oidc', '/api/sign-in/oidc/callback', '/api/sign-in/options', '/api/settings/sign-in']));
    expect(Object.keys(body.paths['/api/settings/sign-in'])).toEqual(expect.arrayContaining(['get', 'put']));
  });

  it('refuses a returnTo that leads off the site', async () => {
    for (const returnTo of ['https://elsewhere.example', '//elsewhere.example', '/\\elsewhere.example']) {
      const refused = await t.http.get('/api/sign-in/oidc').query({ returnTo }).expect(400);
      expect(refused.body.code).toBe('oidc-invalid-return-to');
    }
  });
});
