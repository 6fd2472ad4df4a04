import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedPostgres } from './embedded-postgres.js';

describe('the embedded PostgreSQL behind its socket multiplexer', () => {
  let dataDir: string;
  let embedded: EmbeddedPostgres;
  let pool: pg.Pool;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'trt-embedded-'));
    embedded = await EmbeddedPostgres.start(dataDir);
    pool = new pg.Pool({ connectionString: embedded.url, max: 12 });
  });

  afterAll(async () => {
    await pool.end();
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  // pglite-socket's own queue interleaves Parse/Bind of different connections and fails this.
  it('keeps concurrent parameterized statements and transactions of many connections apart', async () => {
    await pool.query(`CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)`);
    await pool.query(`INSERT INTO counters SELECT g, 0 FROM generate_series(1, 12) g`);
    const work = Array.from({ length: 12 }, async (_, worker) => {
      for (let i = 0; i < 30; i++) {
        const echoed = await pool.query<{ v: string }>(`SELECT $1::text AS v`, [`w${worker}-${i}`]);
        expect(echoed.rows[0].v).toBe(`w${worker}-${i}`);
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const row = await client.query<{ n: number }>(`SELECT n FROM counters WHERE id = $1`, [worker + 1]);
          await client.query(`UPDATE counters SET n = $2 WHERE id = $1`, [worker + 1, row.rows[0].n + 1]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }
    });
    await Promise.all(work);
    const totals = await pool.query<{ n: number }>(`SELECT n FROM counters ORDER BY id`);
    expect(totals.rows.map((r) => r.n)).toEqual(Array(12).fill(30));
  });

  it('keeps its data across a restart', async () => {
    await pool.query(`CREATE TABLE kept (v text)`);
    await pool.query(`INSERT INTO kept VALUES ('still here')`);
    await pool.end();
    await embedded.stop();
    embedded = await EmbeddedPostgres.start(dataDir);
    pool = new pg.Pool({ connectionString: embedded.url, max: 12 });
    expect((await pool.query(`SELECT v FROM kept`)).rows).toEqual([{ v: 'still here' }]);
  });
});
