import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { catchUpTo } from '../../../test/support/catch-up-to.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { EventStore } from '../../event-store/event-store.js';
import type { EventMetadata } from '../../event-store/event-store.types.js';
import type { ProcessEvent } from '../../processes/domain/process.events.js';
import {
  aDeadlineSet,
  aMilestoneCorrected,
  aMilestoneLogged,
  aMilestoneRetracted,
  aProcessOpened,
} from '../../processes/domain/testing/process-builders.js';
import { processStreamId } from '../../processes/process-stream.js';
import { catchUp } from '../catch-up.js';
import { TimelineProjection } from './timeline.projection.js';

const metadata: EventMetadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' }, correlationId: 'request-1' };

describe('TimelineProjection', () => {
  let db: TestDatabase;
  let store: EventStore;
  const projection = new TimelineProjection();

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.pool);
  });

  afterAll(async () => {
    await db.close();
  });

  async function append(processId: string, events: ProcessEvent[]): Promise<void> {
    await store.appendToStream(processStreamId(processId), events, { expectedVersion: 'any' }, metadata);
  }

  async function project(batchSize?: number): Promise<void> {
    await catchUpTo(projection, db, store, await store.headPosition(), batchSize);
  }

  async function openProcess(): Promise<string> {
    const processId = randomUUID();
    await append(processId, [aProcessOpened({ processId })]);
    return processId;
  }

  async function rowOf(processId: string, milestoneId: string, table = 'timeline_milestones') {
    const result = await db.pool.query(
      `SELECT kind, title, title_fr, title_es, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
              stakeholders, building_blocks, location, source_url, source_symbol, visibility, notes, confirmed, retracted,
              retraction_reason, logged_at, logged_by, corrected_at, last_position::int AS last_position
       FROM ${table} WHERE process_id = $1 AND milestone_id = $2`,
      [processId, milestoneId],
    );
    return result.rows[0];
  }

  async function matches(processId: string, query: string): Promise<string[]> {
    const result = await db.pool.query<{ milestone_id: string }>(
      `SELECT milestone_id FROM timeline_milestones WHERE process_id = $1 AND search @@ websearch_to_tsquery('simple', $2)`,
      [processId, query],
    );
    return result.rows.map((r) => r.milestone_id);
  }

  it('inserts a logged milestone with its fields, who logged it and when', async () => {
    const processId = await openProcess();
    const milestoneId = randomUUID();
    await append(processId, [
      aMilestoneLogged({
        milestoneId,
        endsOn: '2020-08-29',
        location: 'Geneva',
        source: { url: 'https://undocs.org/A/75/601', symbol: 'A/75/601' },
        notes: 'Hybrid format',
        translations: { fr: { title: 'Consultations de Genève' }, es: { title: 'Consultas de Ginebra' } },
      }),
    ]);
    await project();

    const [event] = (await store.readStream(processStreamId(processId))).slice(-1);
    expect(await rowOf(processId, milestoneId)).toEqual({
      kind: 'consultation',
      title: 'Geneva consultations',
      title_fr: 'Consultations de Genève',
      title_es: 'Consultas de Ginebra',
      occurred_on: '2020-08-28',
      ends_on: '2020-08-29',
      stakeholders: ['States', 'CivilSociety'],
      building_blocks: [1],
      location: 'Geneva',
      source_url: 'https://undocs.org/A/75/601',
      source_symbol: 'A/75/601',
      visibility: 'public',
      notes: 'Hybrid format',
      confirmed: true,
      retracted: false,
      retraction_reason: null,
      logged_at: event.recordedAt,
      logged_by: 'ISHR team',
      corrected_at: null,
      last_position: event.position,
    });
    for (const text of ['consultations', 'Ginebra', 'genève', 'hybrid', 'A/75/601', 'geneva hybrid']) {
      expect(await matches(processId, text)).toEqual([milestoneId]);
    }
    expect(await matches(processId, 'Nairobi')).toEqual([]);
  });

  it('merges corrections, clears optional fields given null, and re-indexes the text', async () => {
    const processId = await openProcess();
    const milestoneId = randomUUID();
    await append(processId, [
      aMilestoneLogged({ milestoneId, location: 'Geneva', endsOn: '2020-08-30', source: { symbol: 'A/75/601' }, translations: { fr: { title: 'Consultations' } } }),
    ]);
    await project();
    // A later batch: the row must come from the table, not from the batch.
    await append(processId, [
      aMilestoneCorrected({ milestoneId, changes: { title: 'New York consultations', location: null, endsOn: null }, reason: 'wrong city' }),
      aMilestoneCorrected({ milestoneId, changes: { source: null, translations: { es: { title: 'Consultas de Nueva York' } }, confirmed: false }, reason: 'pending' }),
    ]);
    await project();

    const events = await store.readStream(processStreamId(processId));
    const last = events[events.length - 1];
    expect(await rowOf(processId, milestoneId)).toMatchObject({
      title: 'New York consultations',
      title_fr: null,
      title_es: 'Consultas de Nueva York',
      occurred_on: '2020-08-28',
      ends_on: null,
      location: null,
      source_url: null,
      source_symbol: null,
      stakeholders: ['States', 'CivilSociety'],
      confirmed: false,
      corrected_at: last.recordedAt,
      last_position: last.position,
      logged_at: events[1].recordedAt,
    });
    expect(await matches(processId, 'York')).toEqual([milestoneId]);
    expect(await matches(processId, 'Nueva')).toEqual([milestoneId]);
    expect(await matches(processId, 'Geneva')).toEqual([]);
    expect(await matches(processId, 'A/75/601')).toEqual([]);
  });

  it('keeps a retracted milestone as a flagged row with the reason', async () => {
    const processId = await openProcess();
    const milestoneId = randomUUID();
    await append(processId, [aMilestoneLogged({ milestoneId, visibility: 'confidential' })]);
    await project();
    await append(processId, [aMilestoneRetracted({ milestoneId, reason: 'logged twice' })]);
    await project();

    expect(await rowOf(processId, milestoneId)).toMatchObject({ retracted: true, retraction_reason: 'logged twice', visibility: 'confidential', title: 'Geneva consultations' });
  });

  it('ignores events that are not about milestones', async () => {
    const processId = await openProcess();
    await append(processId, [aDeadlineSet({ deadlineId: randomUUID() })]);
    await project();
    const result = await db.pool.query(`SELECT count(*)::int AS n FROM timeline_milestones WHERE process_id = $1`, [processId]);
    expect(result.rows[0].n).toBe(0);
  });

  it('is idempotent: a second catch-up applies nothing and changes nothing', async () => {
    await project();
    const before = await db.pool.query(`SELECT * FROM timeline_milestones ORDER BY process_id, milestone_id`);
    expect(await catchUp(projection, db.pool, store)).toBe(0);
    const after = await db.pool.query(`SELECT * FROM timeline_milestones ORDER BY process_id, milestone_id`);
    expect(after.rows).toEqual(before.rows);
  });

  it('builds the same table whatever the batch size (a rebuild equals the live table)', async () => {
    const processId = await openProcess();
    const ids = Array.from({ length: 6 }, () => randomUUID());
    await append(processId, ids.map((milestoneId, i) => aMilestoneLogged({ milestoneId, occurredOn: `2020-0${i + 1}-15`, title: `Meeting ${i}` })));
    await append(processId, [
      aMilestoneCorrected({ milestoneId: ids[0], changes: { title: 'Meeting zero' } }),
      aMilestoneRetracted({ milestoneId: ids[1] }),
      aMilestoneCorrected({ milestoneId: ids[2], changes: { notes: 'Minutes online', visibility: 'internal' } }),
      aMilestoneCorrected({ milestoneId: ids[2], changes: { notes: null } }),
      aMilestoneCorrected({ milestoneId: ids[3], changes: { occurredOn: '2019-12-31' } }),
      aMilestoneRetracted({ milestoneId: ids[3] }),
    ]);
    await project();
    const snapshot = async () => (await db.pool.query(`SELECT * FROM timeline_milestones ORDER BY process_id, milestone_id`)).rows;
    const live = await snapshot();

    for (const batchSize of [1, 3]) {
      await db.pool.query(`TRUNCATE timeline_milestones`);
      await db.pool.query(`DELETE FROM projection_checkpoints WHERE name = $1`, [projection.name]);
      await project(batchSize);
      expect(await snapshot()).toEqual(live);
    }
  });

  it('writes a whole batch with at most two statements, into the table the context names', async () => {
    const processId = await openProcess();
    const logged = Array.from({ length: 50 }, () => randomUUID());
    await append(processId, logged.map((milestoneId) => aMilestoneLogged({ milestoneId })));
    await project();
    const fresh = randomUUID();
    await append(processId, [
      ...logged.map((milestoneId) => aMilestoneCorrected({ milestoneId, changes: { title: 'Corrected in a copy' } })),
      aMilestoneLogged({ milestoneId: fresh }),
      aMilestoneRetracted({ milestoneId: fresh }),
    ]);
    const events = (await store.readStream(processStreamId(processId))).slice(-52);

    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`CREATE TABLE timeline_milestones_copy (LIKE timeline_milestones INCLUDING ALL)`);
      await client.query(`INSERT INTO timeline_milestones_copy SELECT * FROM timeline_milestones WHERE process_id = $1`, [processId]);
      const statements: string[] = [];
      const counting = new Proxy(client, {
        get: (target, property) =>
          property === 'query'
            ? (...args: Parameters<PoolClient['query']>) => {
                statements.push(String(args[0]));
                return (target.query as (...a: unknown[]) => unknown)(...args);
              }
            : Reflect.get(target, property),
      });
      await projection.apply(events, { client: counting, table: (name) => `${name}_copy` });

      expect(statements).toHaveLength(2);
      expect(statements.every((sql) => sql.includes('timeline_milestones_copy'))).toBe(true);
      const copy = await client.query(
        `SELECT count(*) FILTER (WHERE title = 'Corrected in a copy')::int AS corrected, bool_and(retracted) FILTER (WHERE milestone_id = $2) AS retracted
         FROM timeline_milestones_copy WHERE process_id = $1`,
        [processId, fresh],
      );
      expect(copy.rows[0]).toEqual({ corrected: 50, retracted: true });
      const live = await client.query(`SELECT count(*)::int AS n FROM timeline_milestones WHERE process_id = $1 AND title = 'Corrected in a copy'`, [processId]);
      expect(live.rows[0].n).toBe(0);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
