import { execFile } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { promisify } from 'node:util';
import { hostname } from 'node:os';
import { mailHeader, mailParts } from '../../src/channels/testing/raw-mail.js';
import { aDeadline, aProcess, aSubscription } from '../builders/request-bodies.js';
import { eventually } from '../support/eventually.js';
import { startSmtpServer, startWebhookReceiver } from '../support/reminder-receivers.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

/** Writes and reads of one test app, each read waiting for the last write. */
function client(t: TestApp) {
  let last = 0;
  const write = async (path: string, body: object = {}, token = t.tokens.editor) => {
    const res = await t.http.post(path).set(bearer(token)).send(body);
    if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    last = Math.max(last, res.body.position ?? 0);
    return res.body as Record<string, any>;
  };
  // Reminders are shown to editors and admins only.
  const deadlines = async (processId: string, token: string | null = t.tokens.editor) => {
    const request = t.http.get(`/api/processes/${processId}/deadlines?minPosition=${last}`);
    return (await (token ? request.set(bearer(token)) : request).expect(200)).body.items as any[];
  };
  const reminders = async (processId: string, deadlineId: string) => (await deadlines(processId)).find((d) => d.deadlineId === deadlineId)!.reminders as any[];
  const events = async (processId: string, type: string) =>
    (await t.db.pool.query(`SELECT data FROM events WHERE stream_id = $1 AND type = $2 ORDER BY position`, [`process-${processId}`, type])).rows.map((r) => r.data);
  return { write, deadlines, reminders, events };
}

describe('reminders on Redis, by e-mail and webhook', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    receiver = await startWebhookReceiver((hit, res) => res.writeHead(hit.path.startsWith('/failing') ? 500 : 204).end());
    t = await createTestApp({ REDIS_URL, SMTP_URL: smtp.url, WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'info' });
    api = client(t);
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await smtp?.close();
  });

  const opened: string[] = [];
  const openProcess = async (title = 'Review of resolution 68/268') => {
    const id = (await api.write('/api/processes', aProcess({ title }))).id as string;
    opened.push(id);
    return id;
  };
  const subscribeWebhook = async (processId: string, path: string, overrides = {}) => {
    const body = await api.write(`/api/processes/${processId}/subscriptions`, aSubscription({ channel: 'webhook', address: receiver.url(path), language: 'en', ...overrides }), t.tokens.admin);
    receiver.trust(path, body.secret);
    return body.subscriptionId as string;
  };

  it('delivers PT3S and PT1S reminders on time (within 1 s) by e-mail in French and by signed webhook, and records them', async () => {
    const processId = await openProcess('Examen de la résolution 68/268');
    await api.write(`/api/processes/${processId}/subscriptions`, aSubscription({ address: 'equipe@example.org', language: 'fr', timezone: 'Europe/Paris' }), t.tokens.admin);
    const webhookId = await subscribeWebhook(processId, '/timing');
    const { deadlineId } = await api.write(
      `/api/processes/${processId}/deadlines`,
      aDeadline({ title: 'Contributions écrites', dueAt: inSeconds(7), timezone: 'Europe/Zurich', remindBefore: ['PT3S', 'PT1S'], notifyOverdue: false }),
    );

    const timingHits = () => receiver.hits.filter((h) => h.path === '/timing');
    const mailsTo = () => smtp.mails.filter((m) => m.to.includes('equipe@example.org'));
    expect(await eventually(() => timingHits().length >= 2 && mailsTo().length >= 2, 20_000)).toBe(true);

    const planned = await api.reminders(processId, deadlineId);
    expect(planned.map((r) => r.offset).sort()).toEqual(['PT1S', 'PT1S', 'PT3S', 'PT3S']);
    for (const r of planned) {
      expect(r).toEqual(expect.objectContaining({ status: 'sent', attempts: 1, late: false, sentAt: expect.any(String) }));
      expect(Object.keys(r)).not.toContain('address');
      const due = Date.parse(r.dueAt);
      const receivedAt =
        r.channel === 'webhook'
          ? timingHits().find((h) => h.headers['webhook-id'] === r.id)!.receivedAt
          : mailsTo().find((m) => mailHeader(m.raw, 'Message-ID') === `<reminder-${r.id}@treaty-review-tracker>`)!.receivedAt;
      expect(receivedAt).toBeGreaterThanOrEqual(due - 50);
      expect(receivedAt - due).toBeLessThan(1_000);
    }
    expect(timingHits().every((h) => h.verified)).toBe(true);
    expect(timingHits().map((h) => JSON.parse(h.body).data.offset).sort()).toEqual(['PT1S', 'PT3S']);
    expect(planned.filter((r) => r.channel === 'webhook').every((r) => r.subscriptionId === webhookId)).toBe(true);
    for (const mail of mailsTo()) {
      expect(mailHeader(mail.raw, 'Subject')).toMatch(/^Rappel : « Contributions écrites »/);
      expect(mailParts(mail.raw).map((p) => p.contentType.split(';')[0])).toEqual(expect.arrayContaining(['text/plain', 'text/html', 'text/calendar']));
    }
    expect(await eventually(async () => (await api.events(processId, 'ReminderSent')).length === 4, 5_000)).toBe(true);
    const sent = await api.events(processId, 'ReminderSent');
    expect(sent.map((e) => e.reminderId).sort()).toEqual(planned.map((r) => r.id).sort());
  });

  it('re-plans a moved deadline and sends nothing for met, cancelled or ended ones', async () => {
    const processId = await openProcess();
    await subscribeWebhook(processId, '/plans');
    const moved = (await api.write(`/api/processes/${processId}/deadlines`, aDeadline({ title: 'moved', dueAt: inSeconds(10), remindBefore: ['PT6S'], notifyOverdue: false }))).deadlineId;
    const met = (await api.write(`/api/processes/${processId}/deadlines`, aDeadline({ title: 'met', dueAt: inSeconds(8), remindBefore: ['PT4S'], notifyOverdue: false }))).deadlineId;
    const cancelled = (await api.write(`/api/processes/${processId}/deadlines`, aDeadline({ title: 'cancelled', dueAt: inSeconds(8), remindBefore: ['PT4S'], notifyOverdue: true }))).deadlineId;
    const newDueAt = inSeconds(16);
    await api.write(`/api/processes/${processId}/deadlines/${moved}/moves`, { dueAt: newDueAt, reason: 'Extended' });
    await api.write(`/api/processes/${processId}/deadlines/${met}/completion`);
    await api.write(`/api/processes/${processId}/deadlines/${cancelled}/cancellation`, { reason: 'Dropped' });

    const ending = await openProcess();
    const endedSubscription = await subscribeWebhook(ending, '/ended');
    await api.write(`/api/processes/${ending}/deadlines`, aDeadline({ title: 'ended', dueAt: inSeconds(8), remindBefore: ['PT4S'], notifyOverdue: true }));
    const ended = await t.http.delete(`/api/processes/${ending}/subscriptions/${endedSubscription}`).set(bearer(t.tokens.admin)).send({ reason: 'Left the team' });
    expect(ended.status).toBeLessThan(300);

    const plans = () => receiver.hits.filter((h) => h.path === '/plans');
    // The moved reminder (due about 10 s from now) comes last: once it is in, every other would have come.
    expect(await eventually(() => plans().length >= 1, 20_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(plans()).toHaveLength(1);
    const body = JSON.parse(plans()[0].body);
    expect(body.data.deadline.deadlineId).toBe(moved);
    expect(Date.parse(body.data.dueTime)).toBe(Date.parse(newDueAt) - 6_000);
    expect(receiver.hits.filter((h) => h.path === '/ended')).toHaveLength(0);

    const movedReminders = await api.reminders(processId, moved);
    expect(movedReminders.map((r) => [r.status, r.lastError ?? null])).toEqual([
      ['skipped', 'the deadline moved'],
      ['sent', null],
    ]);
    expect((await api.reminders(processId, met)).map((r) => r.status)).toEqual(['skipped']);
    expect((await api.reminders(processId, cancelled)).map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect((await api.deadlines(ending))[0].reminders.map((r: any) => r.status)).toEqual(['skipped', 'skipped']);
  });

  it('skips, without retries, a reminder to a person erased before it was due, and never stores the plain address', async () => {
    const processId = await openProcess();
    const subscriptionId = await subscribeWebhook(processId, '/erased');
    const { deadlineId } = await api.write(`/api/processes/${processId}/deadlines`, aDeadline({ dueAt: inSeconds(4), remindBefore: ['PT1S'], notifyOverdue: false }));
    expect(await api.reminders(processId, deadlineId)).toHaveLength(1);
    const stored = await t.db.pool.query(
      `SELECT (SELECT json_agg(l)::text FROM reminder_ledger l WHERE process_id = $1) AS ledger,
              (SELECT json_agg(s)::text FROM reminder_subscriptions s WHERE process_id = $1) AS subscriptions`,
      [processId],
    );
    expect(stored.rows[0].ledger).toContain(subscriptionId);
    expect(`${stored.rows[0].ledger}${stored.rows[0].subscriptions}`).not.toContain('/erased');
    // What an erasure does to the vault: the subject's key is gone (the SubscriptionEnded it also appends may come later).
    const added = await t.db.pool.query(`SELECT data->'address'->>'keyId' AS subject FROM events WHERE stream_id = $1 AND type = 'SubscriptionAdded'`, [`process-${processId}`]);
    await t.db.pool.query(`DELETE FROM subject_keys WHERE subject_id = $1`, [added.rows[0].subject]);

    expect(await eventually(async () => (await api.reminders(processId, deadlineId))[0].status === 'skipped', 15_000)).toBe(true);
    const [reminder] = await api.reminders(processId, deadlineId);
    expect(reminder).toEqual(expect.objectContaining({ attempts: 1, lastError: 'the subscriber was erased' }));
    expect(receiver.hits.filter((h) => h.path === '/erased')).toHaveLength(0);
    expect(await api.events(processId, 'ReminderFailed')).toEqual([]);
  });

  it('sends nothing to a person erased through POST /api/erasures', async () => {
    const processId = await openProcess();
    await subscribeWebhook(processId, '/forgotten');
    const { deadlineId } = await api.write(`/api/processes/${processId}/deadlines`, aDeadline({ dueAt: inSeconds(4), remindBefore: ['PT1S'], notifyOverdue: false }));
    await api.write('/api/erasures', { address: receiver.url('/forgotten') }, t.tokens.admin);

    expect(await eventually(async () => (await api.reminders(processId, deadlineId))[0].status === 'skipped', 15_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(receiver.hits.filter((h) => h.path === '/forgotten')).toHaveLength(0);
    expect((await api.reminders(processId, deadlineId))[0]).toEqual(expect.objectContaining({ status: 'skipped', lastError: 'the subscription ended' }));
    expect(await api.events(processId, 'ReminderFailed')).toEqual([]);
  });

  it('retries a receiver that answers 500 with the same webhook-id, then records ReminderFailed with the reason', async () => {
    const processId = await openProcess();
    await subscribeWebhook(processId, '/failing');
    const { deadlineId } = await api.write(`/api/processes/${processId}/deadlines`, aDeadline({ dueAt: inSeconds(3), remindBefore: ['PT1S'], notifyOverdue: false }));

    expect(await eventually(async () => (await api.events(processId, 'ReminderFailed')).length === 1, 45_000, 500)).toBe(true);
    const hits = receiver.hits.filter((h) => h.path === '/failing');
    expect(hits).toHaveLength(5);
    expect(new Set(hits.map((h) => h.headers['webhook-id'])).size).toBe(1);
    expect(hits.every((h) => h.verified)).toBe(true);
    // Exponential backoff: each wait at least as long as the one before.
    const gaps = hits.slice(1).map((h, i) => h.receivedAt - hits[i].receivedAt);
    expect(gaps[3]).toBeGreaterThan(gaps[0] * 3);
    const [failed] = await api.events(processId, 'ReminderFailed');
    expect(failed).toEqual(expect.objectContaining({ reminderId: hits[0].headers['webhook-id'], attempts: 5, reason: 'webhook receiver answered 500' }));
    expect(JSON.stringify(failed)).not.toContain('127.0.0.1');
    const [reminder] = await api.reminders(processId, deadlineId);
    expect(reminder).toEqual(expect.objectContaining({ status: 'failed', attempts: 5, lastError: 'webhook receiver answered 500' }));
    expect(await api.events(processId, 'ReminderSent')).toEqual([]);
  });

  it('keeps sent, failed and skipped reminders through a rebuild of the ledger (outcomes come back from the log, skips are decided again)', async () => {
    const before = await Promise.all(opened.map((id) => api.deadlines(id)));
    expect(before.flat().flatMap((d) => d.reminders.map((r: any) => r.status))).toEqual(expect.arrayContaining(['sent', 'failed', 'skipped']));
    const { stdout } = await promisify(execFile)(process.execPath, ['dist/src/cli/rebuild-projections.js', 'reminder-ledger'], {
      env: { ...process.env, DATABASE_URL: t.db.url, LOG_LEVEL: 'warn' },
    });
    expect(stdout).toMatch(/Rebuilt reminder-ledger/);
    // Outcomes in the log come back at once; a skip the processor decided (an erased address) is decided again.
    const same = async () => JSON.stringify(await Promise.all(opened.map((id) => api.deadlines(id)))) === JSON.stringify(before);
    expect(await eventually(same, 15_000, 250)).toBe(true);
  });

  it('shows the queue in /health and its dashboard to admins only', async () => {
    const health = await t.http.get('/health').expect(200);
    expect(health.body.info.queue).toEqual(expect.objectContaining({ status: 'up', delayed: expect.any(Number) }));
    await t.http.get('/admin/queues').expect(401);
    await t.http.get('/admin/queues').set(bearer(t.tokens.editor)).expect(403);
    const page = await t.http.get('/admin/queues').set(bearer(t.tokens.admin)).expect(200);
    expect(page.text).toContain('<html');
    const queues = await t.http.get('/admin/queues/api/queues').set(bearer(t.tokens.admin)).expect(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toEqual(['reminders']);
  });
});

describe('a webhook to a private address', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    t = await createTestApp({ REDIS_URL, WEBHOOK_ALLOW_PRIVATE: 'false' });
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('is refused at delivery when the name resolves to a loopback address, and fails at once', async () => {
    // A name that passes the check on the text of the URL and resolves to this machine.
    const name = hostname();
    const resolved = await lookup(name);
    expect(resolved.address).toMatch(/^127\./);
    const api = client(t);
    const processId = (await api.write('/api/processes', aProcess())).id;
    const port = new URL(receiver.url('/')).port;
    await api.write(`/api/processes/${processId}/subscriptions`, aSubscription({ channel: 'webhook', address: `https://${name}:${port}/private`, language: 'en' }), t.tokens.admin);
    const { deadlineId } = await api.write(`/api/processes/${processId}/deadlines`, aDeadline({ dueAt: inSeconds(3), remindBefore: ['PT1S'], notifyOverdue: false }));

    expect(await eventually(async () => (await api.events(processId, 'ReminderFailed')).length === 1, 15_000)).toBe(true);
    const [failed] = await api.events(processId, 'ReminderFailed');
    expect(failed.attempts).toBe(1);
    expect(failed.reason).toMatch(/loopback, private or link-local address/);
    expect(receiver.hits).toHaveLength(0);
    expect((await api.reminders(processId, deadlineId))[0].status).toBe('failed');

    // The reason names no address, in the history or the ledger; only editors and admins see the reminder at all.
    const [reminder] = await api.reminders(processId, deadlineId);
    for (const stored of [failed.reason, reminder.lastError]) {
      expect(stored).not.toContain(resolved.address);
      expect(stored).not.toMatch(/\d+\.\d+\.\d+\.\d+|::/);
    }
    const seenBy = async (token: string | null) => (await api.deadlines(processId, token)).find((d) => d.deadlineId === deadlineId);
    for (const token of [null, t.tokens.viewer, t.tokens.auditor]) {
      const deadline = await seenBy(token);
      expect(deadline.reminders).toBeUndefined();
      const text = JSON.stringify(deadline);
      for (const secret of [reminder.id, reminder.subscriptionId, 'webhook', 'loopback']) expect(text).not.toContain(secret);
    }
    expect((await seenBy(null)).reminderCounts).toBeUndefined();
    expect((await seenBy(t.tokens.viewer)).reminderCounts).toEqual({ planned: 0, queued: 0, sent: 0, failed: 1, skipped: 0 });
    expect((await seenBy(t.tokens.admin)).reminders).toEqual([expect.objectContaining({ subscriptionId: reminder.subscriptionId, channel: 'webhook' })]);
    // Nor does the calendar feed carry any of it.
    const { key } = (await t.http.post(`/api/processes/${processId}/feed-keys`).set(bearer(t.tokens.editor)).send({ label: 'check' }).expect(201)).body;
    const feed = (await t.http.get(`/api/processes/${processId}/deadlines.ics`).query({ key }).buffer(true).expect(200)).text;
    for (const secret of [reminder.id, reminder.subscriptionId, 'loopback', resolved.address]) expect(feed).not.toContain(secret);
  });
});
