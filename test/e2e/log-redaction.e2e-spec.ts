import { aProcess } from '../builders/request-bodies.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

describe('request logs', () => {
  let t: TestApp;

  beforeAll(async () => {
    // No worker: the timeline never reaches a new write's position, which gives the 5xx below.
    t = await createTestApp({ LOG_LEVEL: 'info', ROLE: 'api' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('log one line per request with its id, method, URL, status and duration, and never a secret, a header or an address', async () => {
    const feedKey = 'feedkey-that-must-stay-secret';
    await t.http.get(`/api/processes?key=${feedKey}&limit=5`).set(bearer(t.tokens.editor)).set('Cookie', 'session=cookie-that-must-stay-secret');
    await t.http.get('/health');
    await t.http.get('/api/processes/not-a-uuid').set(bearer(t.tokens.viewer)).set('X-Request-Id', 'log-check-1').expect(400);

    const logged = JSON.parse(await t.service.waitForLine(/"url":"\/api\/processes\/not-a-uuid"/, 10_000)) as Record<string, unknown>;
    expect(logged).toMatchObject({
      level: 30,
      msg: 'request completed',
      reqId: 'log-check-1',
      method: 'GET',
      url: '/api/processes/not-a-uuid',
      statusCode: 400,
      responseTime: expect.any(Number),
    });
    const output = t.service.output();
    expect(output).toMatch(/"url":"\/api\/processes\?key=\[redacted\]&limit=5"/);
    expect(output).not.toMatch(/"url":"\/health"/);
    for (const unwanted of [t.tokens.editor, t.tokens.viewer, feedKey, 'cookie-that-must-stay-secret', 'authorization', 'remoteAddress', 'user-agent']) {
      expect(output).not.toContain(unwanted);
    }
  });

  it('log a request answered with a 5xx at level error', async () => {
    const opened = await t.http.post('/api/processes').set(bearer(t.tokens.editor)).send(aProcess()).expect(201);
    // A position the timeline will not reach within the 5 s a read waits: 503.
    await t.http.get(`/api/processes/${opened.body.id}/timeline?minPosition=${opened.body.position}`).set('X-Request-Id', 'log-check-503').expect(503);
    const logged = JSON.parse(await t.service.waitForLine(/"reqId":"log-check-503"/, 10_000)) as Record<string, unknown>;
    expect(logged).toMatchObject({ level: 50, statusCode: 503, method: 'GET', msg: 'request completed' });
  }, 20_000);
});
