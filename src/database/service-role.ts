import type { DataSource } from 'typeorm';

/** Tables whose rows, once written, must never change: the service may only add to them and read them. */
export const APPEND_ONLY_TABLES = ['events', 'seals', 'seal_signing_keys'] as const;

/**
 * Gives the role the service runs as what it needs and no more, run by the owner after each
 * migration: every table's rows except the append-only ones (insert and read only) and the migration
 * record (read only); no TRUNCATE, no TRIGGER, no ownership, so it cannot disable the triggers that
 * keep history append-only. Tables the owner creates later (a projection rebuild's copies) get the
 * same by default privileges.
 */
export async function grantServiceRole(owner: DataSource, serviceRole: string, { queueOnPostgres }: { queueOnPostgres: boolean }): Promise<void> {
  const [{ role, database }] = (await owner.query(`SELECT format('%I', $1::text) AS role, format('%I', current_database()) AS database`, [serviceRole])) as {
    role: string;
    database: string;
  }[];
  const appendOnly = APPEND_ONLY_TABLES.join(', ');
  await owner.transaction(async (db) => {
    await db.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await db.query(`REVOKE ALL ON ${appendOnly}, migrations FROM ${role}`);
    await db.query(`GRANT SELECT, INSERT ON ${appendOnly} TO ${role}`);
    await db.query(`GRANT SELECT ON migrations TO ${role}`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`);
    // BullMQ's PostgreSQL backend creates and migrates its own schema at start, as the service.
    if (queueOnPostgres) await db.query(`GRANT CREATE ON DATABASE ${database} TO ${role}`);
  });
}
