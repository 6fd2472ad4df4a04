import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PASSWORD_FILE } from '../../src/embedded/embedded-postgres.js';
import { EventStore } from '../../src/event-store/event-store.js';
import { startService } from '../support/service-process.js';

const metadata = { actor: { id: 'test', name: 'e2e' }, correlationId: 'embedded-start' };

/** Starts the built service with no DATABASE_URL, and returns the URL of its embedded database, with the password kept in DATA_DIR. */
async function startEmbedded(dataDir: string) {
  const service = await startService({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  const line = await service.waitForLine(/Embedded PostgreSQL at/);
  const databaseUrl = new URL(/(postgres:\/\/\S+)/.exec(line)![1]);
  databaseUrl.password = (await readFile(join(dataDir, PASSWORD_FILE), 'utf8')).trim();
  await service.waitForLine(/Listening on/);
  return { service, databaseUrl: databaseUrl.toString() };
}

describe('npm start with no DATABASE_URL', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'trt-start-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves /health as healthy on the embedded database, prints a first admin token once, and keeps its data across a restart', async () => {
    const streamId = `process-${randomUUID()}`;
    const first = await startEmbedded(dataDir);
    try {
      const health = await fetch(`${first.service.baseUrl}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });

      const adminToken = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
      expect((await stat(join(dataDir, 'admin-token'))).mode & 0o777).toBe(0o600);
      expect(first.service.output()).toContain(adminToken);
      expect(first.service.output()).not.toContain(new URL(first.databaseUrl).password);
      const tokens = await fetch(`${first.service.baseUrl}/api/tokens`, { headers: { Authorization: `Bearer ${adminToken}` } });
      expect(tokens.status).toBe(200);

      const pool = new pg.Pool({ connectionString: first.databaseUrl, max: 2 });
      await new EventStore(pool).appendToStream(streamId, [{ type: 'ProcessOpened', data: { title: 'Review' } }], { expectedVersion: 'no-stream' }, metadata);
      await pool.end();
    } finally {
      expect(await first.service.stop('SIGTERM')).toBe(0);
    }

    const second = await startEmbedded(dataDir);
    try {
      const pool = new pg.Pool({ connectionString: second.databaseUrl, max: 2 });
      const events = await new EventStore(pool).readStream(streamId);
      await pool.end();
      expect(events.map((e) => e.data)).toEqual([{ title: 'Review' }]);
      expect(second.service.output()).not.toContain('Admin token');
    } finally {
      await second.service.stop('SIGTERM');
    }
  });

  it('stops at start with one clear line naming a bad variable', async () => {
    const service = await startService({ DATA_DIR: dataDir, ROLE: 'everything' });
    expect(await service.exited).toBe(1);
    expect(service.output().trim()).toBe('Invalid configuration: ROLE must be one of api, worker, all (got "everything")');
  });
});
