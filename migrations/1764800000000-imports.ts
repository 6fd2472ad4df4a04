import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spreadsheet imports between preview and apply: operational state, not history. Each row as it was
 * read and classified against the process at `checked_version`; the events an apply writes are the record.
 * A preview is written in short transactions while it is `reading`, never one held open for an upload:
 * an open writing transaction would hold back the horizon every reader of the log waits for.
 */
export class Imports1764800000000 implements MigrationInterface {
  name = 'Imports1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE imports (
        import_id uuid PRIMARY KEY,
        process_id uuid NOT NULL,
        file_name text NOT NULL,
        file_digest text NOT NULL,
        uploaded_by text NOT NULL,
        checked_version integer NOT NULL,
        header_language text NOT NULL,
        columns jsonb NOT NULL,
        counts jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('reading', 'previewed', 'applying', 'applied')),
        rows_total integer NOT NULL,
        rows_done integer NOT NULL DEFAULT 0,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX imports_expiry ON imports (expires_at)`);
    await db.query(`
      CREATE TABLE import_rows (
        import_id uuid NOT NULL REFERENCES imports (import_id) ON DELETE CASCADE,
        row_number integer NOT NULL,
        target text NOT NULL CHECK (target IN ('milestone', 'deadline')),
        status text NOT NULL CHECK (status IN ('new', 'unchanged', 'changed', 'refused')),
        record_id text,
        fields jsonb,
        changed_fields jsonb NOT NULL DEFAULT '[]',
        errors jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (import_id, row_number)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE import_rows`);
    await db.query(`DROP TABLE imports`);
  }
}
