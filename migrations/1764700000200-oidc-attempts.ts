import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-ins under way at the organisation's OpenID provider: what the callback must check (state,
 * nonce, PKCE verifier), for ten minutes, once. Named by the digest of a cookie only that browser holds.
 */
export class OidcAttempts1764700000200 implements MigrationInterface {
  name = 'OidcAttempts1764700000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE oidc_attempts (
        id_digest text PRIMARY KEY,
        state text NOT NULL,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        return_to text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX oidc_attempts_expiry ON oidc_attempts (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE oidc_attempts`);
  }
}
