import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { EventIdReused, StreamVersionConflict } from './event-store.errors.js';
import {
  isAfter,
  type AppendOptions,
  type AppendResult,
  type EventCursor,
  type EventFilter,
  type EventMetadata,
  type EventPage,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from './event-store.types.js';
import { belowHorizon, EVENT_COLUMNS, HORIZON, toRecordedEvent, type EventRow } from './event-rows.js';
import { canonicalJson, GENESIS_HASH, hashCanonicalEvent } from './integrity/event-hash.js';

interface StreamHead {
  version: number;
  hash: string;
}

const INSERT_EVENTS = `
  INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, hash)
  SELECT stream.stream_id, e.version, e.event_id, e.type, e.schema_version, e.data, e.metadata, e.recorded_at, e.hash
  FROM stream,
    unnest($4::bigint[], $5::uuid[], $6::text[], $7::int[], $8::jsonb[], $9::jsonb[], $10::timestamptz[], $11::text[])
      WITH ORDINALITY AS e(version, event_id, type, schema_version, data, metadata, recorded_at, hash, ordinal)
  ORDER BY e.ordinal
  RETURNING position`;

/** One statement, so one round trip and one transaction: the stream row is the optimistic lock. */
const APPEND_TO_EXISTING = `
  WITH stream AS (
    UPDATE streams SET version = $2, last_hash = $3, updated_at = now()
    WHERE stream_id = $1 AND version = $12 AND last_hash = $13
    RETURNING stream_id
  )${INSERT_EVENTS}`;

const APPEND_TO_NEW = `
  WITH stream AS (
    INSERT INTO streams (stream_id, version, last_hash) VALUES ($1, $2, $3)
    ON CONFLICT (stream_id) DO NOTHING
    RETURNING stream_id
  )${INSERT_EVENTS}`;

const STREAM_HEAD_CACHE_SIZE = 10_000;
const MAX_ANY_VERSION_ATTEMPTS = 20;

/**
 * The only record of the product. Appends are optimistic (a streams row per stream, a unique
 * (stream_id, version)), idempotent by event id, and chain each event's hash to the previous one.
 */
export class EventStore {
  /** Stream heads this process wrote or read; a stale one only costs a second round trip. */
  private readonly heads = new Map<string, StreamHead>();
  private readonly appendListeners = new Set<(count: number) => void>();

  constructor(
    private readonly pool: Pool,
    /** Named prepared statements for appends; off on the embedded database (one shared session). */
    private readonly options: { prepareStatements?: boolean } = {},
  ) {}

  async appendToStream(
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    const callerChoseIds = events.some((event) => event.eventId !== undefined);
    const prepared = events.map((event) => ({
      eventId: event.eventId ?? randomUUID(),
      type: event.type,
      schemaVersion: event.schemaVersion ?? 1,
      dataJson: canonicalJson(event.data),
    }));
    const metadataJson = canonicalJson(metadata);

    for (let attempt = 1; ; attempt++) {
      const head = await this.headFor(streamId, options.expectedVersion);
      if (typeof options.expectedVersion === 'number' && options.expectedVersion !== (head?.version ?? 0)) {
        const known = callerChoseIds ? await this.findAppended(prepared.map((e) => e.eventId)) : undefined;
        if (known) return known;
        this.heads.delete(streamId);
        throw new StreamVersionConflict(streamId, options.expectedVersion, head?.version ?? 'no-stream');
      }
      if (options.expectedVersion === 'no-stream' && head) {
        const known = callerChoseIds ? await this.findAppended(prepared.map((e) => e.eventId)) : undefined;
        if (known) return known;
        throw new StreamVersionConflict(streamId, 'no-stream', head.version);
      }

      const recordedAt = new Date().toISOString();
      let previousHash = head?.hash ?? GENESIS_HASH;
      const startVersion = head?.version ?? 0;
      const rows = prepared.map((event, index) => {
        const version = startVersion + index + 1;
        const hash = hashCanonicalEvent(previousHash, {
          streamId,
          version,
          eventId: event.eventId,
          type: event.type,
          schemaVersion: event.schemaVersion,
          dataJson: event.dataJson,
          metadataJson,
          recordedAt,
        });
        previousHash = hash;
        return { ...event, version, hash };
      });
      const newVersion = startVersion + rows.length;
      const parameters: unknown[] = [
        streamId,
        newVersion,
        previousHash,
        rows.map((r) => r.version),
        rows.map((r) => r.eventId),
        rows.map((r) => r.type),
        rows.map((r) => r.schemaVersion),
        rows.map((r) => r.dataJson),
        rows.map(() => metadataJson),
        rows.map(() => recordedAt),
        rows.map((r) => r.hash),
      ];
      let inserted: { position: string }[];
      try {
        const statement = head
          ? this.statement('trt-append-existing', APPEND_TO_EXISTING, [...parameters, head.version, head.hash])
          : this.statement('trt-append-new', APPEND_TO_NEW, parameters);
        inserted = await this.insert(statement, newVersion, options.commitWith);
      } catch (error) {
        if (isUniqueViolation(error, 'events_event_id_key')) {
          const known = await this.findAppended(prepared.map((e) => e.eventId));
          if (known) return known;
          throw new EventIdReused(await this.existingIds(prepared.map((e) => e.eventId)));
        }
        throw error;
      }

      if (inserted.length > 0) {
        this.remember(streamId, { version: newVersion, hash: previousHash });
        for (const listener of this.appendListeners) listener(rows.length);
        return {
          streamVersion: newVersion,
          position: Number(inserted[inserted.length - 1].position),
          alreadyAppended: false,
        };
      }
      // Nothing written: another writer moved the stream between our read of its head and now.
      this.heads.delete(streamId);
      if (options.expectedVersion !== 'any' && attempt > 1) {
        const actual = await this.readHead(streamId);
        throw new StreamVersionConflict(streamId, options.expectedVersion, actual?.version ?? 'no-stream');
      }
      if (attempt >= MAX_ANY_VERSION_ATTEMPTS) {
        const actual = await this.readHead(streamId);
        throw new StreamVersionConflict(streamId, options.expectedVersion, actual?.version ?? 'no-stream');
      }
    }
  }

  /** The append statement alone, or in one transaction with the caller's work when that must commit with it. */
  private async insert(
    statement: ReturnType<EventStore['statement']>,
    newVersion: number,
    commitWith: AppendOptions['commitWith'],
  ): Promise<{ position: string }[]> {
    if (!commitWith) return (await this.pool.query<{ position: string }>(statement)).rows;
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ position: string }>(statement);
      if (rows.length > 0) await commitWith(client, { streamVersion: newVersion, position: Number(rows[rows.length - 1].position), alreadyAppended: false });
      await client.query('COMMIT');
      return rows;
    } catch (error) {
      // A connection that cannot roll back is dropped rather than returned to the pool mid-transaction.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Work that must commit on its own transaction, as a write that appended nothing records its reply. */
  async commitAlone(work: (db: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private statement(name: string, text: string, values: unknown[]) {
    return this.options.prepareStatements ? { name, text, values } : { text, values };
  }

  /** Called after every append of this process: readers wake at once instead of at their next poll. */
  onAppended(listener: (count: number) => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const result = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE stream_id = $1 AND version >= $2 AND ($3::timestamptz IS NULL OR recorded_at < $3)
         AND ($4::bigint IS NULL OR version <= $4)
       ORDER BY version`,
      [streamId, options.fromVersion ?? 1, options.recordedBefore ?? null, options.toVersion ?? null],
    );
    return result.rows.map(toRecordedEvent);
  }

  /** The stream's version as committed now (0 when it does not exist), read past this instance's cache. */
  async streamVersion(streamId: string): Promise<number> {
    const result = await this.pool.query<{ version: string }>(`SELECT version FROM streams WHERE stream_id = $1`, [streamId]);
    return Number(result.rows[0]?.version ?? 0);
  }

  /** Events after a position, in delivery order: see readAllAfter. */
  async readAll(options: ReadAllOptions = {}, db: Pool | PoolClient = this.pool): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const cursor = after === 0 ? { transactionId: '0', position: 0 } : await this.cursorAt(after, db);
    if (!cursor) throw new RangeError(`there is no event at position ${after}`);
    return this.readAllAfter(cursor, options.limit ?? 500, db);
  }

  /** Where the event at this position stands in the delivery order; undefined when no event holds it. */
  async cursorAt(position: number, db: Pool | PoolClient = this.pool): Promise<EventCursor | undefined> {
    const result = await db.query<{ tx: string }>(`SELECT transaction_id::text AS tx FROM events WHERE position = $1`, [position]);
    return result.rows.length === 0 ? undefined : { transactionId: result.rows[0].tx, position };
  }

  /**
   * Events after a cursor, in (transaction id, position) order, only from transactions older than
   * every transaction still running: what it returns can no longer change, and no late committer is
   * ever skipped (Emmett's approach; no timers, no gap detection).
   */
  async readAllAfter(cursor: EventCursor, limit: number, db: Pool | PoolClient = this.pool): Promise<RecordedEvent[]> {
    const result = await db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE (events.transaction_id, events.position) > ($1::xid8, $2::bigint)
         AND ${belowHorizon()}
       ORDER BY events.transaction_id, events.position
       LIMIT $3`,
      [cursor.transactionId, cursor.position, limit],
    );
    return result.rows.map(toRecordedEvent);
  }

  /**
   * readAllAfter for a reader that wants only some event types (all when `types` is undefined).
   * PostgreSQL skips the others, so they are never sent or parsed; when fewer than `limit` match,
   * `end` is the last event below the horizon, read in the same statement (the same snapshot), so
   * nothing that matches can be passed over.
   */
  async readPageAfter(cursor: EventCursor, limit: number, types: readonly string[] | undefined, db: Pool | PoolClient = this.pool): Promise<EventPage> {
    if (types === undefined) {
      const events = await this.readAllAfter(cursor, limit, db);
      const last = events.at(-1);
      return { events, end: last ? { transactionId: last.transactionId, position: last.position } : cursor };
    }
    const result = await db.query<Partial<EventRow> & { tail_transaction_id: string; tail_position: string }>(
      this.statement(
        'read-page-of-types',
        `WITH tail AS (
         SELECT transaction_id::text AS tail_transaction_id, position AS tail_position FROM events
         WHERE ${belowHorizon()}
         ORDER BY transaction_id DESC, position DESC
         LIMIT 1
       ), wanted AS (
         -- From the delivery-order index alone (it carries the type): only the wanted rows are read.
         SELECT position FROM events
         WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
           AND ${belowHorizon()}
           AND type = ANY($4::text[])
         ORDER BY transaction_id, position
         LIMIT $3
       ), page AS (
         SELECT ${EVENT_COLUMNS}, events.transaction_id AS delivery_order FROM wanted JOIN events USING (position)
       )
       SELECT page.*, tail.* FROM tail LEFT JOIN page ON true
       ORDER BY page.delivery_order, page.position`,
        [cursor.transactionId, cursor.position, limit, types],
      ),
    );
    const events = result.rows.filter((row) => row.position != null).map((row) => toRecordedEvent(row as EventRow));
    const last = events.at(-1);
    if (last && events.length === limit) return { events, end: { transactionId: last.transactionId, position: last.position } };
    const tail = result.rows[0];
    const end = tail ? { transactionId: tail.tail_transaction_id, position: Number(tail.tail_position) } : cursor;
    return { events, end: isAfter(end, cursor) ? end : cursor };
  }

  /** The highest position written so far (0 for an empty store). */
  async headPosition(): Promise<number> {
    const result = await this.pool.query<{ head: string | null }>(`SELECT max(position) AS head FROM events`);
    return Number(result.rows[0].head ?? 0);
  }

  /** How many events the store holds and the highest position, read together. */
  async logSize(): Promise<{ events: number; head: number }> {
    const result = await this.pool.query<{ events: string; head: string }>(`SELECT count(*) AS events, coalesce(max(position), 0) AS head FROM events`);
    return { events: Number(result.rows[0].events), head: Number(result.rows[0].head) };
  }

  /** How many events come at or before the cursor in the delivery order: what a reader that got there has covered. */
  async countThrough(cursor: EventCursor, db: Pool | PoolClient = this.pool): Promise<number> {
    const result = await db.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE (transaction_id, position) <= ($1::xid8, $2::bigint)`, [
      cursor.transactionId,
      cursor.position,
    ]);
    return Number(result.rows[0].n);
  }

  /** The current horizon (see HORIZON), as a transaction id: a long read bounded by it ends even while appends go on. */
  async horizon(): Promise<string> {
    return (await this.pool.query<{ horizon: string }>(`SELECT ${HORIZON}::text AS horizon`)).rows[0].horizon;
  }

  /** Whether the event at this position is below the horizon: a reader of the whole log can see it. */
  async isVisible(position: number): Promise<boolean> {
    const result = await this.pool.query<{ visible: boolean }>(`SELECT EXISTS (SELECT 1 FROM events WHERE position = $1 AND ${belowHorizon()}) AS visible`, [
      position,
    ]);
    return result.rows[0].visible;
  }

  /**
   * For readers standing at these cursors: the head position, and when the first event past each
   * cursor was recorded (undefined when none is), read in one statement.
   */
  async lagBehind(cursors: readonly EventCursor[]): Promise<{ head: number; firstPendingAt: (Date | undefined)[] }> {
    const result = await this.pool.query<{ head: string | null; first_pending_at: Date | null }>(
      `SELECT (SELECT max(position) FROM events) AS head,
              (SELECT e.recorded_at FROM events e
                WHERE (e.transaction_id, e.position) > (c.transaction_id, c.position)
                ORDER BY e.transaction_id, e.position LIMIT 1) AS first_pending_at
       FROM unnest($1::xid8[], $2::bigint[]) WITH ORDINALITY AS c(transaction_id, position, ordinal)
       ORDER BY c.ordinal`,
      [cursors.map((c) => c.transactionId), cursors.map((c) => c.position)],
    );
    return { head: Number(result.rows[0]?.head ?? 0), firstPendingAt: result.rows.map((row) => row.first_pending_at ?? undefined) };
  }

  /**
   * The events after a cursor that match the filter, in delivery order, below the horizon: the
   * current one, or one read earlier with horizon() so a long scan ends.
   */
  async readMatchingAfter(cursor: EventCursor, limit: number, filter: EventFilter, horizon?: string): Promise<RecordedEvent[]> {
    const values: unknown[] = [cursor.transactionId, cursor.position, limit];
    const where = [`(events.transaction_id, events.position) > ($1::xid8, $2::bigint)`];
    if (horizon === undefined) where.push(belowHorizon());
    else {
      values.push(horizon);
      where.push(belowHorizon(`$${values.length}::xid8`));
    }
    if (filter.actor !== undefined) {
      values.push(filter.actor);
      where.push(`(metadata->'actor'->>'id' = $${values.length} OR metadata->'actor'->>'name' = $${values.length})`);
    }
    if (filter.type !== undefined) {
      values.push(filter.type);
      where.push(`type = $${values.length}`);
    }
    if (filter.from !== undefined) {
      values.push(filter.from);
      where.push(`recorded_at >= $${values.length}`);
    }
    if (filter.to !== undefined) {
      values.push(filter.to);
      where.push(`recorded_at < $${values.length}`);
    }
    const result = await this.pool.query<EventRow>(
      // Qualified: a bare transaction_id in ORDER BY would sort by the text alias (wrong order, no index).
      `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY events.transaction_id, events.position LIMIT $3`,
      values,
    );
    return result.rows.map(toRecordedEvent);
  }

  /** The ids of the streams that start so (`person-`: every person), in no set order; at most `limit` when given. */
  async streamIdsStartingWith(prefix: string, limit?: number): Promise<string[]> {
    const result = await this.pool.query<{ stream_id: string }>(`SELECT stream_id FROM streams WHERE starts_with(stream_id, $1) LIMIT $2`, [prefix, limit ?? null]);
    return result.rows.map((row) => row.stream_id);
  }

  /** Every event of this type whose data holds the value at the field, in position order. */
  async readByDataField(type: string, field: string, value: string): Promise<RecordedEvent[]> {
    const result = await this.pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE type = $1 AND data->>$2 = $3 ORDER BY position`, [type, field, value]);
    return result.rows.map(toRecordedEvent);
  }

  private async headFor(streamId: string, expected: AppendOptions['expectedVersion']): Promise<StreamHead | undefined> {
    if (expected === 'no-stream' || expected === 0) {
      return this.heads.get(streamId) ?? (await this.readHead(streamId));
    }
    const cached = this.heads.get(streamId);
    if (cached && (expected === 'any' ? false : cached.version === expected)) return cached;
    return this.readHead(streamId);
  }

  private async readHead(streamId: string): Promise<StreamHead | undefined> {
    const result = await this.pool.query<{ version: string; last_hash: string }>(
      `SELECT version, last_hash FROM streams WHERE stream_id = $1`,
      [streamId],
    );
    if (result.rows.length === 0) return undefined;
    const head = { version: Number(result.rows[0].version), hash: result.rows[0].last_hash };
    this.remember(streamId, head);
    return head;
  }

  private remember(streamId: string, head: StreamHead): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > STREAM_HEAD_CACHE_SIZE) {
      this.heads.delete(this.heads.keys().next().value!);
    }
  }

  /** The earlier append, when all these event ids are stored already. */
  private async findAppended(eventIds: string[]): Promise<AppendResult | undefined> {
    const result = await this.pool.query<{ version: string; position: string }>(
      `SELECT version, position FROM events WHERE event_id = ANY($1::uuid[]) ORDER BY position`,
      [eventIds],
    );
    if (result.rows.length !== eventIds.length) return undefined;
    const last = result.rows[result.rows.length - 1];
    return { streamVersion: Number(last.version), position: Number(last.position), alreadyAppended: true };
  }

  private async existingIds(eventIds: string[]): Promise<string[]> {
    const result = await this.pool.query<{ event_id: string }>(
      `SELECT event_id FROM events WHERE event_id = ANY($1::uuid[])`,
      [eventIds],
    );
    return result.rows.map((row) => row.event_id);
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && pgError.constraint === constraint;
}
