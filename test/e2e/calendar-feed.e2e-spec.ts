import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { aDeadline, aProcess } from '../builders/request-bodies.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

const PUBLIC_BASE_URL = 'https://tracker.example.org';

interface FeedEvent {
  uid: string;
  summary: string;
  start: string;
  tzid: string | undefined;
  status: string;
  sequence: number;
  /** Each alarm's instant (the start minus its trigger), ISO in UTC. */
  alarms: string[];
}

/** Parses a feed as a calendar client would (Mozilla's ical.js), time zones from the feed's own VTIMEZONEs. */
function parseFeed(text: string): FeedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const start = event.startDate.toJSDate();
    return {
      uid: event.uid,
      summary: event.summary,
      start: start.toISOString(),
      tzid: vevent.getFirstProperty('dtstart')!.getParameter('tzid') as string | undefined,
      status: String(vevent.getFirstPropertyValue('status')),
      sequence: event.sequence,
      alarms: vevent
        .getAllSubcomponents('valarm')
        .map((alarm) => new Date(start.getTime() + (alarm.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds() * 1000).toISOString()),
    };
  });
}

describe('the calendar feed of a process', () => {
  let t: TestApp;
  let processId: string;
  let otherProcessId: string;
  let last = 0;
  const deadlines: Record<string, string> = {};

  async function write(path: string, body: object = {}): Promise<Record<string, any>> {
    const res = await t.http.post(path).set(bearer(t.tokens.editor)).send(body).expect(201);
    last = res.body.position;
    return res.body;
  }

  async function newKey(id = processId, role: 'editor' | 'admin' = 'editor') {
    return (await t.http.post(`/api/processes/${id}/feed-keys`).set(bearer(t.tokens[role])).send({ label: 'Geneva team calendar' }).expect(201)).body;
  }

  async function feed(key: string, status = 200) {
    const res = await t.http.get(`/api/processes/${processId}/deadlines.ics`).query({ key, minPosition: last }).buffer(true).expect(status);
    return res;
  }

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL, LOG_LEVEL: 'info' });
    processId = (await write('/api/processes', aProcess())).id;
    otherProcessId = (await write('/api/processes', aProcess({ title: 'Another review' }))).id;
    // Zurich moves to summer time on 29 March 2026 at 02:00; New York back to standard time on 1 November 2026 at 02:00.
    const set = async (name: string, body: Record<string, unknown>) => (deadlines[name] = (await write(`/api/processes/${processId}/deadlines`, aDeadline(body))).deadlineId);
    await set('beforeSwitch', { title: 'Submissions (winter time)', dueAt: '2026-03-28T12:00:00+01:00', timezone: 'Europe/Zurich', remindBefore: ['P1D'] });
    await set('afterSwitch', { title: 'Submissions (summer time)', dueAt: '2026-03-29T12:00:00+02:00', timezone: 'Europe/Zurich', remindBefore: ['P7D', 'P1D', 'PT1H'] });
    await set('newYork', { title: 'Report to the General Assembly', dueAt: '2026-11-01T09:00:00-05:00', timezone: 'America/New_York', remindBefore: ['P1D'] });
    await set('toCancel', { title: 'Informal meeting', dueAt: '2026-05-04T10:00:00+02:00', timezone: 'Europe/Zurich', remindBefore: ['P1D'] });
  });

  afterAll(async () => {
    await t.close();
  });

  it('gives editors and admins a key shown once, stored hashed, with the feed address under PUBLIC_BASE_URL', async () => {
    const created = await newKey();
    expect(created).toEqual({
      keyId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      key: expect.stringMatching(/^trtf_[A-Za-z0-9_-]{43}$/),
      url: `${PUBLIC_BASE_URL}/api/processes/${processId}/deadlines.ics?key=${created.key}`,
    });
    await newKey(processId, 'admin');
    const { rows } = await t.db.pool.query(`SELECT key_hash, row_to_json(feed_keys)::text AS row FROM feed_keys WHERE key_id = $1`, [created.keyId]);
    expect(rows[0].key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(rows[0].row).not.toContain(created.key);
  });

  it('refuses to give viewers and auditors a key, and names an unknown process', async () => {
    for (const role of ['viewer', 'auditor'] as const) {
      await t.http.post(`/api/processes/${processId}/feed-keys`).set(bearer(t.tokens[role])).send({ label: 'x' }).expect(403);
    }
    await t.http.post(`/api/processes/${processId}/feed-keys`).set(bearer(t.tokens.editor)).send({}).expect(400);
    await t.http.post('/api/processes/00000000-0000-4000-8000-000000000000/feed-keys').set(bearer(t.tokens.editor)).send({ label: 'x' }).expect(404);
  });

  it('parses with ical.js: one event per deadline in its own zone, at the right instants across daylight-saving changes', async () => {
    const res = await feed((await newKey()).key);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const events = parseFeed(res.text);
    expect(events).toHaveLength(4);
    const byUid = new Map(events.map((event) => [event.uid, event]));

    const winter = byUid.get(`${deadlines.beforeSwitch}@treaty-review-tracker`)!;
    expect(winter).toMatchObject({ tzid: 'Europe/Zurich', start: '2026-03-28T11:00:00.000Z', status: 'CONFIRMED' });
    expect(res.text).toContain('DTSTART;TZID=Europe/Zurich:20260328T120000');

    const summer = byUid.get(`${deadlines.afterSwitch}@treaty-review-tracker`)!;
    expect(summer).toMatchObject({ tzid: 'Europe/Zurich', start: '2026-03-29T10:00:00.000Z', summary: 'Submissions (summer time)' });
    expect(res.text).toContain('DTSTART;TZID=Europe/Zurich:20260329T120000');
    // The day and the week before fall in winter time: still at noon in Zurich, one hour less before.
    expect(summer.alarms.sort()).toEqual(['2026-03-22T11:00:00.000Z', '2026-03-28T11:00:00.000Z', '2026-03-29T09:00:00.000Z']);

    const newYork = byUid.get(`${deadlines.newYork}@treaty-review-tracker`)!;
    expect(newYork).toMatchObject({ tzid: 'America/New_York', start: '2026-11-01T14:00:00.000Z' });
    // 9:00 in New York the day before is still summer time (EDT, -04:00): 25 hours before.
    expect(newYork.alarms).toEqual(['2026-10-31T13:00:00.000Z']);
  });

  it('keeps UIDs across a move, so clients update the entry instead of adding one; marks a cancelled deadline', async () => {
    const key = (await newKey()).key;
    const before = parseFeed((await feed(key)).text);
    await write(`/api/processes/${processId}/deadlines/${deadlines.afterSwitch}/moves`, { dueAt: '2026-04-02T12:00:00+02:00', reason: 'Extended' });
    await write(`/api/processes/${processId}/deadlines/${deadlines.toCancel}/cancellation`, { reason: 'Session postponed' });
    const after = parseFeed((await feed(key)).text);

    expect(after.map((e) => e.uid).sort()).toEqual(before.map((e) => e.uid).sort());
    const moved = after.find((e) => e.uid === `${deadlines.afterSwitch}@treaty-review-tracker`)!;
    expect(moved.start).toBe('2026-04-02T10:00:00.000Z');
    expect(moved.sequence).toBeGreaterThan(before.find((e) => e.uid === moved.uid)!.sequence);
    const cancelled = after.find((e) => e.uid === `${deadlines.toCancel}@treaty-review-tracker`)!;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', alarms: [] });
  });

  it('names the calendar in the language of ?lang=, English by default, and refuses a language it does not offer', async () => {
    const { key } = await newKey();
    const named = async (lang?: string) => {
      const res = await t.http.get(`/api/processes/${processId}/deadlines.ics`).query({ key, minPosition: last, ...(lang && { lang }) }).buffer(true).expect(200);
      return /^X-WR-CALNAME:(.*)$/m.exec(res.text)?.[1].trim();
    };
    const { title } = aProcess();
    expect(await named()).toBe(`${title}: deadlines`);
    expect(await named('ru')).toBe(`${title}: сроки`);
    expect(await named('zh')).toBe(`${title}：截止日期`);
    const refused = await t.http.get(`/api/processes/${processId}/deadlines.ics`).query({ key, lang: 'de' }).expect(400);
    expect(refused.body).toMatchObject({ code: 'invalid-request', errors: [{ field: 'lang' }] });
  });

  it('refuses a missing or wrong key (401), a revoked key and another process’s key (403), as problem+json', async () => {
    const { key, keyId } = await newKey();
    await feed(key, 200);
    for (const [given, status] of [[undefined, 401], ['trtf_wrong', 401], [(await newKey(otherProcessId)).key, 403]] as const) {
      const res = await t.http.get(`/api/processes/${processId}/deadlines.ics`).query(given === undefined ? {} : { key: given }).expect(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    await t.http.delete(`/api/processes/${processId}/feed-keys/${keyId}`).set(bearer(t.tokens.viewer)).expect(403);
    await t.http.delete(`/api/processes/${processId}/feed-keys/${keyId}`).set(bearer(t.tokens.editor)).expect(204);
    const revoked = await feed(key, 403);
    expect(revoked.headers['content-type']).toMatch(/^application\/problem\+json/);
    await t.http.delete(`/api/processes/${processId}/feed-keys/${keyId}`).set(bearer(t.tokens.admin)).expect(404);
  });

  it('lists the keys of a process to editors and admins, with label, creation and last use, never the key', async () => {
    const used = await newKey();
    const unused = await newKey(processId, 'admin');
    await feed(used.key);
    const { items } = (await t.http.get(`/api/processes/${processId}/feed-keys`).set(bearer(t.tokens.editor)).expect(200)).body;
    expect(items.find((k: any) => k.keyId === used.keyId)).toEqual({
      keyId: used.keyId,
      label: 'Geneva team calendar',
      createdAt: expect.any(String),
      createdBy: expect.any(String),
      revokedAt: null,
      lastUsedAt: expect.any(String),
    });
    expect(items.find((k: any) => k.keyId === unused.keyId)).toMatchObject({ lastUsedAt: null, revokedAt: null });
    const listed = JSON.stringify((await t.http.get(`/api/processes/${processId}/feed-keys`).set(bearer(t.tokens.admin)).expect(200)).body);
    for (const key of [used.key, unused.key]) expect(listed).not.toContain(key);
    await t.http.get(`/api/processes/${processId}/feed-keys`).set(bearer(t.tokens.viewer)).expect(403);
    await t.http.get(`/api/processes/${processId}/feed-keys`).expect(401);
    await t.http.get('/api/processes/00000000-0000-4000-8000-000000000000/feed-keys').set(bearer(t.tokens.editor)).expect(404);
  });

  it('revokes a leaked key given by itself, without its id', async () => {
    const leaked = await newKey();
    const url = new URL(leaked.url);
    const revocation = `/api/processes/${processId}/feed-keys/revocation`;
    await t.http.post(revocation).set(bearer(t.tokens.viewer)).send({ key: url.searchParams.get('key') }).expect(403);
    await t.http.post(`/api/processes/${otherProcessId}/feed-keys/revocation`).set(bearer(t.tokens.editor)).send({ key: leaked.key }).expect(404);
    const revoked = await t.http.post(revocation).set(bearer(t.tokens.editor)).send({ key: url.searchParams.get('key') }).expect(200);
    expect(revoked.body).toEqual({ keyId: leaked.keyId });
    await feed(leaked.key, 403);
    const { items } = (await t.http.get(`/api/processes/${processId}/feed-keys`).set(bearer(t.tokens.editor)).expect(200)).body;
    expect(items.find((k: any) => k.keyId === leaked.keyId).revokedAt).toEqual(expect.any(String));
    const again = await t.http.post(revocation).set(bearer(t.tokens.admin)).send({ key: leaked.key }).expect(404);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    await t.http.post(revocation).set(bearer(t.tokens.admin)).send({}).expect(400);
  });

  it('never prints the key in the request log', async () => {
    const { key } = await newKey();
    await feed(key);
    await t.service.waitForLine(/deadlines\.ics\?key=\[redacted\]/, 10_000);
    expect(t.service.output()).not.toContain(key);
  });
});
