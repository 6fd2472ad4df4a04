import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp } from '../src/app.factory.js';
import { loadConfig, type ProcessRole } from '../src/config/config.js';
import type { BenchDatabase } from './support/bench-database.js';

const IDLE_TIMEOUT_MS = 30_000;

export interface Service {
  app: INestApplication;
  /** http://127.0.0.1:<port> when listening. */
  baseUrl?: string;
  /** Resolves once every request received has been answered: autocannon stops sending, the server goes on working. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole service in this process, as main.ts builds it, on a bench database: role `api` keeps
 * projection workers and seals from competing with what is measured; the rate limit is out of reach.
 */
export async function startService(database: BenchDatabase, role: ProcessRole, { listen }: { listen: boolean }): Promise<Service> {
  const dataDir = await mkdtemp(join(tmpdir(), 'trt-bench-'));
  const config = loadConfig({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    ROLE: role,
    RATE_LIMIT_PER_MINUTE: 'off',
    // Given, so a fresh database does not make the service print a generated one into the tables on stdout.
    BOOTSTRAP_ADMIN_TOKEN: `trt_bench-${randomBytes(24).toString('base64url')}`,
    // One key for every start on a bench database (an api and a worker share it); the data is thrown away.
    DATA_KEY: Buffer.alloc(32, 'bench').toString('base64'),
  });
  const app = await createApp(config, database.url);
  let baseUrl: string | undefined;
  const inFlight = new Set<ServerResponse>();
  if (listen) {
    await app.listen(0, '127.0.0.1');
    const server = app.getHttpServer() as Server;
    server.on('request', (_request, response: ServerResponse) => {
      inFlight.add(response);
      response.once('finish', () => inFlight.delete(response));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  } else {
    await app.init();
  }
  return {
    app,
    baseUrl,
    async idle() {
      const deadline = Date.now() + IDLE_TIMEOUT_MS;
      for (;;) {
        // writableEnded, not 'close' or 'finish': a socket the client dropped closes before the handler ends.
        for (const response of inFlight) if (response.writableEnded) inFlight.delete(response);
        if (inFlight.size === 0) return;
        if (Date.now() > deadline) throw new Error(`${inFlight.size} request(s) still unanswered ${IDLE_TIMEOUT_MS} ms after the load stopped`);
        await sleep(10);
      }
    },
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
