import { aMilestone, aProcess, aSubscription } from '../builders/request-bodies.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

describe('Idempotency-Key across failures', () => {
  let t: TestApp;
  let processId: string;

  beforeAll(async () => {
    t = await createTestApp();
    processId = (await t.http.post('/api/processes').set(bearer(t.tokens.admin)).send(aProcess()).expect(201)).body.id;
  });

  afterAll(async () => {
    await t.close();
  });

  const milestones = async () =>
    Number((await t.db.pool.query(`SELECT count(*) AS n FROM events WHERE type = 'MilestoneLogged' AND stream_id = $1`, [`process-${processId}`])).rows[0].n);
  const logMilestone = (key: string, title: string) =>
    t.http.post(`/api/processes/${processId}/milestones`).set(bearer(t.tokens.editor)).set('Idempotency-Key', key).send(aMilestone({ title }));
  const editorTokenId = async () => (await t.db.pool.query<{ id: string }>(`SELECT id FROM api_tokens WHERE name = 'test editor'`)).rows[0].id;

  it('never writes twice when recording the reply fails: the write and its reply commit together or not at all', async () => {
    // One injected failure of the first reply recorded (a sequence is not rolled back with the failing transaction).
    await t.db.pool.query(`
      CREATE SEQUENCE reply_failures;
      CREATE FUNCTION fail_first_reply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IS NOT NULL AND nextval('reply_failures') = 1 THEN RAISE EXCEPTION 'injected: reply not recorded'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_first_reply BEFORE UPDATE ON idempotency_records FOR EACH ROW EXECUTE FUNCTION fail_first_reply();`);
    try {
      const before = await milestones();
      const failed = await logMilestone('reply-lost', 'Constructive dialogue');
      expect(failed.status).toBeGreaterThanOrEqual(500);
      const retried = await logMilestone('reply-lost', 'Constructive dialogue').expect(201);
      const replayed = await logMilestone('reply-lost', 'Constructive dialogue').expect(201);
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      expect(replayed.body).toEqual(retried.body);
      expect(await milestones()).toBe(before + 1);
    } finally {
      await t.db.pool.query(`DROP TRIGGER fail_first_reply ON idempotency_records; DROP FUNCTION fail_first_reply(); DROP SEQUENCE reply_failures`);
    }
  });

  it('takes over a key whose claim outlived its lease (the request that held it died)', async () => {
    await t.db.pool.query(
      `INSERT INTO idempotency_records (actor_id, idempotency_key, request_hash, claim_token, expires_at)
       VALUES ($1, 'held-by-the-dead', 'the request of a process that died', gen_random_uuid(), now() - interval '1 second')`,
      [await editorTokenId()],
    );
    const before = await milestones();
    const started = Date.now();
    const res = await logMilestone('held-by-the-dead', 'Review session').expect(201);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.body.milestoneId).toEqual(expect.any(String));
    expect(await milestones()).toBe(before + 1);
  });

  it('never keeps a webhook secret in a stored reply, and a replay answers the same reply without it', async () => {
    const subscribe = () =>
      t.http
        .post(`/api/processes/${processId}/subscriptions`)
        .set(bearer(t.tokens.admin))
        .set('Idempotency-Key', 'subscribe-hook')
        .send(aSubscription({ channel: 'webhook', address: 'https://hooks.example.org/tb-team' }));
    const first = await subscribe().expect(201);
    expect(first.body.secret).toMatch(/^whsec_/);
    const replayed = await subscribe().expect(201);
    const { secret, ...withoutSecret } = first.body;
    expect(replayed.body).toEqual(withoutSecret);
    const { rows } = await t.db.pool.query<{ row: string }>(`SELECT r::text AS row FROM idempotency_records r`);
    expect(rows.map((row) => row.row).join('\n')).not.toContain(secret.slice('whsec_'.length));
  });
});
