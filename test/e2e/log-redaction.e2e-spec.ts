import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

describe('request logs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('never print a bearer token, a cookie or a calendar feed key', async () => {
    const feedKey = 'feedkey-that-must-stay-secret';
    await t.http.get(`/api/processes?key=${feedKey}&limit=5`).set(bearer(t.tokens.editor)).set('Cookie', 'session=cookie-that-must-stay-secret');
    await t.http.get('/api/processes/not-a-uuid').set(bearer(t.tokens.viewer));

    const logged = await t.service.waitForLine(/"url":"\/api\/processes\/not-a-uuid"/, 10_000);
    expect(logged).toContain('"authorization":"[redacted]"');
    const output = t.service.output();
    expect(output).toMatch(/"url":"\/api\/processes\?key=\[redacted\]&limit=5"/);
    for (const secret of [t.tokens.editor, t.tokens.viewer, feedKey, 'cookie-that-must-stay-secret']) expect(output).not.toContain(secret);
  });
});
