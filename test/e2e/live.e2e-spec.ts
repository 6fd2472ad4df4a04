import { randomUUID } from 'node:crypto';
import { aMilestone, aProcess } from '../builders/request-bodies.js';
import { startService } from '../support/service-process.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

interface SseEvent {
  id: string;
  event: string;
  data: { position: number; type: string; data: Record<string, unknown> };
}

/** Reads a Server-Sent Events stream and hands over its events as they arrive. */
/** `admitWithinMs`: keep asking while refused (429) that long, for a place a stream closed just before has yet to give back. */
function openFeed(url: string, headers: Record<string, string> = {}, admitWithinMs = 0) {
  const controller = new AbortController();
  const received: SseEvent[] = [];
  let endedAt: number | undefined;
  const done = (async () => {
    const open = () => fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
    let res = await open();
    for (const deadline = Date.now() + admitWithinMs; res.status === 429 && Date.now() < deadline; res = await open()) {
      await res.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1).trim();
        const data = field('data');
        if (data) received.push({ id: field('id') ?? '', event: field('event') ?? 'message', data: JSON.parse(data) });
      }
    }
    endedAt = Date.now();
  })().catch((error: Error) => {
    if (error.name !== 'AbortError') throw error;
  });
  return {
    received,
    async waitFor(count: number, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${received.length} of ${count} events arrived: ${JSON.stringify(received)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return received;
    },
    /** When the server ended the stream (undefined while it is open). */
    get endedAt() {
      return endedAt;
    },
    async waitForEnd(timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (endedAt === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      return endedAt;
    },
    async close() {
      controller.abort();
      await done;
    },
  };
}

const ticks = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live events (Server-Sent Events)', () => {
  let t: TestApp;
  let processId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const opened = await t.http.post('/api/processes').set(bearer(t.tokens.editor)).send(aProcess()).expect(201);
    processId = opened.body.id;
    // Readers who connect later must not see the opening as news: wait until it is projected.
    await t.http.get(`/api/processes/${processId}/timeline?minPosition=${opened.body.position}`).expect(200);
  });

  afterAll(async () => {
    await t.close();
  });

  const log = (overrides = {}) =>
    t.http.post(`/api/processes/${processId}/milestones`).set(bearer(t.tokens.editor)).send(aMilestone(overrides)).expect(201);

  it('pushes a newly logged milestone, each reader seeing only what it may see', async () => {
    const anonymous = openFeed(`${t.service.baseUrl}/api/processes/${processId}/live`);
    const auditor = openFeed(`${t.service.baseUrl}/api/processes/${processId}/live`, bearer(t.tokens.auditor));
    await new Promise((resolve) => setTimeout(resolve, 300));
    try {
      const secret = await log({ title: 'Confidential submission', kind: 'submission', visibility: 'confidential' });
      const open = await log({ title: 'Public consultation', visibility: 'public' });

      const seenByAuditor = await auditor.waitFor(2);
      expect(seenByAuditor.map((e) => e.data.data.title)).toEqual(['Confidential submission', 'Public consultation']);
      expect(seenByAuditor.map((e) => e.id)).toEqual([String(secret.body.position), String(open.body.position)]);
      expect(seenByAuditor[0].event).toBe('MilestoneLogged');

      const seenByPublic = await anonymous.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(seenByPublic.map((e) => e.data.data.title)).toEqual(['Public consultation']);
    } finally {
      await anonymous.close();
      await auditor.close();
    }
  });

  it('resumes after Last-Event-ID with what was recorded while the reader was away', async () => {
    const first = await log({ title: 'Before the break' });
    const missed = await log({ title: 'During the break' });
    const alsoMissed = await log({ title: 'Still during the break' });
    const resumed = openFeed(`${t.service.baseUrl}/api/processes/${processId}/live`, { 'Last-Event-ID': String(first.body.position) });
    try {
      const events = await resumed.waitFor(2);
      expect(events.map((e) => e.data.position)).toEqual([missed.body.position, alsoMissed.body.position]);
      const after = await log({ title: 'After the reconnection' });
      const all = await resumed.waitFor(3);
      expect(all[2].data.position).toBe(after.body.position);
    } finally {
      await resumed.close();
    }
  });

  /** A stream of a fresh auditor token on the instance at baseUrl; the token is revoked through the first instance. */
  async function expectRevocationToEnd(baseUrl: string) {
    const created = await t.http.post('/api/tokens').set(bearer(t.tokens.admin)).send({ name: 'auditor soon revoked', role: 'auditor' }).expect(201);
    const feed = openFeed(`${baseUrl}/api/processes/${processId}/live`, bearer(created.body.token));
    try {
      await ticks(300);
      await log({ title: 'Seen while the token is live', visibility: 'confidential' });
      await feed.waitFor(1);

      await t.http.delete(`/api/tokens/${created.body.id}`).set(bearer(t.tokens.admin)).expect(200);
      const revokedAt = Date.now();
      await log({ title: 'Recorded after the revocation', visibility: 'confidential' });

      const endedAt = await feed.waitForEnd(5_000);
      expect(endedAt).toBeDefined();
      expect(endedAt! - revokedAt).toBeLessThan(2_000);
      expect(feed.received.map((e) => e.data.data.title)).toEqual(['Seen while the token is live']);
    } finally {
      await feed.close();
    }
  }

  it('ends the stream of a revoked token within a second or two, sending nothing recorded after the revocation', async () => {
    await expectRevocationToEnd(t.service.baseUrl);
  });

  it('ends it on another instance of the service too (the revocation reaches it through the database)', async () => {
    const other = await startService({ DATABASE_URL: t.db.url, DATA_DIR: t.dataDir, LOG_LEVEL: 'warn', ROLE: 'api' });
    try {
      await other.healthy();
      await expectRevocationToEnd(other.baseUrl);
    } finally {
      await other.stop();
    }
  });

  it('answers 404 for a process that does not exist', async () => {
    const res = await fetch(`${t.service.baseUrl}/api/processes/${randomUUID()}/live`, { headers: { Accept: 'text/event-stream' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await res.json()).code).toBe('process-not-found');
  });

  it('refuses a Last-Event-ID that is not a position', async () => {
    const res = await fetch(`${t.service.baseUrl}/api/processes/${processId}/live`, { headers: { 'Last-Event-ID': 'yesterday' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('live stream limits', () => {
  const LIFETIME_MS = 6_000;
  let t: TestApp;
  let liveUrl: string;

  beforeAll(async () => {
    t = await createTestApp({ LIVE_STREAM_MAX_MINUTES: String(LIFETIME_MS / 60_000), LIVE_STREAMS_PER_CLIENT: '2', LIVE_STREAMS_TOTAL: '3', TRUST_PROXY: 'loopback' });
    const opened = await t.http.post('/api/processes').set(bearer(t.tokens.editor)).send(aProcess()).expect(201);
    liveUrl = `${t.service.baseUrl}/api/processes/${opened.body.id}/live`;
  });

  afterAll(async () => {
    await t.close();
  });

  const from = (client: string) => ({ 'X-Forwarded-For': client });

  async function expectRefused(client: string) {
    const res = await fetch(liveUrl, { headers: { Accept: 'text/event-stream', ...from(client) } });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await res.json()).code).toBe('too-many-live-streams');
  }

  it('refuses a client its third stream while another client opens one, then refuses everyone past the total', async () => {
    const streams = [openFeed(liveUrl, from('203.0.113.1')), openFeed(liveUrl, from('203.0.113.1'))];
    try {
      await ticks(500);
      await expectRefused('203.0.113.1');
      streams.push(openFeed(liveUrl, from('203.0.113.2')));
      await ticks(500);
      expect(streams.map((stream) => stream.endedAt)).toEqual([undefined, undefined, undefined]);
      await expectRefused('203.0.113.3');

      // A stream that ends gives its place back.
      await streams[0].close();
      await ticks(300);
      streams.push(openFeed(liveUrl, from('203.0.113.3')));
      await ticks(500);
      expect(streams[3].endedAt).toBeUndefined();
    } finally {
      await Promise.all(streams.map((stream) => stream.close()));
    }
  });

  it('ends a stream at its lifetime, for the browser to reconnect with Last-Event-ID', async () => {
    const openedAt = Date.now();
    // The streams of the test before leave once the server has seen them closed, which a busy machine may not have yet.
    const feed = openFeed(liveUrl, from('203.0.113.4'), 5_000);
    try {
      const endedAt = await feed.waitForEnd(LIFETIME_MS + 10_000);
      expect(endedAt).toBeDefined();
      expect(endedAt! - openedAt).toBeGreaterThanOrEqual(LIFETIME_MS - 500);
    } finally {
      await feed.close();
    }
  });
});
