import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { loadConfig } from '../config/config.js';
import { migrateAsOwner, runMigrationsExclusively } from '../database/run-migrations.js';
import { EmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { runCli } from './run-cli.js';

/**
 * `npm run migration:run` (and `-- --revert` to undo the last one), on DATABASE_URL or the embedded
 * database; as DATABASE_MIGRATION_URL's owner when set, who then grants DATABASE_URL's role its rights.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.databaseMigrationUrl && !process.argv.includes('--revert')) {
    const applied = await migrateAsOwner(config.databaseMigrationUrl, config.databaseUrl!, { queueOnPostgres: config.redisUrl === undefined });
    console.log(applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'The database is up to date');
    return;
  }
  const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start(config.dataDir, 'npm run migration:run');
  const dataSource = new DataSource({
    type: 'postgres',
    url: config.databaseMigrationUrl ?? config.databaseUrl ?? embedded!.url,
    migrations,
  });
  await dataSource.initialize();
  try {
    if (process.argv.includes('--revert')) {
      await dataSource.undoLastMigration();
      console.log('Reverted the last migration');
    } else {
      const applied = await runMigrationsExclusively(dataSource);
      console.log(applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'The database is up to date');
    }
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

runCli(main);
