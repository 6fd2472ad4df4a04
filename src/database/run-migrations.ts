import pg from 'pg';
import { DataSource, type Migration } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { ADVISORY_LOCKS } from './advisory-locks.js';
import { grantServiceRole } from './service-role.js';

/**
 * Runs the pending migrations, each in its own transaction, under a PostgreSQL advisory lock:
 * TypeORM takes none, so two instances starting on an empty database would create the same tables
 * at once and one of them would fail.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1, $2)', [...ADVISORY_LOCKS.migrations]);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lockHolder.query('SELECT pg_advisory_unlock($1, $2)', [...ADVISORY_LOCKS.migrations]);
    }
  } finally {
    await lockHolder.release();
  }
}

/**
 * Migrations as the owner (DATABASE_MIGRATION_URL), who then grants the role the service connects
 * as (DATABASE_URL) the least it needs: that role never owns the tables, so it cannot disable the
 * triggers that keep history append-only.
 */
export async function migrateAsOwner(migrationUrl: string, serviceUrl: string, options: { queueOnPostgres: boolean }): Promise<Migration[]> {
  const owner = await new DataSource({ type: 'postgres', url: migrationUrl, migrations }).initialize();
  try {
    const applied = await runMigrationsExclusively(owner);
    const [{ role: ownerRole }] = (await owner.query(`SELECT current_user AS role`)) as { role: string }[];
    const service = new pg.Client({ connectionString: serviceUrl });
    await service.connect();
    const serviceRole = (await service.query<{ role: string }>(`SELECT current_user AS role`).finally(() => service.end())).rows[0].role;
    if (serviceRole !== ownerRole) await grantServiceRole(owner, serviceRole, options);
    return applied;
  } finally {
    await owner.destroy();
  }
}
