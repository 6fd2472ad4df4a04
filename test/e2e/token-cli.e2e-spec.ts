import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);

describe('npm run token (the built command line)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const token = (...args: string[]) =>
    run(process.execPath, ['dist/src/cli/token.js', ...args], { env: { ...process.env, DATABASE_URL: t.db.url } });

  it('creates a token that works, lists it without the secret, and revokes it', async () => {
    const created = await token('create', '--role', 'editor', '--name', 'ISHR team');
    const secret = /(trt_\S+)/.exec(created.stdout)![1];
    const id = /token ([0-9a-f-]{36})/.exec(created.stdout)![1];
    await t.http.post('/api/processes').set(bearer(secret)).send({ title: 'Review' }).expect(201);

    const listed = await token('list');
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain('ISHR team');
    expect(listed.stdout).not.toContain(secret);

    await token('revoke', id);
    await t.http.post('/api/processes').set(bearer(secret)).send({ title: 'Review' }).expect(401);
  });

  it('refuses an unknown role with the usage and exit code 2', async () => {
    await expect(token('create', '--role', 'superuser', '--name', 'x')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('Usage') });
  });
});
