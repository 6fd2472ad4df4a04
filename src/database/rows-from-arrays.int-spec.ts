import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { arrayColumns, rowsFromArrays } from './rows-from-arrays.js';

const COLUMNS = arrayColumns({
  id: 'integer',
  title: 'text',
  processId: 'uuid',
  occurredOn: 'date',
  at: 'timestamptz',
  confirmed: 'boolean',
  tags: 'text[]',
  blocks: 'integer[]',
});

type Row = { id: number; title: string | null; processId: string; occurredOn: string; at: string | Date | null; confirmed: boolean; tags: string[]; blocks: number[] };

describe('rowsFromArrays', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });

  afterAll(async () => {
    await db.close();
  });

  const roundTrip = async (rows: Row[]) => {
    const { source, params } = rowsFromArrays(COLUMNS, rows, 'r', 2);
    const result = await db.pool.query(
      `SELECT r.id, r.title, r."processId"::text, to_char(r."occurredOn", 'YYYY-MM-DD') AS "occurredOn",
              to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, r.confirmed, r.tags, r.blocks, $1::text AS first
       FROM ${source} ORDER BY r.id`,
      ['the first parameter is the caller\'s', ...params],
    );
    return result.rows;
  };

  it('reads back every value as it was sent, whatever characters it holds', async () => {
    const awkward = ['quote " and backslash \\', 'comma, {braces} and "NULL"', 'NULL', '', 'tab\tnew\nline', 'Réunion — «consultation» 協議'];
    const rows: Row[] = awkward.map((title, i) => ({
      id: i + 1,
      title,
      processId: `00000000-0000-4000-8000-00000000000${i}`,
      occurredOn: `2020-0${i + 1}-15`,
      at: i % 2 === 0 ? `2020-0${i + 1}-15T10:00:00.123Z` : new Date(Date.UTC(2020, i, 15, 10, 0, 0, 123)),
      confirmed: i % 2 === 0,
      tags: [title, 'states', ''],
      blocks: [i + 1, 7],
    }));

    const found = await roundTrip(rows);

    expect(found).toEqual(
      rows.map((row) => ({
        ...row,
        at: row.at instanceof Date ? row.at.toISOString() : row.at,
        first: "the first parameter is the caller's",
      })),
    );
  });

  it('sends nulls as nulls, empty arrays as empty, and no rows as none', async () => {
    const row: Row = { id: 1, title: null, processId: '00000000-0000-4000-8000-000000000001', occurredOn: '2020-10-24', at: null, confirmed: false, tags: [], blocks: [] };

    expect(await roundTrip([row])).toEqual([{ ...row, first: "the first parameter is the caller's" }]);
    expect(await roundTrip([])).toEqual([]);
  });
});
