import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API tokens (hashed), idempotency records of writes, and the per-subject keys of personal data. */
export class WriteSide1764201700000 implements MigrationInterface {
  name = 'WriteSide1764201700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_tokens (
        id           uuid PRIMARY KEY,
        name         text NOT NULL,
        role         text NOT NULL CHECK (role IN ('viewer', 'editor', 'auditor', 'admin')),
        token_hash   text NOT NULL UNIQUE,
        created_at   timestamptz NOT NULL DEFAULT now(),
        created_by   text,
        revoked_at   timestamptz,
        last_used_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE idempotency_records (
        actor_id        text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash    text NOT NULL,
        status          integer,
        headers         jsonb,
        body            jsonb,
        created_at      timestamptz NOT NULL DEFAULT now(),
        completed_at    timestamptz,
        PRIMARY KEY (actor_id, idempotency_key)
      )`);
    // Deleting a row here is the erasure: without its key, the encrypted address cannot be read.
    await db.query(`
      CREATE TABLE subject_keys (
        subject_id     uuid PRIMARY KEY,
        address_digest text NOT NULL UNIQUE,
        key            bytea NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE subject_keys`);
    await db.query(`DROP TABLE idempotency_records`);
    await db.query(`DROP TABLE api_tokens`);
  }
}
