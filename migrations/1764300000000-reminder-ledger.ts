import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The reminder ledger and what it is planned from; a projection of the log, rebuildable like the read models. */
export class ReminderLedger1764300000000 implements MigrationInterface {
  name = 'ReminderLedger1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reminder_deadlines (
        process_id     uuid NOT NULL,
        deadline_id    uuid NOT NULL,
        due_at         timestamptz NOT NULL,
        timezone       text NOT NULL,
        remind_before  text[] NOT NULL,
        notify_overdue boolean NOT NULL,
        status         text NOT NULL CHECK (status IN ('open', 'met', 'cancelled')),
        PRIMARY KEY (process_id, deadline_id)
      )`);
    await db.query(`
      CREATE TABLE reminder_subscriptions (
        process_id      uuid NOT NULL,
        subscription_id uuid NOT NULL,
        channel         text NOT NULL,
        -- Encrypted as in the event (EncryptedValue): erasing the subject's key makes them unreadable here too.
        address         jsonb NOT NULL,
        secret          jsonb,
        language        text NOT NULL,
        timezone        text,
        active          boolean NOT NULL,
        PRIMARY KEY (process_id, subscription_id)
      )`);
    await db.query(`
      CREATE TABLE reminder_ledger (
        id              uuid PRIMARY KEY,
        process_id      uuid NOT NULL,
        deadline_id     uuid NOT NULL,
        subscription_id uuid NOT NULL,
        channel         text NOT NULL,
        reminder_offset text NOT NULL,
        due_at          timestamptz NOT NULL,
        deadline_due_at timestamptz NOT NULL,
        status          text NOT NULL CHECK (status IN ('planned', 'queued', 'sent', 'failed', 'skipped')),
        attempts        integer NOT NULL DEFAULT 0,
        last_error      text,
        sent_at         timestamptz,
        late            boolean NOT NULL DEFAULT false,
        claimed_until   timestamptz,
        planned_at      timestamptz NOT NULL,
        UNIQUE (deadline_id, reminder_offset, subscription_id, due_at)
      )`);
    await db.query(`CREATE INDEX reminder_ledger_pending_idx ON reminder_ledger (due_at) WHERE status IN ('planned', 'queued')`);
    await db.query(`CREATE INDEX reminder_ledger_deadline_idx ON reminder_ledger (process_id, deadline_id)`);
    await db.query(`CREATE INDEX reminder_ledger_subscription_idx ON reminder_ledger (subscription_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE reminder_ledger`);
    await db.query(`DROP TABLE reminder_subscriptions`);
    await db.query(`DROP TABLE reminder_deadlines`);
  }
}
