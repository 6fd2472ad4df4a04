import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people read model: one row per person (the address only as the encrypted value of their
 * event, readable while their key lives) and the roles processes give them.
 */
export class PeopleReadModel1764700000100 implements MigrationInterface {
  name = 'PeopleReadModel1764700000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE people (
        person_id uuid PRIMARY KEY,
        subject_id uuid NOT NULL,
        email jsonb NOT NULL,
        display_name text NOT NULL,
        language text NOT NULL,
        status text NOT NULL CHECK (status IN ('invited', 'active', 'deactivated')),
        role text NOT NULL,
        invited_at timestamptz NOT NULL,
        joined_at timestamptz,
        deactivated_at timestamptz
      )`);
    await db.query(`CREATE INDEX people_invited_at ON people (invited_at, person_id)`);
    await db.query(`
      CREATE TABLE person_process_roles (
        person_id uuid NOT NULL,
        process_id uuid NOT NULL,
        role text NOT NULL,
        PRIMARY KEY (person_id, process_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE person_process_roles`);
    await db.query(`DROP TABLE people`);
  }
}
