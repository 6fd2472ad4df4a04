import { aMilestone, aProcess } from '../builders/request-bodies.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

/** The text of a Server-Sent Events stream replayed from Last-Event-ID, read until it has been quiet for a while. */
async function replayText(url: string, headers: Record<string, string>): Promise<string> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
  expect(res.status).toBe(200);
  const decoder = new TextDecoder();
  let text = '';
  let quietTimer = setTimeout(() => controller.abort(), 2_000);
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      clearTimeout(quietTimer);
      quietTimer = setTimeout(() => controller.abort(), 700);
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    clearTimeout(quietTimer);
  }
  return text;
}

describe('a milestone made confidential, or retracted, stays out of the public past', () => {
  let t: TestApp;
  let processId: string;
  let beforeTheChange: string;
  let beforeTheRetraction: string;
  let lastPosition: number;
  const SECRET = 'Submission naming the submitter';
  const WITHDRAWN = 'Entry withdrawn by its author';
  const OPEN = 'Public consultation in Geneva';

  beforeAll(async () => {
    t = await createTestApp();
    const editor = bearer(t.tokens.editor);
    processId = (await t.http.post('/api/processes').set(editor).send(aProcess()).expect(201)).body.id;
    const secret = await t.http.post(`/api/processes/${processId}/milestones`).set(editor).send(aMilestone({ title: SECRET, notes: `${SECRET}: notes` })).expect(201);
    const withdrawn = await t.http.post(`/api/processes/${processId}/milestones`).set(editor).send(aMilestone({ title: WITHDRAWN })).expect(201);
    beforeTheChange = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await t.http
      .post(`/api/processes/${processId}/milestones/${secret.body.milestoneId}/corrections`)
      .set(editor)
      .send({ changes: { visibility: 'confidential' }, reason: 'The submitter faces reprisals' })
      .expect(201);
    await t.http.post(`/api/processes/${processId}/milestones`).set(editor).send(aMilestone({ title: OPEN })).expect(201);
    beforeTheRetraction = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const retracted = await t.http
      .post(`/api/processes/${processId}/milestones/${withdrawn.body.milestoneId}/retraction`)
      .set(editor)
      .send({ reason: 'Recorded by mistake' })
      .expect(201);
    lastPosition = retracted.body.position;
    await t.http.get(`/api/processes/${processId}/timeline`).query({ minPosition: lastPosition }).expect(200);
  });

  afterAll(async () => {
    await t.close();
  });

  const titlesAsOf = async (asOf: string, token?: string) => {
    const req = t.http.get(`/api/processes/${processId}/timeline`).query({ asOf });
    const res = await (token ? req.set(bearer(token)) : req).expect(200);
    return (res.body.items as { title: string }[]).map((item) => item.title);
  };

  it('answers asOf a moment when it was public under its current visibility, in JSON and CSV', async () => {
    expect(await titlesAsOf(beforeTheChange)).toEqual([]);
    expect(await titlesAsOf(beforeTheChange, t.tokens.viewer)).toEqual([WITHDRAWN]);
    expect((await titlesAsOf(beforeTheChange, t.tokens.auditor)).sort()).toEqual([SECRET, WITHDRAWN].sort());
    const csv = await t.http.get(`/api/processes/${processId}/timeline.csv`).query({ asOf: beforeTheChange }).expect(200);
    expect(csv.text).not.toContain(SECRET);
  });

  it('takes a retracted milestone out of the public past, not out of the viewers\'', async () => {
    expect(await titlesAsOf(beforeTheRetraction)).toEqual([OPEN]);
    expect((await titlesAsOf(beforeTheRetraction, t.tokens.viewer)).sort()).toEqual([OPEN, WITHDRAWN].sort());
  });

  it('replays the stream from Last-Event-ID 0 without them to the public', async () => {
    const url = `${t.service.baseUrl}/api/processes/${processId}/live`;
    const publicReplay = await replayText(url, { 'Last-Event-ID': '0' });
    expect(publicReplay).toContain(OPEN);
    expect(publicReplay).not.toContain(SECRET);
    expect(publicReplay).not.toContain(WITHDRAWN);
    const auditorReplay = await replayText(url, { 'Last-Event-ID': '0', ...bearer(t.tokens.auditor) });
    expect(auditorReplay).toContain(SECRET);
  });

  it('refuses at once a minPosition no event holds, instead of waiting for it', async () => {
    const res = await t.http.get(`/api/processes/${processId}/timeline`).query({ minPosition: lastPosition + 1_000_000 }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'position-not-recorded', errors: [{ field: 'minPosition' }] });
  });
});
