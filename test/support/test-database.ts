import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { runMigrationsExclusively } from '../../src/database/run-migrations.js';
import { EmbeddedPostgres } from '../../src/embedded/embedded-postgres.js';

/** The local server of the dev machines and CI; override to point the tests elsewhere. */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  /** Runs SQL as a superuser (tests that tamper with history on purpose). */
  admin: pg.Pool;
  close(): Promise<void>;
}

export async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations });
  await dataSource.initialize();
  try {
    await runMigrationsExclusively(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** A fresh database on the real PostgreSQL server, migrated unless asked not to, dropped on close. */
export async function createTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  const name = `trt_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: ADMIN_DATABASE_URL, max: 2 });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  if (migrated) await migrate(url.toString());
  const pool = new pg.Pool({ connectionString: url.toString(), max: 60 });
  // DROP DATABASE … WITH (FORCE) at close may still find backends that are shutting down.
  pool.on('error', () => undefined);
  return {
    url: url.toString(),
    pool,
    admin: pool,
    async close() {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** A fresh, migrated embedded PostgreSQL (PGlite behind its socket multiplexer) in a temp folder. */
export async function createEmbeddedTestDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'trt-embedded-'));
  const embedded = await EmbeddedPostgres.start(dataDir, 'a test');
  await migrate(embedded.url);
  const pool = new pg.Pool({ connectionString: embedded.url, max: 10 });
  return {
    url: embedded.url,
    pool,
    admin: pool,
    async close() {
      await pool.end();
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
