import type { Pool, PoolClient } from 'pg';
import type { EventStore } from '../event-store/event-store.js';
import { isAfter, type EventCursor, type EventPage } from '../event-store/event-store.types.js';
import { applyStored, type Projection } from './projection.js';
import { lockCheckpoint, moveCheckpoint, releaseProjectionLock, takeProjectionLock } from './projection-worker.js';

export const REBUILD_BATCH_SIZE = 5_000;

export interface RebuildProgress {
  /** Events of the log behind the rebuild, of the projection's types or not: estimated from positions while it runs, exact at the end. */
  covered: number;
  total: number;
  eventsPerSecond: number;
}

export interface RebuildResult extends RebuildProgress {
  seconds: number;
}

type TableNames = Record<string, string>;

/** A second rebuild of a projection would only repeat the first one's work and swap twice. */
export class RebuildAlreadyRunning extends Error {
  constructor(readonly projection: string) {
    super(`A rebuild of ${projection} is already running; wait for it to finish`);
  }
}

/**
 * Replays the whole log into fresh copies of the projection's tables while the live tables keep
 * answering, then swaps them in: in one transaction that holds the projection's batch lock (the live
 * runner waits on it), applies what arrived meanwhile, replaces the tables and moves the checkpoint.
 */
export async function rebuildProjection(
  projection: Projection,
  pool: Pool,
  store: EventStore,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<RebuildResult> {
  const started = Date.now();
  const copies: TableNames = Object.fromEntries(projection.tables.map((table) => [table, `${table}__rebuild_${started}`]));
  const { events: total, head } = await store.logSize();
  await pool.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [projection.name]);
  const client = await pool.connect();
  // Held for the whole rebuild on its own session: one rebuild of a projection at a time.
  if (!(await takeProjectionLock(client, 'rebuild', projection.name))) {
    client.release();
    throw new RebuildAlreadyRunning(projection.name);
  }
  let reader: PoolClient | undefined;
  let reading: Promise<EventPage> | undefined;
  try {
    reader = await pool.connect();
    const pageReader = reader;
    await dropLeftoverCopies(client, projection.tables);
    const deferred: string[] = [];
    for (const [table, copy] of Object.entries(copies)) {
      await client.query(`CREATE TABLE ${copy} (LIKE ${table} INCLUDING ALL)`);
      deferred.push(...(await dropSecondaryIndexes(client, copy)));
    }
    const context = { client, table: (name: string) => copies[name] ?? name };
    let cursor: EventCursor = { transactionId: '0', position: 0 };
    let covered = 0;
    const report = () => onProgress({ covered, total, eventsPerSecond: covered / Math.max(0.001, (Date.now() - started) / 1000) });
    // The next page is read on a second connection while this one is applied: reading and applying overlap.
    const readAfter = (after: EventCursor) => {
      const next = store.readPageAfter(after, REBUILD_BATCH_SIZE, projection.eventTypes, pageReader);
      next.catch(() => undefined);
      return next;
    };
    reading = readAfter(cursor);
    for (;;) {
      const { events, end } = await reading;
      reading = undefined;
      if (!isAfter(end, cursor)) break;
      cursor = end;
      reading = readAfter(cursor);
      if (events.length > 0) {
        // No wait for the WAL flush: after a server crash this copy is never swapped in, only dropped.
        await client.query('BEGIN; SET LOCAL synchronous_commit = off');
        await applyStored(projection, events, context);
        await client.query('COMMIT');
      }
      // Positions follow the delivery order but for concurrent appends: near enough for a progress bar.
      covered = head === 0 ? 0 : Math.min(total, Math.round((total * cursor.position) / head));
      report();
    }
    // Built once over the filled table, far cheaper than kept up to date row by row.
    for (const definition of deferred) await client.query(definition);

    await client.query('BEGIN');
    await lockCheckpoint(client, projection.name);
    for (;;) {
      const { events, end } = await store.readPageAfter(cursor, REBUILD_BATCH_SIZE, projection.eventTypes, client);
      if (!isAfter(end, cursor)) break;
      if (events.length > 0) await applyStored(projection, events, context);
      cursor = end;
    }
    for (const [table, copy] of Object.entries(copies)) await swap(client, table, copy);
    await moveCheckpoint(client, projection.name, cursor);
    await client.query('COMMIT');
    const seconds = (Date.now() - started) / 1000;
    covered = await store.countThrough(cursor, client);
    report();
    return { covered, total, seconds, eventsPerSecond: covered / Math.max(0.001, seconds) };
  } catch (error) {
    await reading?.catch(() => undefined);
    await client.query('ROLLBACK').catch(() => undefined);
    for (const copy of Object.values(copies)) await client.query(`DROP TABLE IF EXISTS ${copy}`).catch(() => undefined);
    throw error;
  } finally {
    reader?.release();
    await releaseProjectionLock(client, 'rebuild', projection.name);
    client.release();
  }
}

/** Copies of these tables that an earlier rebuild, killed before it could drop them, left behind. */
async function dropLeftoverCopies(client: PoolClient, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename ~ ('^' || $1 || '__rebuild_[0-9]+$')`,
      [table],
    );
    for (const { name } of rows) await client.query(`DROP TABLE ${name}`);
  }
}

/**
 * Drops the indexes of a fresh copy that no statement needs while it fills (neither unique, which an
 * upsert's ON CONFLICT and its lookups use, nor a constraint's) and returns how to create them again.
 */
async function dropSecondaryIndexes(client: PoolClient, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
     WHERE i.indrelid = $1::regclass AND NOT i.indisunique AND NOT i.indisprimary
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [table],
  );
  for (const { name } of rows) await client.query(`DROP INDEX ${name}`);
  return rows.map((row) => row.definition);
}

/** Replaces a table by its rebuilt copy, giving the copy's indexes the original names back. */
async function swap(client: PoolClient, table: string, copy: string): Promise<void> {
  const definitions = async (name: string) =>
    (
      await client.query<{ indexname: string; definition: string }>(
        `SELECT indexname, regexp_replace(regexp_replace(indexdef, '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+', '\\1'), '\\s+', ' ', 'g') AS definition
         FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`,
        [name],
      )
    ).rows;
  const original = await definitions(table);
  const rebuilt = await definitions(copy);
  await client.query(`DROP TABLE ${table}`);
  await client.query(`ALTER TABLE ${copy} RENAME TO ${table}`);
  for (const index of rebuilt) {
    const match = original.find((o) => o.definition === index.definition);
    if (match && match.indexname !== index.indexname) await client.query(`ALTER INDEX ${index.indexname} RENAME TO ${match.indexname}`);
  }
}
