import { createPublicKey } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { belowHorizon, EVENT_COLUMNS, toRecordedEvent, type EventRow } from '../event-rows.js';
import type { RecordedEvent } from '../event-store.types.js';
import { GENESIS_HASH, sealDigest } from './event-hash.js';
import { LogVerifier, type SealRecord, type VerifiableEvent, type VerificationResult } from './log-verifier.js';
import { publishedSealKey, SealKeyring, SEAL_SIGNATURE_ALGORITHM, type PublishedSealKey, type SealSigningKey } from './seal-signature.js';

const VERIFY_BATCH = 5_000;
const SEAL_BATCH = 10_000;
/** Only one instance seals at a time; the seal number's primary key is the second guard. */
const SEAL_LOCK_KEY = 0x5ea1;

const SEAL_COLUMNS = `seal_number, first_position, last_position, last_transaction_id::text AS last_transaction_id,
  event_count, previous_digest, digest, sealed_at, signature, key_id`;

/** Seals over the global log and verification of chains and seals against the database. */
export class LogIntegrity {
  /** Without a signing key (processes that run no background work) this instance verifies and lists, never seals. */
  constructor(
    private readonly pool: Pool,
    private readonly signingKey?: SealSigningKey,
  ) {}

  async listSeals(): Promise<SealRecord[]> {
    return readSeals(this.pool);
  }

  async sealsAfter(afterSealNumber: number, limit: number): Promise<SealRecord[]> {
    return readSealsAfter(this.pool, afterSealNumber, limit);
  }

  async newestSignedSeal(): Promise<SealRecord | undefined> {
    const result = await this.pool.query<SealRow>(`SELECT ${SEAL_COLUMNS} FROM seals WHERE signature IS NOT NULL ORDER BY seal_number DESC LIMIT 1`);
    return result.rows.map(toSealRecord)[0];
  }

  /** The public keys of every seal signing key ever used, oldest first: a rotated key still verifies its seals. */
  async publicKeys(): Promise<(PublishedSealKey & { registeredAt: string })[]> {
    const result = await this.pool.query<{ public_key: string; registered_at: Date }>(`SELECT public_key, registered_at FROM seal_signing_keys ORDER BY registered_at, key_id`);
    return result.rows.map((row) => ({ ...publishedSealKey(createPublicKey(row.public_key)), registeredAt: row.registered_at.toISOString() }));
  }

  /**
   * Seals every event that can no longer change (older than every running transaction) and is not
   * sealed yet, in delivery order; returns the seals written.
   */
  async seal(): Promise<SealRecord[]> {
    if (!this.signingKey) throw new Error('This process has no seal signing key: only a process that runs background work seals');
    const client = await this.pool.connect();
    try {
      const locked = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [SEAL_LOCK_KEY]);
      if (!locked.rows[0].locked) return [];
      try {
        // The key is published before the first seal it signs (a seal's key_id references it).
        await client.query(
          `INSERT INTO seal_signing_keys (key_id, algorithm, public_key) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING`,
          [this.signingKey.keyId, SEAL_SIGNATURE_ALGORITHM, publishedSealKey(this.signingKey.publicKey).publicKeyPem],
        );
        const written: SealRecord[] = [];
        for (;;) {
          const seal = await this.sealNextBatch(client, this.signingKey);
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

  private async sealNextBatch(client: PoolClient, signingKey: SealSigningKey): Promise<SealRecord | undefined> {
    const last = await client.query(
      `SELECT seal_number, last_position, last_transaction_id::text AS last_transaction_id, digest
       FROM seals ORDER BY seal_number DESC LIMIT 1`,
    );
    const previous = last.rows[0];
    const events = await client.query<{ position: string; transaction_id: string; hash: string }>(
      `SELECT position, transaction_id::text AS transaction_id, hash FROM events
       WHERE (events.transaction_id, events.position) > ($1::xid8, $2::bigint)
         AND ${belowHorizon()}
       ORDER BY events.transaction_id, events.position
       LIMIT $3`,
      [previous?.last_transaction_id ?? '0', previous?.last_position ?? 0, SEAL_BATCH],
    );
    if (events.rows.length === 0) return undefined;
    const previousDigest: string = previous?.digest ?? GENESIS_HASH;
    const lastEvent = events.rows[events.rows.length - 1];
    const seal = signingKey.sign({
      sealNumber: previous ? Number(previous.seal_number) + 1 : 1,
      firstPosition: Number(events.rows[0].position),
      lastPosition: Number(lastEvent.position),
      lastTransactionId: lastEvent.transaction_id,
      eventCount: events.rows.length,
      previousDigest,
      digest: sealDigest(previousDigest, events.rows.map((row) => row.hash)),
      // Milliseconds, as the signature covers it: timestamptz keeps them exactly.
      sealedAt: new Date().toISOString(),
    });
    await client.query(
      `INSERT INTO seals (seal_number, first_position, last_position, last_transaction_id, event_count, previous_digest, digest, sealed_at, signature, key_id)
       VALUES ($1, $2, $3, $4::xid8, $5, $6, $7, $8, $9, $10)`,
      [seal.sealNumber, seal.firstPosition, seal.lastPosition, seal.lastTransactionId, seal.eventCount, seal.previousDigest, seal.digest, seal.sealedAt, seal.signature, seal.keyId],
    );
    return seal;
  }

  /**
   * Recomputes every hash chain and seal over one consistent snapshot of the log. Signatures are
   * checked against the given keys, else against the keys the database records (consistency only:
   * whoever controls the database controls that list).
   */
  async verify({ onProgress, keyring }: { onProgress?: (checkedEvents: number) => void; keyring?: SealKeyring } = {}): Promise<VerificationResult> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const verifier = new LogVerifier(await readSeals(client), keyring ?? (await readKeyring(client)));
      const read = (transactionId: string, position: number) =>
        client.query<EventRow>(
          `SELECT ${EVENT_COLUMNS}
           FROM events WHERE (events.transaction_id, events.position) > ($1::xid8, $2::bigint)
           ORDER BY events.transaction_id, events.position LIMIT $3`,
          [transactionId, position, VERIFY_BATCH],
        );
      let batch = await read('0', 0);
      for (;;) {
        const last = batch.rows[batch.rows.length - 1];
        // The next batch is read while this one is hashed: the database and the CPU work at once.
        const next = batch.rows.length === VERIFY_BATCH ? read(last.transaction_id, Number(last.position)) : undefined;
        for (const row of batch.rows) verifier.push(toVerifiableEvent(toRecordedEvent(row)));
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
  const result = await db.query<SealRow>(`SELECT ${SEAL_COLUMNS} FROM seals ORDER BY seal_number`);
  return result.rows.map(toSealRecord);
}

/** The seals after a seal number, in order: a page of the public chain, or the next ones for a witness. */
export async function readSealsAfter(db: Pool | PoolClient, afterSealNumber: number, limit: number): Promise<SealRecord[]> {
  const result = await db.query<SealRow>(`SELECT ${SEAL_COLUMNS} FROM seals WHERE seal_number > $1 ORDER BY seal_number LIMIT $2`, [afterSealNumber, limit]);
  return result.rows.map(toSealRecord);
}

/** Every key that ever signed a seal here: the database's own record, so a check against it proves consistency, not origin. */
async function readKeyring(db: Pool | PoolClient): Promise<SealKeyring> {
  const result = await db.query<{ public_key: string }>(`SELECT public_key FROM seal_signing_keys`);
  return new SealKeyring(result.rows.map((row) => createPublicKey(row.public_key)));
}

interface SealRow {
  seal_number: string;
  first_position: string;
  last_position: string;
  last_transaction_id: string;
  event_count: number;
  previous_digest: string;
  digest: string;
  sealed_at: Date;
  signature: string | null;
  key_id: string | null;
}

function toSealRecord(row: SealRow): SealRecord {
  return {
    sealNumber: Number(row.seal_number),
    firstPosition: Number(row.first_position),
    lastPosition: Number(row.last_position),
    lastTransactionId: row.last_transaction_id,
    eventCount: row.event_count,
    previousDigest: row.previous_digest,
    digest: row.digest,
    sealedAt: row.sealed_at.toISOString(),
    signature: row.signature,
    keyId: row.key_id,
  };
}

function toVerifiableEvent(event: RecordedEvent): VerifiableEvent {
  return { ...event, recordedAt: event.recordedAt.toISOString() };
}
