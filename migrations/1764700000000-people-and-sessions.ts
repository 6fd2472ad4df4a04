import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What signing in needs beside the log: single-use links (stored as digests), server-side
 * sessions, and the owner of each API token. People themselves are events.
 */
export class PeopleAndSessions1764700000000 implements MigrationInterface {
  name = 'PeopleAndSessions1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sign_in_links (
        token_digest text PRIMARY KEY,
        purpose text NOT NULL CHECK (purpose IN ('sign-in', 'invitation', 'first-admin')),
        person_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query(`CREATE INDEX sign_in_links_person ON sign_in_links (person_id)`);
    await db.query(`
      CREATE TABLE sessions (
        id_digest text PRIMARY KEY,
        person_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await db.query(`CREATE INDEX sessions_person ON sessions (person_id)`);
    await db.query(`ALTER TABLE api_tokens ADD COLUMN person_id uuid`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_tokens DROP COLUMN person_id`);
    await db.query(`DROP TABLE sessions`);
    await db.query(`DROP TABLE sign_in_links`);
  }
}
