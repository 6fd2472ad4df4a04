import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { runMigrationsExclusively } from './run-migrations.js';

describe('runMigrationsExclusively', () => {
  let db: TestDatabase;
  const dataSources: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });

  afterAll(async () => {
    await Promise.all(dataSources.map((d) => d.destroy()));
    await db.close();
  });

  it('lets four instances start at once on an empty database: each migration runs once, none fails', async () => {
    for (let i = 0; i < 4; i++) dataSources.push(await new DataSource({ type: 'postgres', url: db.url, migrations }).initialize());

    const applied = await Promise.all(dataSources.map((dataSource) => runMigrationsExclusively(dataSource)));

    expect(applied.flat().map((m) => m.name).sort()).toEqual(migrations.map((m) => m.name).sort());
    const recorded = await db.pool.query(`SELECT name FROM migrations`);
    expect(recorded.rows).toHaveLength(migrations.length);
  });
});
