import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Keys of the calendar feeds: only their sha256 is kept, the key itself is shown once. */
export class FeedKeys1764400000000 implements MigrationInterface {
  name = 'FeedKeys1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE feed_keys (
        key_id     uuid PRIMARY KEY,
        process_id uuid NOT NULL,
        label      text NOT NULL,
        key_hash   text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX feed_keys_process_idx ON feed_keys (process_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE feed_keys`);
  }
}
