import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When each feed key was last used, so a leaked one can be told apart from the keys in use. */
export class FeedKeyLastUse1764614000000 implements MigrationInterface {
  name = 'FeedKeyLastUse1764614000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE feed_keys ADD COLUMN last_used_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE feed_keys DROP COLUMN last_used_at`);
  }
}
