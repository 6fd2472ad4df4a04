import type { Pool, PoolClient } from 'pg';
import { GENESIS_HASH, sealDigest } from './event-hash.js';
import { LogVerifier, type SealRecord, type VerifiableEvent, type VerificationResult } from './log-verifier.js';

const VERIFY_BATCH = 5_000;
const SEAL_BATCH = 10_000;
/** Only one instance seals at a time; the seal number's primary key is the second guard. */
const SEAL_LOCK_KEY = 0x5ea1;

interface VerifyRow {
  position: string;
  stream_id: string;
  version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  recorded_at: Date;
  transaction_id: string;
  hash: string;
}

/** Seals over the global log and verification of chains and seals against the database. */
export class LogIntegrity {
  constructor(private readonly pool: Pool) {}

  async listSeals(): Promise<SealRecord[]> {
    return readSeals(this.pool);
  }

  /**
   * Seals every event that can no longer change (older than every running transaction) and is not
   * sealed yet, in delivery order; returns the seals written.
   */
  async seal(): Promise<SealRecord[]> {
    const client = await this.pool.connect();
    try {
      const locked = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [SEAL_LOCK_KEY]);
      if (!locked.rows[0].locked) return [];
      try {
        const written: SealRecord[] = [];
        for (;;) {
          const seal = await this.sealNextBatch(client);
          if (!seal) return written;
          written.push(seal);
        }
      } finally {
        await client.query(`SELECT pg_advisory_unlock($1)`, [SEAL_LOCK_KEY]);
      }
    } finally {
      client.release();
    }
  }

  private async sealNextBatch(client: PoolClient): Promise<SealRecord | undefined> {
    const last = await client.query(
      `SELECT seal_number, last_position, last_transaction_id::text AS last_transaction_id, digest
       FROM seals ORDER BY seal_number DESC LIMIT 1`,
    );
    const previous = last.rows[0];
    const events = await client.query<{ position: string; transaction_id: string; hash: string }>(
      `SELECT position, transaction_id::text AS transaction_id, hash FROM events
       WHERE (events.transaction_id, events.position) > ($1::xid8, $2::bigint)
         AND events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY events.transaction_id, events.position
       LIMIT $3`,
      [previous?.last_transaction_id ?? '0', previous?.last_position ?? 0, SEAL_BATCH],
    );
    if (events.rows.length === 0) return undefined;
    const previousDigest: string = previous?.digest ?? GENESIS_HASH;
    const lastEvent = events.rows[events.rows.length - 1];
    const seal = {
      sealNumber: previous ? Number(previous.seal_number) + 1 : 1,
      firstPosition: Number(events.rows[0].position),
      lastPosition: Number(lastEvent.position),
      lastTransactionId: lastEvent.transaction_id,
      eventCount: events.rows.length,
      previousDigest,
      digest: sealDigest(previousDigest, events.rows.map((row) => row.hash)),
    };
    const inserted = await client.query<{ sealed_at: Date }>(
      `INSERT INTO seals (seal_number, first_position, last_position, last_transaction_id, event_count, previous_digest, digest)
       VALUES ($1, $2, $3, $4::xid8, $5, $6, $7) RETURNING sealed_at`,
      [seal.sealNumber, seal.firstPosition, seal.lastPosition, seal.lastTransactionId, seal.eventCount, seal.previousDigest, seal.digest],
    );
    return { ...seal, sealedAt: inserted.rows[0].sealed_at.toISOString() };
  }

  /** Recomputes every hash chain and seal over one consistent snapshot of the log. */
  async verify(onProgress?: (checkedEvents: number) => void): Promise<VerificationResult> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const verifier = new LogVerifier(await readSeals(client));
      const read = (transactionId: string, position: number) =>
        client.query<VerifyRow>(
          `SELECT position, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at,
                  transaction_id::text AS transaction_id, hash
           FROM events WHERE (events.transaction_id, events.position) > ($1::xid8, $2::bigint)
           ORDER BY events.transaction_id, events.position LIMIT $3`,
          [transactionId, position, VERIFY_BATCH],
        );
      let batch = await read('0', 0);
      for (;;) {
        const last = batch.rows[batch.rows.length - 1];
        // The next batch is read while this one is hashed: the database and the CPU work at once.
        const next = batch.rows.length === VERIFY_BATCH ? read(last.transaction_id, Number(last.position)) : undefined;
        for (const row of batch.rows) verifier.push(toVerifiableEvent(row));
        if (!next) break;
        onProgress?.(Number(last.position));
        batch = await next;
      }
      await client.query('COMMIT');
      return verifier.finish();
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

async function readSeals(db: Pool | PoolClient): Promise<SealRecord[]> {
  const result = await db.query(
    `SELECT seal_number, first_position, last_position, last_transaction_id::text AS last_transaction_id,
            event_count, previous_digest, digest, sealed_at
     FROM seals ORDER BY seal_number`,
  );
  return result.rows.map((row) => ({
    sealNumber: Number(row.seal_number),
    firstPosition: Number(row.first_position),
    lastPosition: Number(row.last_position),
    lastTransactionId: row.last_transaction_id,
    eventCount: row.event_count,
    previousDigest: row.previous_digest,
    digest: row.digest,
    sealedAt: (row.sealed_at as Date).toISOString(),
  }));
}

export function toVerifiableEvent(row: VerifyRow): VerifiableEvent {
  return {
    position: Number(row.position),
    streamId: row.stream_id,
    version: Number(row.version),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at.toISOString(),
    hash: row.hash,
  };
}
