import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where each projection stands in the log, and why it stopped when it did. */
export class Projections1764201800000 implements MigrationInterface {
  name = 'Projections1764201800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE projection_checkpoints (
        name                text PRIMARY KEY,
        last_position       bigint NOT NULL DEFAULT 0,
        last_transaction_id xid8 NOT NULL DEFAULT '0',
        updated_at          timestamptz NOT NULL DEFAULT now(),
        failed_position     bigint,
        failure             text,
        failed_at           timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE projection_checkpoints`);
  }
}
