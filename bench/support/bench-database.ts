import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';

/** The local server of the dev machines; BENCH_DATABASE_ADMIN_URL points the benchmarks elsewhere. */
export const BENCH_ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  /** A new pool on this database, ended by close(); size it like the workload under test. */
  pool(max: number): pg.Pool;
  /** Ends every pool and drops the database. */
  close(): Promise<void>;
}

async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations, migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}

/** A fresh database on the configured server, migrated like production, dropped on close. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `trt_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${name}`;
  const pools: pg.Pool[] = [];
  const database: BenchDatabase = {
    name,
    url: url.toString(),
    pool(max) {
      const pool = new pg.Pool({ connectionString: url.toString(), max });
      // DROP DATABASE … WITH (FORCE) may still find backends shutting down.
      pool.on('error', () => undefined);
      pools.push(pool);
      return pool;
    },
    async close() {
      await Promise.allSettled(pools.splice(0).map((pool) => pool.end()));
      const client = new pg.Client({ connectionString: BENCH_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
  try {
    await migrate(database.url);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
