import type { PoolClient } from 'pg';
import type { Actor, EventMetadata } from './event-store.types.js';

/** What a write answers: the stream's version after it and the position of its last event. */
export interface WriteResult {
  version: number;
  position: number;
}

/** Who writes, and under which request: built by whatever carries the command (HTTP, the command line, the seed). */
export interface WriteContext {
  actor: Actor;
  correlationId: string;
  idempotencyKey?: string;
  /** Set when the reply must commit with the events, as a claimed Idempotency-Key asks. */
  recordReply?: (db: PoolClient, reply: WriteResult) => Promise<void>;
  /** The write happens only while the stream is at this version (If-Match). */
  expectedVersion?: number;
}

export function metadataOf(write: WriteContext): EventMetadata {
  return {
    actor: write.actor,
    correlationId: write.correlationId,
    causationId: write.correlationId,
    ...(write.idempotencyKey !== undefined && { idempotencyKey: write.idempotencyKey }),
  };
}

/**
 * The same write, with work that commits in the transaction of its events (a row the events stand
 * for, as an API token's); the reply an Idempotency-Key records still commits with them too.
 */
export function alsoCommitting(write: WriteContext, work: (db: PoolClient) => Promise<void>): WriteContext {
  const { recordReply } = write;
  return {
    ...write,
    recordReply: async (db, reply) => {
      await work(db);
      await recordReply?.(db, reply);
    },
  };
}
