import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seals signed with Ed25519 (every public key kept, append-only, so rotated keys still verify) and
 * a cursor per witness: the last seal each outside copy has received.
 */
export class SignedSeals1764617000000 implements MigrationInterface {
  name = 'SignedSeals1764617000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE seal_signing_keys (
        key_id        text PRIMARY KEY,
        algorithm     text NOT NULL CHECK (algorithm = 'Ed25519'),
        public_key    text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TRIGGER seal_signing_keys_append_only BEFORE UPDATE OR DELETE ON seal_signing_keys
        FOR EACH ROW EXECUTE FUNCTION reject_history_rewrite()`);
    await db.query(`
      CREATE TRIGGER seal_signing_keys_no_truncate BEFORE TRUNCATE ON seal_signing_keys
        FOR EACH STATEMENT EXECUTE FUNCTION reject_history_rewrite()`);
    // Seals written before this migration keep no signature: they stay valid, unsigned.
    await db.query(`
      ALTER TABLE seals
        ADD COLUMN signature text,
        ADD COLUMN key_id text REFERENCES seal_signing_keys (key_id),
        ADD CONSTRAINT seals_signature_with_key CHECK ((signature IS NULL) = (key_id IS NULL))`);
    await db.query(`
      CREATE TABLE seal_witness_cursors (
        witness_id       text PRIMARY KEY,
        last_seal_number bigint NOT NULL DEFAULT 0,
        failures         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        last_error       text,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE seal_witness_cursors`);
    await db.query(`ALTER TABLE seals DROP CONSTRAINT seals_signature_with_key, DROP COLUMN key_id, DROP COLUMN signature`);
    await db.query(`DROP TABLE seal_signing_keys`);
  }
}
