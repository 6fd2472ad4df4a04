import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { ADMIN_DATABASE_URL } from '../../test/support/test-database.js';
import { runMigrationsExclusively } from './run-migrations.js';

describe('runMigrationsExclusively', () => {
  const admin = new pg.Pool({ connectionString: ADMIN_DATABASE_URL, max: 2 });
  const name = `trt_test_migrate_${randomBytes(6).toString('hex')}`;
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  const dataSources: DataSource[] = [];

  beforeAll(async () => {
    await admin.query(`CREATE DATABASE ${name}`);
  });

  afterAll(async () => {
    await Promise.all(dataSources.map((d) => d.destroy()));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('lets four instances start at once on an empty database: each migration runs once, none fails', async () => {
    for (let i = 0; i < 4; i++) dataSources.push(await new DataSource({ type: 'postgres', url: url.toString(), migrations }).initialize());

    const applied = await Promise.all(dataSources.map((dataSource) => runMigrationsExclusively(dataSource)));

    expect(applied.flat().map((m) => m.name).sort()).toEqual(migrations.map((m) => m.name).sort());
    const recorded = await dataSources[0].query(`SELECT name FROM migrations`);
    expect(recorded).toHaveLength(migrations.length);
  });
});
