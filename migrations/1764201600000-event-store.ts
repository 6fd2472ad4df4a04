import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The event store: streams, the append-only events table, and the seals over the global log. */
export class EventStore1764201600000 implements MigrationInterface {
  name = 'EventStore1764201600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE streams (
        stream_id  text PRIMARY KEY,
        version    bigint NOT NULL CHECK (version >= 0),
        last_hash  text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE events (
        position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_id      text NOT NULL,
        version        bigint NOT NULL CHECK (version >= 1),
        event_id       uuid NOT NULL,
        type           text NOT NULL,
        schema_version integer NOT NULL DEFAULT 1,
        data           jsonb NOT NULL,
        metadata       jsonb NOT NULL,
        recorded_at    timestamptz NOT NULL,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        hash           text NOT NULL,
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, version),
        CONSTRAINT events_event_id_key UNIQUE (event_id)
      )`);
    // readAll delivers in (transaction_id, position) order: a reader never passes a late committer.
    await db.query(`CREATE INDEX events_transaction_position_idx ON events (transaction_id, position)`);
    await db.query(`CREATE INDEX events_recorded_at_idx ON events (recorded_at)`);
    await db.query(`CREATE INDEX events_type_idx ON events (type)`);

    await db.query(`
      CREATE FUNCTION reject_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the % table is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION reject_history_rewrite()`);
    await db.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION reject_history_rewrite()`);

    await db.query(`
      CREATE FUNCTION notify_events_appended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('events_appended', '');
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER events_notify AFTER INSERT ON events
        FOR EACH STATEMENT EXECUTE FUNCTION notify_events_appended()`);

    await db.query(`
      CREATE TABLE seals (
        seal_number         bigint PRIMARY KEY,
        first_position      bigint NOT NULL,
        last_position       bigint NOT NULL,
        last_transaction_id xid8 NOT NULL,
        event_count         integer NOT NULL CHECK (event_count > 0),
        previous_digest     text NOT NULL,
        digest              text NOT NULL,
        sealed_at           timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TRIGGER seals_append_only BEFORE UPDATE OR DELETE ON seals
        FOR EACH ROW EXECUTE FUNCTION reject_history_rewrite()`);
    await db.query(`
      CREATE TRIGGER seals_no_truncate BEFORE TRUNCATE ON seals
        FOR EACH STATEMENT EXECUTE FUNCTION reject_history_rewrite()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE seals`);
    await db.query(`DROP TABLE events`);
    await db.query(`DROP TABLE streams`);
    await db.query(`DROP FUNCTION notify_events_appended()`);
    await db.query(`DROP FUNCTION reject_history_rewrite()`);
  }
}
