import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency records get a claim token (only the claimant may record the reply) and an expiry: the
 * lease of a claim in progress, then how long a reply is kept. Secrets leave the stored replies.
 */
export class IdempotencyLeases1764610000000 implements MigrationInterface {
  name = 'IdempotencyLeases1764610000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE idempotency_records
        ADD COLUMN claim_token uuid NOT NULL DEFAULT gen_random_uuid(),
        ADD COLUMN expires_at timestamptz`);
    // A claim from before has no holder left to wait for: it expires at once.
    await db.query(`
      UPDATE idempotency_records
      SET expires_at = CASE WHEN status IS NULL THEN created_at ELSE coalesce(completed_at, created_at) + interval '24 hours' END`);
    await db.query(`ALTER TABLE idempotency_records ALTER COLUMN expires_at SET NOT NULL, ALTER COLUMN claim_token DROP DEFAULT`);
    await db.query(`CREATE INDEX idempotency_records_expiry ON idempotency_records (expires_at)`);
    await db.query(`UPDATE idempotency_records SET body = body - 'secret' WHERE jsonb_typeof(body) = 'object' AND body ? 'secret'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX idempotency_records_expiry`);
    await db.query(`ALTER TABLE idempotency_records DROP COLUMN expires_at, DROP COLUMN claim_token`);
  }
}
