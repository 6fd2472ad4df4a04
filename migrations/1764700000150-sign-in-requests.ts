import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Counters of sign-in e-mails asked for, per address digest and per client, shared by every instance. */
export class SignInRequests1764700000150 implements MigrationInterface {
  name = 'SignInRequests1764700000150';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sign_in_requests (
        key text PRIMARY KEY,
        window_started_at timestamptz NOT NULL,
        count integer NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sign_in_requests`);
  }
}
