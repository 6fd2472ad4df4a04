import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A transaction that sends NOTIFY takes a cluster-wide lock through its commit, so a NOTIFY per
 * append queued every commit behind one fsync at a time. Appends no longer notify; the app sends
 * one coalesced NOTIFY after its appends commit (AppendNotifier).
 */
export class NotifyOutsideAppends1764202000000 implements MigrationInterface {
  name = 'NotifyOutsideAppends1764202000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER events_notify ON events`);
    await db.query(`DROP FUNCTION notify_events_appended()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION notify_events_appended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('events_appended', '');
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION notify_events_appended()`);
  }
}
