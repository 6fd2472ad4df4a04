import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataDirectoryInUse } from './data-directory-lock.js';
import { EmbeddedPostgres, PASSWORD_FILE } from './embedded-postgres.js';

/** What a client that skips authentication gets: a startup message, then a query at once, everything read until the server closes. */
async function answerToQueryWithoutAuthentication(url: URL): Promise<string> {
  const parameters = Buffer.from('user\0postgres\0database\0postgres\0\0');
  const startup = Buffer.alloc(8 + parameters.length);
  startup.writeInt32BE(startup.length, 0);
  startup.writeInt32BE(196608, 4);
  parameters.copy(startup, 8);
  const sql = Buffer.from("SELECT 'leaked'\0");
  const query = Buffer.alloc(5 + sql.length);
  query.write('Q', 0);
  query.writeInt32BE(4 + sql.length, 1);
  sql.copy(query, 5);
  const socket = connect(Number(url.port), url.hostname);
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  socket.on('connect', () => socket.write(Buffer.concat([startup, query])));
  await new Promise((resolve) => socket.on('close', resolve));
  return received;
}

/** Every path under a directory with its permission bits, the directory itself first. */
async function modes(directory: string): Promise<Map<string, number>> {
  const found = new Map([[directory, (await stat(directory)).mode & 0o777]]);
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    found.set(path, (await stat(path)).mode & 0o777);
  }
  return found;
}

async function connectionError(url: URL): Promise<unknown> {
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
  return client.connect().then(
    () => client.end().then(() => 'connected'),
    (error: unknown) => error,
  );
}

describe('the embedded PostgreSQL behind its socket multiplexer', () => {
  let dataDir: string;
  let embedded: EmbeddedPostgres;
  let pool: pg.Pool;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'trt-embedded-'));
    embedded = await EmbeddedPostgres.start(dataDir, 'a test');
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

  it('refuses a connection without the password, or with a wrong one', async () => {
    const withoutPassword = new URL(embedded.url);
    withoutPassword.password = '';
    expect(await connectionError(withoutPassword)).toMatchObject({ message: expect.stringMatching(/password/) });
    const wrongPassword = new URL(embedded.url);
    wrongPassword.password = 'guessed';
    expect(await connectionError(wrongPassword)).toMatchObject({ code: '28P01' });
    const answer = await answerToQueryWithoutAuthentication(new URL(embedded.url));
    expect(answer).toContain('password authentication required');
    expect(answer).not.toContain('leaked');
    expect((await pool.query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('keeps the password in DATA_DIR for its owner only', async () => {
    const file = join(dataDir, PASSWORD_FILE);
    expect(new URL(embedded.url).password).toBe((await readFile(file, 'utf8')).trim());
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses a second start on the same DATA_DIR while the first runs', async () => {
    await expect(EmbeddedPostgres.start(dataDir, 'a second test')).rejects.toBeInstanceOf(DataDirectoryInUse);
  });

  it('makes DATA_DIR 0700 and everything in it private, also files an older version left open, at every start', async () => {
    expect([...(await modes(dataDir)).entries()].filter(([, mode]) => mode !== 0o600 && mode !== 0o700)).toEqual([]);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    await pool.end();
    await embedded.stop();
    await chmod(dataDir, 0o777);
    await chmod(join(dataDir, 'pgdata'), 0o777);
    await chmod(join(dataDir, 'pgdata', 'PG_VERSION'), 0o666);
    await writeFile(join(dataDir, 'left-open'), 'x', { mode: 0o666 });
    await chmod(join(dataDir, 'left-open'), 0o666);
    embedded = await EmbeddedPostgres.start(dataDir, 'a test');
    pool = new pg.Pool({ connectionString: embedded.url, max: 12 });
    const after = await modes(dataDir);
    expect(after.get(dataDir)).toBe(0o700);
    expect(after.get(join(dataDir, 'pgdata'))).toBe(0o700);
    expect(after.get(join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(0o600);
    expect(after.get(join(dataDir, 'left-open'))).toBe(0o600);
    expect([...after.entries()].filter(([, mode]) => mode !== 0o600 && mode !== 0o700)).toEqual([]);
  });

  it('keeps its data across a restart', async () => {
    await pool.query(`CREATE TABLE kept (v text)`);
    await pool.query(`INSERT INTO kept VALUES ('still here')`);
    await pool.end();
    await embedded.stop();
    embedded = await EmbeddedPostgres.start(dataDir, 'a test');
    pool = new pg.Pool({ connectionString: embedded.url, max: 12 });
    expect((await pool.query(`SELECT v FROM kept`)).rows).toEqual([{ v: 'still here' }]);
  });
});
