import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Role } from '../../src/auth/roles.js';
import { startService, type ServiceProcess } from './service-process.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  service: ServiceProcess;
  db: TestDatabase;
  /** The service's DATA_DIR (the e-mail outbox is under it). */
  dataDir: string;
  http: ReturnType<typeof request>;
  /** A live token for each role. */
  tokens: Record<Role, string>;
  close(): Promise<void>;
}

export const TEST_ADMIN_TOKEN = 'trt_test-admin-token-0123456789';
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * The built service (dist/, as `npm start` runs it) in its own process on a fresh database of the
 * real PostgreSQL server, driven over HTTP. A separate process because NestJS 12 is ESM-only and
 * Jest on Node 20 cannot load the CommonJS Nest plugins (nestjs-pino, @nestjs/throttler) in-process.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'trt-app-'));
  const service = await startService({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    BOOTSTRAP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    WEBHOOK_ALLOW_PRIVATE: 'false',
    ...env,
  });
  await service.healthy();
  const http = request(service.baseUrl);
  const create = async (role: Role) =>
    (await http.post('/api/tokens').set(bearer(TEST_ADMIN_TOKEN)).send({ name: `test ${role}`, role }).expect(201)).body.token as string;
  const tokens: Record<Role, string> = {
    admin: TEST_ADMIN_TOKEN,
    editor: await create('editor'),
    viewer: await create('viewer'),
    auditor: await create('auditor'),
  };
  return {
    service,
    db,
    dataDir,
    http,
    tokens,
    async close() {
      await service.stop();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

