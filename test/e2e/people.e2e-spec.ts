import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { hashToken } from '../../src/auth/token.service.js';
import { mailHeader, mailParts } from '../../src/channels/testing/raw-mail.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

const ANA = 'Ana.Ruiz@Example.org';
const BRUNO = 'bruno.keller@example.org';
const DORA = 'Dora.Okafor@example.net';

interface Mail {
  name: string;
  raw: string;
}

/** Every e-mail written to DATA_DIR/outbox (no SMTP_URL here), with its file name. */
async function outbox(t: TestApp): Promise<Mail[]> {
  const dir = join(t.dataDir, 'outbox');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.eml'));
  return Promise.all(names.map(async (name) => ({ name, raw: await readFile(join(dir, name), 'utf8') })));
}

const mailTo = async (t: TestApp, address: string) => (await outbox(t)).filter((mail) => mailHeader(mail.raw, 'To')?.toLowerCase().includes(address.toLowerCase()));

/** A token of this person's, as signing in will give them one (sessions are not part of this test). */
async function signInAs(pool: pg.Pool, personId: string, role: string): Promise<{ id: string; token: string }> {
  const id = randomUUID();
  const token = `trt_${randomBytes(24).toString('base64url')}`;
  await pool.query(`INSERT INTO api_tokens (id, name, role, token_hash, person_id) VALUES ($1, 'signed in', $2, $3, $4)`, [id, role, hashToken(token), personId]);
  return { id, token };
}

/** The text of every row of every table of the database. */
async function everyTable(pool: pg.Pool): Promise<string> {
  const tables = await pool.query<{ name: string }>(
    `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
  );
  expect(tables.rows.map((t) => t.name)).toEqual(expect.arrayContaining(['public.people', 'public.person_process_roles', 'public.sign_in_links', 'public.sessions']));
  const dumps = await Promise.all(tables.rows.map(async ({ name }) => (await pool.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`)).rows.map((r) => r.row).join('\n')));
  return dumps.join('\n');
}

describe('people', () => {
  let t: TestApp;
  const admin = () => bearer(t.tokens.admin);

  function invite(body: Record<string, unknown>, headers: Record<string, string> = {}) {
    return t.http.post('/api/people').set(admin()).set(headers).send({ displayName: 'Someone', language: 'en', role: 'viewer', ...body });
  }

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'info', PUBLIC_BASE_URL: 'https://tracker.example.org' });
  });

  afterAll(async () => {
    await t.close();
  });

  describe('an invitation', () => {
    let anaId: string;

    it('is made by an admin and e-mailed in the person’s language, with a single-use link whose secret is in the fragment', async () => {
      const res = await invite({ email: ` ${ANA} `, displayName: 'Ana Ruiz', language: 'es', role: 'editor' }).expect(201);
      anaId = res.body.personId;
      expect(res.body).toEqual({ personId: expect.any(String), invitationSent: true, version: 1, position: expect.any(Number) });
      expect(res.headers.etag).toBe('"1"');

      const [mail, ...others] = await mailTo(t, ANA);
      expect(others).toEqual([]);
      expect(mail.name).toMatch(/^invitation-[0-9a-f-]{36}\.eml$/);
      expect(mailHeader(mail.raw, 'Subject')).toBe('Le invitan al seguimiento de los exámenes de los órganos de tratados');
      const text = mailParts(mail.raw).find((part) => part.contentType.startsWith('text/plain'))!.body;
      expect(text).toContain('Hola, Ana Ruiz:');
      expect(text).toContain('como editor');
      const token = /https:\/\/tracker\.example\.org\/#\/sign-in\/link\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
      expect(token).toBeDefined();
      const digest = createHash('sha256').update(token!).digest('hex');
      const { rows } = await t.db.pool.query(`SELECT purpose, person_id, used_at FROM sign_in_links WHERE token_digest = $1`, [digest]);
      expect(rows).toEqual([{ purpose: 'invitation', person_id: anaId, used_at: null }]);
    });

    it('is refused for an address already invited, however typed, and for a bad address, and to anyone but admins', async () => {
      const again = await invite({ email: ANA.toUpperCase() }).expect(409);
      expect(again.body).toMatchObject({ code: 'person-already-invited' });
      const bad = await invite({ email: 'not an address' }).expect(400);
      expect(bad.body).toMatchObject({ code: 'invalid-email-address', errors: [{ field: 'email', message: expect.any(String) }] });
      for (const role of ['editor', 'auditor', 'viewer'] as const) {
        await t.http.post('/api/people').set(bearer(t.tokens[role])).send({ email: 'x@example.org', displayName: 'X', language: 'en', role: 'viewer' }).expect(403);
        await t.http.get('/api/people').set(bearer(t.tokens[role])).expect(403);
      }
      expect(await mailTo(t, ANA)).toHaveLength(1);
    });

    it('shows in the list and in the person, with the roles a process gives them', async () => {
      const processId = (await t.http.post('/api/processes').set(admin()).send({ title: 'Review of resolution 68/268' }).expect(201)).body.id;
      const role = await t.http.put(`/api/people/${anaId}/role`).set(admin()).send({ role: 'viewer' }).expect(201);
      expect(role.headers.etag).toBe('"2"');
      const granted = await t.http.put(`/api/people/${anaId}/processes/${processId}/role`).set(admin()).send({ role: 'editor' }).expect(201);

      const person = await t.http.get(`/api/people/${anaId}`).query({ minPosition: granted.body.position }).set(admin()).expect(200);
      expect(person.body).toEqual({
        id: anaId,
        email: ` ${ANA} `.trim(),
        displayName: 'Ana Ruiz',
        language: 'es',
        status: 'invited',
        role: 'viewer',
        processRoles: [{ processId, role: 'editor' }],
        invitedAt: expect.any(String),
        joinedAt: null,
        deactivatedAt: null,
      });
      const list = await t.http.get('/api/people').set(admin()).expect(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toContain(anaId);

      const withdrawn = await t.http.delete(`/api/people/${anaId}/processes/${processId}/role`).set(admin()).expect(201);
      const after = await t.http.get(`/api/people/${anaId}`).query({ minPosition: withdrawn.body.position }).set(admin()).expect(200);
      expect(after.body.processRoles).toEqual([]);
      await t.http.delete(`/api/people/${anaId}/processes/${processId}/role`).set(admin()).expect(404);
      await t.http.put(`/api/people/${randomUUID()}/role`).set(admin()).send({ role: 'editor' }).expect(404);
    });

    it('is in the audit log, with the admin who made each change as its actor and no address in clear', async () => {
      const res = await t.http.get('/api/audit').query({ limit: 500 }).set(bearer(t.tokens.auditor)).expect(200);
      const entries = (res.body.items as { streamId: string; type: string; actor: { name: string }; data: unknown }[]).filter((e) => e.streamId === `person-${anaId}`);
      expect(entries.map((e) => [e.type, e.actor.name])).toEqual([
        ['PersonInvited', 'bootstrap admin'],
        ['PersonRoleChanged', 'bootstrap admin'],
        ['ProcessRoleGranted', 'bootstrap admin'],
        ['ProcessRoleWithdrawn', 'bootstrap admin'],
      ]);
      expect(JSON.stringify(res.body).toLowerCase()).not.toContain(ANA.toLowerCase());
    });
  });

  describe('tokens', () => {
    let brunoId: string;
    let signedIn: { id: string; token: string };

    beforeAll(async () => {
      brunoId = (await invite({ email: BRUNO, displayName: 'Bruno Keller', role: 'editor' }).expect(201)).body.personId;
      signedIn = await signInAs(t.db.pool, brunoId, 'editor');
    });

    it('are made from /api/me, shown once, and work', async () => {
      const me = await t.http.get('/api/me').set(bearer(signedIn.token)).expect(200);
      expect(me.body).toMatchObject({ id: brunoId, email: BRUNO, role: 'editor' });

      const made = await t.http.post('/api/me/tokens').set(bearer(signedIn.token)).send({ name: ' Coalition spreadsheet sync ', role: 'viewer' }).expect(201);
      expect(made.body).toEqual({ tokenId: expect.any(String), token: expect.stringMatching(/^trt_/), version: expect.any(Number), position: expect.any(Number) });
      const { rows } = await t.db.pool.query(`SELECT name, role, person_id, created_by FROM api_tokens WHERE id = $1`, [made.body.tokenId]);
      expect(rows).toEqual([{ name: 'Coalition spreadsheet sync', role: 'viewer', person_id: brunoId, created_by: signedIn.id }]);

      expect((await t.http.get('/api/me').set(bearer(made.body.token)).expect(200)).body.id).toBe(brunoId);
      await t.http.post('/api/processes').set(bearer(made.body.token)).send({ title: 'A viewer may not open this' }).expect(403);

      const listed = await t.http.get('/api/me/tokens').set(bearer(signedIn.token)).expect(200);
      expect(listed.body.items.map((token: { id: string }) => token.id)).toEqual([signedIn.id, made.body.tokenId]);
      expect(JSON.stringify(listed.body)).not.toContain(made.body.token);
      const event = await t.http.get('/api/audit').query({ type: 'ApiTokenCreated', minPosition: made.body.position }).set(bearer(t.tokens.auditor)).expect(200);
      expect(event.body.items).toEqual([expect.objectContaining({ streamId: `person-${brunoId}`, data: { personId: brunoId, tokenId: made.body.tokenId, name: 'Coalition spreadsheet sync', role: 'viewer' } })]);
    });

    it('are refused above their owner’s role, and above the role of the token that asks', async () => {
      const above = await t.http.post('/api/me/tokens').set(bearer(signedIn.token)).send({ name: 'everything', role: 'admin' }).expect(400);
      expect(above.body).toMatchObject({ code: 'token-role-above-person' });
      const viewer = (await t.http.post('/api/me/tokens').set(bearer(signedIn.token)).send({ name: 'read only', role: 'viewer' }).expect(201)).body.token;
      const climbing = await t.http.post('/api/me/tokens').set(bearer(viewer)).send({ name: 'more', role: 'editor' }).expect(400);
      expect(climbing.body).toMatchObject({ code: 'token-role-above-caller' });
      await t.http.get('/api/me').set(admin()).expect(403);
    });

    it('are revoked by their owner or an admin, with an event, and stop working', async () => {
      const made = (await t.http.post('/api/me/tokens').set(bearer(signedIn.token)).send({ name: 'short lived', role: 'viewer' }).expect(201)).body;
      await t.http.delete(`/api/me/tokens/${made.tokenId}`).set(bearer(signedIn.token)).expect(201);
      await t.http.get('/api/me').set(bearer(made.token)).expect(401);

      const other = (await t.http.post('/api/me/tokens').set(bearer(signedIn.token)).send({ name: 'another', role: 'editor' }).expect(201)).body;
      const revoked = await t.http.delete(`/api/people/${brunoId}/tokens/${other.tokenId}`).set(admin()).expect(201);
      await t.http.get('/api/me').set(bearer(other.token)).expect(401);
      const tokens = await t.http.get(`/api/people/${brunoId}/tokens`).set(admin()).expect(200);
      expect(tokens.body.items.find((token: { id: string }) => token.id === other.tokenId)).toMatchObject({ revokedAt: expect.any(String) });
      const events = await t.http.get('/api/audit').query({ type: 'ApiTokenRevoked', minPosition: revoked.body.position }).set(bearer(t.tokens.auditor)).expect(200);
      expect(events.body.items.map((e: { data: { tokenId: string } }) => e.data.tokenId)).toEqual([made.tokenId, other.tokenId]);
    });

    it('all go when their owner is deactivated; the profile changes with PATCH /api/me', async () => {
      const patched = await t.http.patch('/api/me').set(bearer(signedIn.token)).send({ language: 'fr' }).expect(201);
      const me = await t.http.get('/api/me').query({ minPosition: patched.body.position }).set(bearer(signedIn.token)).expect(200);
      expect(me.body).toMatchObject({ language: 'fr', displayName: 'Bruno Keller' });

      const deactivated = await t.http.post(`/api/people/${brunoId}/deactivation`).set(admin()).send({ reason: 'left the coalition' }).expect(201);
      await t.http.get('/api/me').set(bearer(signedIn.token)).expect(401);
      const person = await t.http.get(`/api/people/${brunoId}`).query({ minPosition: deactivated.body.position }).set(admin()).expect(200);
      expect(person.body).toMatchObject({ status: 'deactivated', deactivatedAt: expect.any(String) });
      const reactivated = await t.http.delete(`/api/people/${brunoId}/deactivation`).set(admin()).expect(201);
      const back = await t.http.get(`/api/people/${brunoId}`).query({ minPosition: reactivated.body.position }).set(admin()).expect(200);
      expect(back.body).toMatchObject({ status: 'active', deactivatedAt: null });
    });
  });

  it('loads the demo into a tracker with no process only', async () => {
    // This tracker has processes by now; a fresh one loads the demo once.
    await t.http.post('/api/demo').set(admin()).expect(409);
    const fresh = await createTestApp();
    try {
      await fresh.http.post('/api/demo').set(bearer(fresh.tokens.editor)).expect(403);
      const loaded = await fresh.http.post('/api/demo').set(bearer(fresh.tokens.admin)).expect(201);
      expect(loaded.body).toMatchObject({ title: 'Review of General Assembly resolution 68/268', appended: expect.any(Number), position: expect.any(Number) });
      await fresh.http.get(`/api/processes/${loaded.body.processId}?minPosition=${loaded.body.position}`).expect(200);
      expect(loaded.body.milestones).toBeGreaterThan(20);
      const opened = await fresh.db.pool.query(`SELECT metadata->'actor'->>'name' AS actor FROM events WHERE type = 'ProcessOpened'`);
      expect(opened.rows).toEqual([{ actor: 'bootstrap admin' }]);
      const again = await fresh.http.post('/api/demo').set(bearer(fresh.tokens.admin)).expect(409);
      expect(again.body).toMatchObject({ code: 'tracker-not-empty' });
    } finally {
      await fresh.close();
    }
  });

  it('forgets a person on erasure: deactivated, no token, link, session, address or e-mail left', async () => {
    const doraId = (await invite({ email: DORA, displayName: 'D. O.', language: 'fr', role: 'editor' }, { 'Idempotency-Key': 'invite-dora' }).expect(201)).body.personId;
    const dora = await signInAs(t.db.pool, doraId, 'editor');
    const made = (await t.http.post('/api/me/tokens').set(bearer(dora.token)).send({ name: 'sync', role: 'viewer' }).expect(201)).body;
    await t.db.pool.query(`INSERT INTO sessions (id_digest, person_id, expires_at) VALUES ($1, $2, now() + interval '1 day')`, [randomBytes(16).toString('hex'), doraId]);
    expect(await mailTo(t, DORA)).toHaveLength(1);

    const erased = await t.http.post('/api/erasures').set(admin()).send({ address: DORA.toUpperCase() }).expect(201);
    expect(erased.body).toMatchObject({ personId: doraId, subscriptions: [] });

    await t.http.get('/api/me').set(bearer(made.token)).expect(401);
    await t.http.get('/api/me').set(bearer(dora.token)).expect(401);
    const person = await t.http.get(`/api/people/${doraId}`).query({ minPosition: erased.body.position }).set(admin()).expect(200);
    expect(person.body).toMatchObject({ email: null, status: 'deactivated' });
    const deactivation = await t.db.pool.query(`SELECT data FROM events WHERE stream_id = $1 AND type = 'PersonDeactivated'`, [`person-${doraId}`]);
    expect(deactivation.rows).toEqual([{ data: { personId: doraId, reason: 'erasure' } }]);
    expect((await t.db.pool.query(`SELECT 1 FROM sessions WHERE person_id = $1`, [doraId])).rows).toEqual([]);
    expect((await t.db.pool.query(`SELECT 1 FROM sign_in_links WHERE person_id = $1`, [doraId])).rows).toEqual([]);

    const normalized = DORA.toLowerCase();
    const traces = [normalized, createHash('sha256').update(normalized).digest('hex'), 'okafor'];
    const tables = (await everyTable(t.db.pool)).toLowerCase();
    const mails = await outbox(t);
    for (const trace of traces) {
      expect(tables).not.toContain(trace);
      expect(t.service.output().toLowerCase()).not.toContain(trace);
      expect(mails.map((mail) => `${mail.name}\n${mail.raw}`).join('\n').toLowerCase()).not.toContain(trace);
    }
    // The outbox was read: the other invitations are still there.
    expect(await mailTo(t, ANA)).toHaveLength(1);
    // The tables were read: Ana's address is there, encrypted, with its digest.
    expect(tables).toContain(createHash('sha256').update(ANA.toLowerCase()).digest('hex'));
  });
});
