import { randomUUID } from 'node:crypto';
import {
  createEmbeddedTestDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../../test/support/test-database.js';
import { eventually } from '../../test/support/eventually.js';
import { StreamVersionConflict } from './event-store.errors.js';
import { EventStore } from './event-store.js';
import type { EventMetadata, RecordedEvent } from './event-store.types.js';
import { LogIntegrity } from './integrity/log-integrity.js';
import { SealSigningKey } from './integrity/seal-signature.js';

const metadata: EventMetadata = {
  actor: { id: 'token-1', name: 'ISHR team', role: 'editor' },
  correlationId: 'request-1',
};

const anEvent = (n = 0) => ({ type: 'MilestoneLogged', data: { title: `Consultation ${n}`, n } });

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let after = 0;
  for (;;) {
    const batch = await store.readAll({ after, limit: 200 });
    if (batch.length === 0) return all;
    all.push(...batch);
    after = batch[batch.length - 1].position;
  }
}

describe.each([
  // Prepared appends on a real server; never on the embedded one, whose session all connections share.
  ['PostgreSQL', createTestDatabase, { prepareStatements: true }],
  ['embedded PostgreSQL (PGlite)', createEmbeddedTestDatabase, { prepareStatements: false }],
])('event store on %s', (_name, createDatabase, options) => {
  let db: TestDatabase;
  let store: EventStore;
  const newStore = () => new EventStore(db.pool, options);

  beforeAll(async () => {
    db = await createDatabase();
    store = newStore();
  });

  afterAll(async () => {
    await db.close();
  });

  it('appends to a new stream and reads it back with its metadata', async () => {
    const streamId = `process-${randomUUID()}`;
    const result = await store.appendToStream(streamId, [anEvent(1), anEvent(2)], { expectedVersion: 'no-stream' }, metadata);
    expect(result).toMatchObject({ streamVersion: 2, alreadyAppended: false });

    const events = await store.readStream(streamId);
    expect(events.map((e) => e.version)).toEqual([1, 2]);
    expect(events[1].position).toBe(result.position);
    expect(events[0].metadata).toEqual(metadata);
    expect(events[0].recordedAt).toBeInstanceOf(Date);
    expect(events[0].schemaVersion).toBe(1);
    expect(events[0].transactionId).toBe(events[1].transactionId);
    expect(events[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a stream from a version and as recorded before an instant', async () => {
    const streamId = `process-${randomUUID()}`;
    await store.appendToStream(streamId, [anEvent(1)], { expectedVersion: 'no-stream' }, metadata);
    const [first] = await store.readStream(streamId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.appendToStream(streamId, [anEvent(2)], { expectedVersion: 1 }, metadata);

    expect((await store.readStream(streamId, { fromVersion: 2 })).map((e) => e.version)).toEqual([2]);
    const asRecorded = await store.readStream(streamId, { recordedBefore: new Date(first.recordedAt.getTime() + 1) });
    expect(asRecorded.map((e) => e.version)).toEqual([1]);
  });

  it('refuses an append on a stale expected version with StreamVersionConflict', async () => {
    const streamId = `process-${randomUUID()}`;
    await store.appendToStream(streamId, [anEvent()], { expectedVersion: 'no-stream' }, metadata);
    await expect(store.appendToStream(streamId, [anEvent()], { expectedVersion: 'no-stream' }, metadata)).rejects.toBeInstanceOf(
      StreamVersionConflict,
    );
    const other = newStore();
    await other.appendToStream(streamId, [anEvent()], { expectedVersion: 1 }, metadata);
    // The first store's cached head is stale now: it must still refuse, not overwrite.
    await expect(store.appendToStream(streamId, [anEvent()], { expectedVersion: 1 }, metadata)).rejects.toMatchObject({
      expectedVersion: 1,
      actualVersion: 2,
    });
    const appended = await store.appendToStream(streamId, [anEvent()], { expectedVersion: 'any' }, metadata);
    expect(appended.streamVersion).toBe(3);
  });

  it('gives each version to exactly one of 50 concurrent writers on one stream', async () => {
    const streamId = `process-${randomUUID()}`;
    await store.appendToStream(streamId, [anEvent(0)], { expectedVersion: 'no-stream' }, metadata);
    const writers = Array.from({ length: 50 }, () => newStore());
    const outcomes = await Promise.allSettled(
      writers.map((writer, n) => writer.appendToStream(streamId, [anEvent(n)], { expectedVersion: 1 }, metadata)),
    );
    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    for (const loser of losers) expect(loser.reason).toBeInstanceOf(StreamVersionConflict);

    // Then every writer retries until its event lands: versions 1..51, each once, no gap.
    await Promise.all(
      writers.map(async (writer, n) => {
        if (outcomes[n].status === 'fulfilled') return;
        for (;;) {
          const head = (await writer.readStream(streamId)).length;
          try {
            await writer.appendToStream(streamId, [anEvent(n)], { expectedVersion: head }, metadata);
            return;
          } catch (error) {
            if (!(error instanceof StreamVersionConflict)) throw error;
          }
        }
      }),
    );
    const versions = (await store.readStream(streamId)).map((e) => e.version);
    expect(versions).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  });

  it('lands every event of 50 concurrent writers on distinct streams with unique positions', async () => {
    const streams = Array.from({ length: 50 }, () => `process-${randomUUID()}`);
    const results = await Promise.all(
      streams.map((streamId) =>
        newStore().appendToStream(streamId, [anEvent(1), anEvent(2)], { expectedVersion: 'no-stream' }, metadata),
      ),
    );
    expect(results.every((r) => r.streamVersion === 2)).toBe(true);
    const written = (await readEverything(store)).filter((e) => streams.includes(e.streamId));
    expect(written).toHaveLength(100);
    expect(new Set(written.map((e) => e.position)).size).toBe(100);
  });

  it('stores an event id once, however often it is appended', async () => {
    const streamId = `process-${randomUUID()}`;
    const event = { ...anEvent(), eventId: randomUUID() };
    const first = await store.appendToStream(streamId, [event], { expectedVersion: 'no-stream' }, metadata);
    const again = await store.appendToStream(streamId, [event], { expectedVersion: 'no-stream' }, metadata);
    const fromAnotherProcess = await newStore().appendToStream(streamId, [event], { expectedVersion: 'any' }, metadata);

    expect(first.alreadyAppended).toBe(false);
    expect(again).toEqual({ streamVersion: 1, position: first.position, alreadyAppended: true });
    expect(fromAnotherProcess).toEqual(again);
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('rejects UPDATE, DELETE and TRUNCATE on events at the database', async () => {
    const streamId = `process-${randomUUID()}`;
    await store.appendToStream(streamId, [anEvent()], { expectedVersion: 'no-stream' }, metadata);
    await expect(db.pool.query(`UPDATE events SET data = '{}' WHERE stream_id = $1`, [streamId])).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`DELETE FROM events WHERE stream_id = $1`, [streamId])).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`TRUNCATE events`)).rejects.toThrow(/append-only/);
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('reads a page of the wanted types only, and its end moves past the others', async () => {
    const wanted = `Wanted-${randomUUID()}`;
    const other = `Other-${randomUUID()}`;
    const start = await store.appendToStream(`process-${randomUUID()}`, [anEvent()], { expectedVersion: 'no-stream' }, metadata);
    const { rows } = await db.pool.query<{ tx: string }>(`SELECT transaction_id::text AS tx FROM events WHERE position = $1`, [start.position]);
    const cursor = { transactionId: rows[0].tx, position: start.position };
    const types = [wanted, other, wanted, other, other];
    const appended = await store.appendToStream(`process-${randomUUID()}`, types.map((type, n) => ({ type, data: { n } })), { expectedVersion: 'no-stream' }, metadata);
    const positions = Array.from({ length: types.length }, (_, i) => appended.position - types.length + 1 + i);

    const page = await store.readPageAfter(cursor, 10, [wanted]);
    expect(page.events.map((e) => [e.type, e.data])).toEqual([[wanted, { n: 0 }], [wanted, { n: 2 }]]);
    // Fewer than asked: the end is the last event of the log, the unwanted ones after the last match included.
    expect(page.end.position).toBeGreaterThanOrEqual(positions[4]);
    expect((await store.readPageAfter(page.end, 10, [wanted])).events).toEqual([]);

    const first = await store.readPageAfter(cursor, 1, [wanted]);
    expect(first.events.map((e) => e.position)).toEqual([positions[0]]);
    // A full page ends at its last event: the next one may be wanted.
    expect(first.end).toEqual({ transactionId: first.events[0].transactionId, position: positions[0] });
    expect((await store.readPageAfter(first.end, 1, [wanted])).events.map((e) => e.position)).toEqual([positions[2]]);

    const everything = await store.readPageAfter(cursor, 5, undefined);
    expect(everything.events.map((e) => e.position)).toEqual(positions);
    expect(everything.events).toEqual(await store.readAllAfter(cursor, 5));
  });

  it('verifies an untouched log and names exactly the position of a tampered event', async () => {
    const integrity = new LogIntegrity(db.pool, SealSigningKey.generate());
    const streamId = `process-${randomUUID()}`;
    await store.appendToStream(streamId, [anEvent(1), anEvent(2), anEvent(3)], { expectedVersion: 'no-stream' }, metadata);
    await integrity.seal();
    const target = (await store.readStream(streamId))[1];

    const before = await integrity.verify();
    expect(before).toEqual(expect.objectContaining({ ok: true }));
    expect(before.checkedEvents).toBeGreaterThanOrEqual(3);
    expect(before.checkedSeals).toBeGreaterThanOrEqual(1);

    const client = await db.admin.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL session_replication_role = replica`);
      await client.query(`UPDATE events SET data = jsonb_set(data, '{title}', '"Rewritten"') WHERE position = $1`, [target.position]);
      await client.query('COMMIT');
    } finally {
      await client.query(`SET session_replication_role = origin`);
      client.release();
    }

    const after = await integrity.verify();
    expect(after).toMatchObject({ ok: false, firstBrokenPosition: target.position });
  });
});

describe('readAll on PostgreSQL with transactions that commit out of order', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  // Not on the embedded database: its multiplexer runs one transaction at a time, so none interleave.
  it('delivers an earlier position that commits after a later one to a reader that started between', async () => {
    const store = new EventStore(db.pool);
    const reader = new EventStore(db.pool);
    const slow = await db.pool.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(`INSERT INTO streams (stream_id, version, last_hash) VALUES ('process-slow', 1, 'x')`);
      const inserted = await slow.query<{ position: string }>(
        `INSERT INTO events (stream_id, version, event_id, type, data, metadata, recorded_at, hash)
         VALUES ('process-slow', 1, $1, 'MilestoneLogged', '{}', '{}', now(), 'x') RETURNING position`,
        [randomUUID()],
      );
      const earlyPosition = Number(inserted.rows[0].position);

      const late = await store.appendToStream(`process-${randomUUID()}`, [anEvent()], { expectedVersion: 'no-stream' }, metadata);
      expect(late.position).toBeGreaterThan(earlyPosition);

      const seenWhileOpen = await readEverything(reader);
      expect(seenWhileOpen.map((e) => e.position)).not.toContain(late.position);
      const checkpoint = seenWhileOpen.length ? seenWhileOpen[seenWhileOpen.length - 1].position : 0;

      await slow.query('COMMIT');
      // The horizon is server-wide: a transaction of anything else on the server may hold it a moment longer.
      let seenAfter: RecordedEvent[] = [];
      await eventually(async () => (seenAfter = await reader.readAll({ after: checkpoint })).length >= 2, 10_000, 50);
      expect(seenAfter.map((e) => e.position)).toEqual([earlyPosition, late.position]);
    } finally {
      slow.release();
    }
  });

  it('never moves a page of some types past an earlier wanted event that commits later', async () => {
    const store = new EventStore(db.pool);
    const wanted = `Wanted-${randomUUID()}`;
    const slow = await db.pool.connect();
    try {
      const head = (await readEverything(store)).at(-1)!;
      const cursor = { transactionId: head.transactionId, position: head.position };
      await slow.query('BEGIN');
      const stream = `process-${randomUUID()}`;
      await slow.query(`INSERT INTO streams (stream_id, version, last_hash) VALUES ($1, 1, 'x')`, [stream]);
      const inserted = await slow.query<{ position: string }>(
        `INSERT INTO events (stream_id, version, event_id, type, data, metadata, recorded_at, hash)
         VALUES ($1, 1, $2, $3, '{}', '{}', now(), 'x') RETURNING position`,
        [stream, randomUUID(), wanted],
      );
      const earlyPosition = Number(inserted.rows[0].position);
      // Committed after it, of a type the reader does not want: its end must not pass the open transaction.
      await store.appendToStream(`process-${randomUUID()}`, [anEvent()], { expectedVersion: 'no-stream' }, metadata);

      const whileOpen = await store.readPageAfter(cursor, 10, [wanted]);
      expect(whileOpen.events).toEqual([]);

      await slow.query('COMMIT');
      let found: RecordedEvent[] = [];
      await eventually(async () => (found = (await store.readPageAfter(whileOpen.end, 10, [wanted])).events).length > 0, 10_000, 50);
      expect(found.map((e) => e.position)).toEqual([earlyPosition]);
    } finally {
      slow.release();
    }
  });
});
