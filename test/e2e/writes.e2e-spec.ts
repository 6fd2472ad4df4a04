import { aDeadline, aMilestone, anAssessment, aProcess, aSubscription } from '../builders/request-bodies.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

describe('the write API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const editor = () => bearer(t.tokens.editor);
  // Subscriptions are the admins' (api.md): who gets reminders, at which address.
  const writerOf = (path: string) => bearer(path.includes('/subscriptions') ? t.tokens.admin : t.tokens.editor);
  const eventCount = async () => Number((await t.db.pool.query(`SELECT count(*) AS n FROM events`)).rows[0].n);

  async function openProcess(): Promise<string> {
    const res = await t.http.post('/api/processes').set(editor()).send(aProcess()).expect(201);
    return res.body.id;
  }

  async function logMilestone(processId: string, overrides = {}): Promise<string> {
    const res = await t.http.post(`/api/processes/${processId}/milestones`).set(editor()).send(aMilestone(overrides)).expect(201);
    return res.body.milestoneId;
  }

  async function setDeadline(processId: string): Promise<string> {
    const res = await t.http.post(`/api/processes/${processId}/deadlines`).set(editor()).send(aDeadline()).expect(201);
    return res.body.deadlineId;
  }

  describe('every write endpoint answers 201 with the version, the position and an ETag', () => {
    let processId: string;
    let milestoneId: string;
    let deadlineId: string;
    let subscriptionId: string;
    let lastPosition = 0;

    const writes: [string, () => [string, string, object?]][] = [
      ['log a milestone', () => ['post', `/api/processes/${processId}/milestones`, aMilestone()]],
      ['correct a milestone', () => ['post', `/api/processes/${processId}/milestones/${milestoneId}/corrections`, { changes: { title: 'Geneva consultation (afternoon)' }, reason: 'Title as in the programme' }]],
      ['assess a building block', () => ['post', `/api/processes/${processId}/assessments`, anAssessment([milestoneId])]],
      ['subscribe', () => ['post', `/api/processes/${processId}/subscriptions`, aSubscription()]],
      ['move a deadline', () => ['post', `/api/processes/${processId}/deadlines/${deadlineId}/moves`, { dueAt: '2030-07-14T23:59:00-04:00', reason: 'Extended by the co-facilitators' }]],
      ['mark a deadline met', () => ['post', `/api/processes/${processId}/deadlines/${deadlineId}/completion`]],
      ['end a subscription', () => ['delete', `/api/processes/${processId}/subscriptions/${subscriptionId}`]],
      ['retract a milestone', () => ['post', `/api/processes/${processId}/milestones/${milestoneId}/retraction`, { reason: 'Recorded twice' }]],
    ];

    beforeAll(async () => {
      processId = await openProcess();
      milestoneId = await logMilestone(processId);
      deadlineId = await setDeadline(processId);
      const sub = await t.http.post(`/api/processes/${processId}/subscriptions`).set(bearer(t.tokens.admin)).send(aSubscription({ address: 'first@example.org' })).expect(201);
      subscriptionId = sub.body.subscriptionId;
      lastPosition = sub.body.position;
    });

    it.each(writes)('%s', async (_name, route) => {
      const [method, path, body] = route();
      const before = await t.http.get(`/api/processes/${processId}?minPosition=${lastPosition}`).set(bearer(t.tokens.auditor)).expect(200);
      const res = await (t.http as any)[method](path).set(writerOf(path)).send(body).expect(201);
      expect(res.body.version).toBe(before.body.version + 1);
      expect(res.body.position).toBeGreaterThan(lastPosition);
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
      lastPosition = res.body.position;
    });

    it('opens a process with its id', async () => {
      const res = await t.http.post('/api/processes').set(editor()).send(aProcess()).expect(201);
      expect(res.body).toEqual({ id: expect.any(String), version: 1, position: expect.any(Number) });
      expect(res.headers.etag).toBe('"1"');
    });

    it('cancels a deadline', async () => {
      const other = await setDeadline(processId);
      await t.http.post(`/api/processes/${processId}/deadlines/${other}/cancellation`).set(editor()).send({ reason: 'Dropped' }).expect(201);
    });

    it('shows a webhook signing secret once and never stores it in clear', async () => {
      const res = await t.http
        .post(`/api/processes/${processId}/subscriptions`)
        .set(bearer(t.tokens.admin))
        .send(aSubscription({ channel: 'webhook', address: 'https://hooks.example.org/treaty' }))
        .expect(201);
      expect(res.body.secret).toMatch(/^whsec_/);
      const stored = await t.db.pool.query(`SELECT count(*) AS n FROM events WHERE data::text LIKE $1 OR data::text LIKE $2`, [
        `%${res.body.secret.slice(6)}%`,
        '%hooks.example.org%',
      ]);
      expect(Number(stored.rows[0].n)).toBe(0);
    });
  });

  describe('authentication and roles', () => {
    let processId: string;

    beforeAll(async () => {
      processId = await openProcess();
    });

    it('answers 401 without a token, with a bad scheme, and with an unknown token', async () => {
      for (const headers of [{}, { Authorization: 'Basic abc' }, bearer('trt_unknown')]) {
        const res = await t.http.post(`/api/processes/${processId}/milestones`).set(headers).send(aMilestone()).expect(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });

    it('answers 403 to a viewer or an auditor writing, and writes nothing', async () => {
      const before = await eventCount();
      for (const role of ['viewer', 'auditor'] as const) {
        const res = await t.http.post(`/api/processes/${processId}/milestones`).set(bearer(t.tokens[role])).send(aMilestone()).expect(403);
        expect(res.body).toMatchObject({ status: 403, code: 'forbidden' });
      }
      expect(await eventCount()).toBe(before);
    });

    it('lets only admins add and end subscriptions, as the contract says', async () => {
      const before = await eventCount();
      for (const role of ['editor', 'viewer', 'auditor'] as const) {
        const res = await t.http.post(`/api/processes/${processId}/subscriptions`).set(bearer(t.tokens[role])).send(aSubscription()).expect(403);
        expect(res.body).toMatchObject({ status: 403, code: 'forbidden' });
      }
      expect(await eventCount()).toBe(before);
      const added = await t.http.post(`/api/processes/${processId}/subscriptions`).set(bearer(t.tokens.admin)).send(aSubscription()).expect(201);
      const end = `/api/processes/${processId}/subscriptions/${added.body.subscriptionId}`;
      await t.http.delete(end).set(editor()).expect(403);
      await t.http.delete(end).set(bearer(t.tokens.admin)).expect(201);
    });

    it('lets only admins manage tokens; a revoked token stops working', async () => {
      await t.http.post('/api/tokens').set(editor()).send({ name: 'x', role: 'viewer' }).expect(403);
      const created = await t.http.post('/api/tokens').set(bearer(t.tokens.admin)).send({ name: 'ISHR team', role: 'editor' }).expect(201);
      expect(created.body.token).toMatch(/^trt_/);
      const list = await t.http.get('/api/tokens').set(bearer(t.tokens.admin)).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(created.body.token);
      expect(list.body.items).toContainEqual(expect.objectContaining({ id: created.body.id, name: 'ISHR team', role: 'editor' }));

      await t.http.post(`/api/processes/${processId}/milestones`).set(bearer(created.body.token)).send(aMilestone()).expect(201);
      await t.http.delete(`/api/tokens/${created.body.id}`).set(bearer(t.tokens.admin)).expect(200);
      await t.http.post(`/api/processes/${processId}/milestones`).set(bearer(created.body.token)).send(aMilestone()).expect(401);
      const stored = await t.db.pool.query(`SELECT token_hash FROM api_tokens WHERE id = $1`, [created.body.id]);
      expect(stored.rows[0].token_hash).not.toContain(created.body.token);
    });
  });

  describe('If-Match', () => {
    it('writes while the version matches and answers 412 once the process moved on', async () => {
      const processId = await openProcess();
      const first = await t.http.post(`/api/processes/${processId}/milestones`).set(editor()).set('If-Match', '"1"').send(aMilestone()).expect(201);
      expect(first.headers.etag).toBe('"2"');
      const before = await eventCount();
      const stale = await t.http.post(`/api/processes/${processId}/milestones`).set(editor()).set('If-Match', '"1"').send(aMilestone()).expect(412);
      expect(stale.body).toMatchObject({ status: 412, code: 'precondition-failed' });
      expect(await eventCount()).toBe(before);
    });

    it('refuses a malformed If-Match with 400', async () => {
      const processId = await openProcess();
      const res = await t.http.post(`/api/processes/${processId}/milestones`).set(editor()).set('If-Match', 'W/"x"').send(aMilestone()).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'If-Match' })]);
    });

    it('decides again without If-Match when writers race, and loses no write', async () => {
      const processId = await openProcess();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, n) => t.http.post(`/api/processes/${processId}/milestones`).set(editor()).send(aMilestone({ title: `Race ${n}` }))),
      );
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(results.map((r) => r.body.version)).size).toBe(10);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body, and writes one event', async () => {
      const processId = await openProcess();
      const before = await eventCount();
      const send = () => t.http.post(`/api/processes/${processId}/milestones`).set(editor()).set('Idempotency-Key', 'log-geneva-1').send(aMilestone());
      const first = await send().expect(201);
      const again = await send().expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(await eventCount()).toBe(before + 1);
    });

    it('writes once when two requests with the same key arrive together', async () => {
      const processId = await openProcess();
      const before = await eventCount();
      const send = () => t.http.post(`/api/processes/${processId}/milestones`).set(editor()).set('Idempotency-Key', 'together').send(aMilestone());
      const [a, b] = await Promise.all([send(), send()]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body).toEqual(b.body);
      expect(await eventCount()).toBe(before + 1);
    });

    it('answers 422 for the same key with another body', async () => {
      const processId = await openProcess();
      await t.http.post(`/api/processes/${processId}/milestones`).set(editor()).set('Idempotency-Key', 'k2').send(aMilestone()).expect(201);
      const res = await t.http
        .post(`/api/processes/${processId}/milestones`)
        .set(editor())
        .set('Idempotency-Key', 'k2')
        .send(aMilestone({ title: 'Another' }))
        .expect(422);
      expect(res.body.code).toBe('unprocessable-content');
    });

    it('frees the key of a request that failed, so it can be retried', async () => {
      const processId = await openProcess();
      await t.http.post(`/api/processes/${processId}/milestones`).set(editor()).set('Idempotency-Key', 'k3').send(aMilestone({ occurredOn: '2020-02-30' })).expect(400);
      await t.http.post(`/api/processes/${processId}/milestones`).set(editor()).set('Idempotency-Key', 'k3').send(aMilestone({ occurredOn: '2020-02-30' })).expect(400);
    });
  });

  describe('bad input: problem+json naming the bad field, nothing written', () => {
    let processId: string;
    let milestoneId: string;

    beforeAll(async () => {
      processId = await openProcess();
      milestoneId = await logMilestone(processId);
      await t.http.post(`/api/processes/${processId}/milestones/${milestoneId}/retraction`).set(editor()).send({ reason: 'x' }).expect(201);
    });

    const cases: [string, () => [string, object], number, string, string?][] = [
      ['an unknown field', () => [`/api/processes/${processId}/milestones`, { ...aMilestone(), colour: 'red' }], 400, 'invalid-request', 'colour'],
      ['a wrong type', () => [`/api/processes/${processId}/milestones`, aMilestone({ stakeholders: 'States' })], 400, 'invalid-request', 'stakeholders'],
      ['an unknown building block', () => [`/api/processes/${processId}/milestones`, aMilestone({ buildingBlocks: [8] })], 400, 'invalid-request', 'buildingBlocks'],
      ['an unknown kind', () => [`/api/processes/${processId}/milestones`, aMilestone({ kind: 'party' })], 400, 'invalid-request', 'kind'],
      ['a nested bad field', () => [`/api/processes/${processId}/milestones`, aMilestone({ source: { url: 5 } })], 400, 'invalid-request', 'source.url'],
      ['a date that does not exist', () => [`/api/processes/${processId}/milestones`, aMilestone({ occurredOn: '2021-02-29' })], 400, 'invalid-calendar-date', 'occurredOn'],
      ['an end before the start', () => [`/api/processes/${processId}/milestones`, aMilestone({ endsOn: '2020-08-01' })], 400, 'ends-before-occurs', 'endsOn'],
      ['a due time without offset', () => [`/api/processes/${processId}/deadlines`, aDeadline({ dueAt: '2030-07-07T23:59:00' })], 400, 'invalid-due-at', 'dueAt'],
      ['an unknown time zone', () => [`/api/processes/${processId}/deadlines`, aDeadline({ timezone: 'Europe/Atlantis' })], 400, 'unknown-time-zone', 'timezone'],
      ['a bad reminder offset', () => [`/api/processes/${processId}/deadlines`, aDeadline({ remindBefore: ['P2Y'] })], 400, 'invalid-reminder-offset', 'remindBefore[0]'],
      ['an invalid e-mail address', () => [`/api/processes/${processId}/subscriptions`, aSubscription({ address: 'not-an-address' })], 400, 'invalid-email-address', 'address'],
      ['an http webhook', () => [`/api/processes/${processId}/subscriptions`, aSubscription({ channel: 'webhook', address: 'http://example.org/hook' })], 400, 'invalid-webhook-address', 'address'],
      ['an unknown reminder channel', () => [`/api/processes/${processId}/subscriptions`, aSubscription({ channel: 'sms' })], 400, 'invalid-request', 'channel'],
      ['evidence that is retracted', () => [`/api/processes/${processId}/assessments`, anAssessment([milestoneId])], 400, 'evidence-retracted', 'evidence[0]'],
      ['a correction of a retracted milestone', () => [`/api/processes/${processId}/milestones/${milestoneId}/corrections`, { changes: { title: 'x' }, reason: 'y' }], 409, 'milestone-retracted', undefined],
      ['an unknown process', () => [`/api/processes/00000000-0000-4000-8000-000000000000/milestones`, aMilestone()], 404, 'process-not-found', undefined],
      ['a process id that is not a UUID', () => [`/api/processes/not-a-uuid/milestones`, aMilestone()], 400, 'invalid-request', 'id'],
    ];

    it.each(cases)('%s', async (_name, route, status, code, field) => {
      const [path, body] = route();
      const before = await eventCount();
      const res = await t.http.post(path).set(writerOf(path)).send(body).expect(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: expect.stringContaining(code), title: expect.any(String), status, detail: expect.any(String), code });
      if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await eventCount()).toBe(before);
    });

    it('lists the reminder channels the registry holds, and words their refusals as before channels were plugins', async () => {
      await t.http.get('/api/reminder-channels').expect(200, { items: [{ name: 'email', addressKind: 'email' }, { name: 'webhook', addressKind: 'url' }] });
      const subscribe = (body: object) => t.http.post(`/api/processes/${processId}/subscriptions`).set(bearer(t.tokens.admin)).send(body).expect(400);
      expect((await subscribe(aSubscription({ channel: 'sms' }))).body).toMatchObject({
        code: 'invalid-request',
        errors: [{ field: 'channel', message: 'channel must be one of the following values: email, webhook' }],
      });
      expect((await subscribe(aSubscription({ address: 'not-an-address' }))).body).toMatchObject({
        code: 'invalid-email-address',
        detail: 'address must be an e-mail address',
        errors: [{ field: 'address', message: 'address must be an e-mail address' }],
      });
      expect((await subscribe(aSubscription({ channel: 'webhook', address: 'http://example.org/hook' }))).body).toMatchObject({
        code: 'invalid-webhook-address',
        detail: 'address must be an https URL to a public host',
        errors: [{ field: 'address', message: 'address must be an https URL to a public host' }],
      });
    });

    it('titles a problem in the language of Accept-Language or ?lang=, its code the same in every language', async () => {
      const unknown = `/api/processes/00000000-0000-4000-8000-000000000000/milestones`;
      const post = (language?: string, query = '') => {
        const request = t.http.post(`${unknown}${query}`).set(editor());
        return (language === undefined ? request : request.set('Accept-Language', language)).send(aMilestone()).expect(404);
      };
      expect((await post()).body).toMatchObject({ code: 'process-not-found', title: 'No such review process' });
      expect((await post('fr-CH, fr;q=0.9, en;q=0.8')).body).toMatchObject({ code: 'process-not-found', title: 'Processus d’examen introuvable' });
      expect((await post('de-DE, es;q=0.5')).body).toMatchObject({ code: 'process-not-found', title: 'Proceso de examen no encontrado' });
      expect((await post('fr', '?lang=es')).body.title).toBe('Proceso de examen no encontrado');
      const malformed = await t.http.post(`/api/processes/${processId}/milestones`).set(editor()).set('Accept-Language', 'fr').set('Content-Type', 'application/json').send('{"kind":').expect(400);
      expect(malformed.body).toMatchObject({ code: 'malformed-json', title: 'Le corps de la demande n’est pas du JSON valide' });
    });

    it('answers malformed JSON (or a lone surrogate) with 400 and an oversized body with 413', async () => {
      const malformed = await t.http.post(`/api/processes/${processId}/milestones`).set(editor()).set('Content-Type', 'application/json').send('{"kind":').expect(400);
      expect(malformed.body.code).toBe('malformed-json');
      const surrogate = await t.http.post(`/api/processes/${processId}/milestones`).set(editor()).set('Content-Type', 'application/json').send('{"title":"\\ud800"}').expect(400);
      expect(surrogate.body.code).toBe('malformed-json');
      const huge = await t.http.post(`/api/processes/${processId}/milestones`).set(editor()).send(aMilestone({ notes: 'x'.repeat(300_000) })).expect(413);
      expect(huge.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(huge.body).toMatchObject({ status: 413, code: 'payload-too-large' });
    });
  });

  describe('metadata of every event written', () => {
    it('carries the actor (token id and name, never the token), the request id as correlation id, and a recorded-at', async () => {
      const res = await t.http.post('/api/processes').set(editor()).set('X-Request-Id', 'req-metadata-check').send(aProcess()).expect(201);
      expect(res.headers['x-request-id']).toBe('req-metadata-check');
      await t.http.post(`/api/processes/${res.body.id}/milestones`).set(editor()).set('X-Request-Id', 'req-2').send(aMilestone()).expect(201);
      const stream = await t.http.get(`/api/processes/${res.body.id}/events`).set(bearer(t.tokens.auditor)).expect(200);
      const editorToken = (await t.db.pool.query(`SELECT id FROM api_tokens WHERE name = 'test editor'`)).rows[0].id;
      expect(stream.body.items).toEqual([
        expect.objectContaining({ type: 'ProcessOpened', version: 1, correlationId: 'req-metadata-check', actor: { id: editorToken, name: 'test editor', role: 'editor' } }),
        expect.objectContaining({ type: 'MilestoneLogged', version: 2, correlationId: 'req-2', actor: { id: editorToken, name: 'test editor', role: 'editor' } }),
      ]);
      for (const event of stream.body.items) {
        expect(Date.parse(event.recordedAt)).toBeGreaterThan(Date.now() - 60_000);
        expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      }
      const all = await t.db.pool.query(`SELECT metadata FROM events`);
      for (const row of all.rows) {
        expect(row.metadata.actor).toEqual({ id: expect.any(String), name: expect.any(String), role: expect.any(String) });
        expect(row.metadata.correlationId).toEqual(expect.any(String));
        expect(JSON.stringify(row.metadata)).not.toContain(t.tokens.editor);
      }
    });

    it('keeps the raw stream from viewers and editors', async () => {
      const processId = await openProcess();
      await t.http.get(`/api/processes/${processId}/events`).set(editor()).expect(403);
      await t.http.get(`/api/processes/${processId}/events`).set(bearer(t.tokens.viewer)).expect(403);
      await t.http.get(`/api/processes/${processId}/events`).expect(401);
    });
  });

  describe('documentation', () => {
    it('serves the OpenAPI description with every write path and the problem schema', async () => {
      const res = await t.http.get('/docs-json').expect(200);
      const paths = Object.keys(res.body.paths);
      for (const path of [
        '/api/processes',
        '/api/processes/{id}/milestones',
        '/api/processes/{id}/milestones/{milestoneId}/corrections',
        '/api/processes/{id}/milestones/{milestoneId}/retraction',
        '/api/processes/{id}/assessments',
        '/api/processes/{id}/deadlines',
        '/api/processes/{id}/deadlines/{deadlineId}/moves',
        '/api/processes/{id}/deadlines/{deadlineId}/completion',
        '/api/processes/{id}/deadlines/{deadlineId}/cancellation',
        '/api/processes/{id}/subscriptions',
        '/api/processes/{id}/subscriptions/{subscriptionId}',
        '/api/tokens',
      ]) {
        expect(paths).toContain(path);
      }
      expect(res.body.components.schemas.ProblemDetailsDto).toBeDefined();
      await t.http.get('/docs').expect(200);
    });
  });
});
