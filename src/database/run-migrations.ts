import type { DataSource, Migration } from 'typeorm';
import { ADVISORY_LOCKS } from './advisory-locks.js';

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
