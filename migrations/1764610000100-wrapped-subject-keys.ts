import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-person keys are kept wrapped with a key-encryption key that never enters the database
 * (DATA_KEY). The service wraps the keys stored in clear before at its next start (this SQL cannot:
 * it has no key); `data_key` holds the fingerprint of the key in use, so a wrong one is refused.
 */
export class WrappedSubjectKeys1764610000100 implements MigrationInterface {
  name = 'WrappedSubjectKeys1764610000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE subject_keys
        ADD COLUMN wrapped_key bytea,
        ALTER COLUMN key DROP NOT NULL,
        ADD CONSTRAINT subject_keys_one_key CHECK ((key IS NULL) <> (wrapped_key IS NULL))`);
    await db.query(`
      CREATE TABLE data_key (
        id          boolean PRIMARY KEY DEFAULT true CHECK (id),
        fingerprint text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        rotated_at  timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    const wrapped = await db.query(`SELECT 1 FROM subject_keys WHERE wrapped_key IS NOT NULL LIMIT 1`);
    if (wrapped.length > 0) throw new Error('Personal-data keys are wrapped with DATA_KEY: SQL cannot unwrap them, so this migration cannot be reverted');
    await db.query(`DROP TABLE data_key`);
    await db.query(`ALTER TABLE subject_keys DROP CONSTRAINT subject_keys_one_key, ALTER COLUMN key SET NOT NULL, DROP COLUMN wrapped_key`);
  }
}
