import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The read models: derived from the log, rebuildable at any time (npm run projections:rebuild). */
export class ReadModels1764201900000 implements MigrationInterface {
  name = 'ReadModels1764201900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE processes (
        process_id       uuid PRIMARY KEY,
        title            text NOT NULL,
        mandate          text,
        description      text,
        review_due_at    text,
        timezone         text NOT NULL,
        opened_at        timestamptz NOT NULL,
        opened_by        text NOT NULL,
        version          bigint NOT NULL,
        last_recorded_at timestamptz NOT NULL,
        last_position    bigint NOT NULL
      )`);
    await db.query(`
      CREATE TABLE timeline_milestones (
        process_id       uuid NOT NULL,
        milestone_id     uuid NOT NULL,
        kind             text NOT NULL,
        title            text NOT NULL,
        title_fr         text,
        title_es         text,
        occurred_on      date NOT NULL,
        ends_on          date,
        stakeholders     text[] NOT NULL,
        building_blocks  integer[] NOT NULL,
        location         text,
        source_url       text,
        source_symbol    text,
        visibility       text NOT NULL,
        notes            text,
        confirmed        boolean NOT NULL DEFAULT true,
        retracted        boolean NOT NULL DEFAULT false,
        retraction_reason text,
        logged_at        timestamptz NOT NULL,
        logged_by        text NOT NULL,
        corrected_at     timestamptz,
        last_position    bigint NOT NULL,
        search           tsvector NOT NULL,
        PRIMARY KEY (process_id, milestone_id)
      )`);
    // Cursor pagination walks (occurred_on, milestone_id) within a process.
    await db.query(`CREATE INDEX timeline_milestones_order_idx ON timeline_milestones (process_id, occurred_on, milestone_id) WHERE NOT retracted`);
    await db.query(`CREATE INDEX timeline_milestones_search_idx ON timeline_milestones USING gin (search)`);
    await db.query(`
      CREATE TABLE block_assessments (
        process_id     uuid NOT NULL,
        assessment_id  uuid NOT NULL,
        building_block integer NOT NULL CHECK (building_block BETWEEN 1 AND 7),
        rating         text NOT NULL,
        rationale      text NOT NULL,
        evidence       uuid[] NOT NULL,
        assessed_at    timestamptz NOT NULL,
        assessed_by    text NOT NULL,
        position       bigint NOT NULL,
        PRIMARY KEY (process_id, assessment_id)
      )`);
    await db.query(`CREATE INDEX block_assessments_block_idx ON block_assessments (process_id, building_block, position)`);
    await db.query(`
      CREATE TABLE deadlines (
        process_id     uuid NOT NULL,
        deadline_id    uuid NOT NULL,
        title          text NOT NULL,
        kind           text NOT NULL,
        due_at         timestamptz NOT NULL,
        due_at_given   text NOT NULL,
        timezone       text NOT NULL,
        remind_before  text[] NOT NULL,
        notify_overdue boolean NOT NULL,
        status         text NOT NULL CHECK (status IN ('open', 'met', 'cancelled')),
        status_reason  text,
        moves          jsonb NOT NULL DEFAULT '[]',
        set_at         timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL,
        last_position  bigint NOT NULL,
        PRIMARY KEY (process_id, deadline_id)
      )`);
    await db.query(`CREATE INDEX deadlines_due_idx ON deadlines (process_id, due_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE deadlines`);
    await db.query(`DROP TABLE block_assessments`);
    await db.query(`DROP TABLE timeline_milestones`);
    await db.query(`DROP TABLE processes`);
  }
}
