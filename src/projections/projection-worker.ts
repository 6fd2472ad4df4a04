import type { Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { EventStore } from '../event-store/event-store.js';
import { isAfter, type EventCursor, type RecordedEvent } from '../event-store/event-store.types.js';
import { applyStored, liveTables, type Projection } from './projection.js';

export interface WorkerOptions {
  batchSize: number;
  /** Polling fallback: how long to wait for a wake-up before looking anyway. */
  pollMs: number;
  /** How often a standing-by instance tries to take over the projection. */
  standbyMs: number;
  maxBackoffMs: number;
}

export interface WorkerStatus {
  name: string;
  active: boolean;
  failure?: { position: number; message: string; since: string };
}

/** A promise that resolves on the next wake() or after a timeout, whichever comes first. */
export class Wakeup {
  private waiters: (() => void)[] = [];

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }
}

/**
 * Runs one projection: reads the log after its checkpoint, applies a batch and moves the checkpoint
 * in the same transaction. A PostgreSQL advisory lock makes it the only runner of that projection
 * across instances; the others stand by.
 */
export class ProjectionWorker {
  private running = false;
  private loop?: Promise<void>;
  private client?: PoolClient;
  private active = false;
  private failure?: WorkerStatus['failure'];
  private failures = 0;
  /** The first position of the batch being applied, named when it fails. */
  private pendingPosition = 0;
  private readonly wakeup = new Wakeup();

  constructor(
    private readonly projection: Projection,
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly options: WorkerOptions,
    private readonly logger: Logger,
    private readonly onProjected: (name: string, cursor: EventCursor) => void,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeup.wake();
    await this.loop;
  }

  wake(): void {
    this.wakeup.wake();
  }

  status(): WorkerStatus {
    return { name: this.projection.name, active: this.active, ...(this.failure && { failure: this.failure }) };
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.client) await this.connect();
        if (!this.active) {
          this.active = await takeProjectionLock(this.client!, 'runner', this.projection.name);
          if (!this.active) {
            await this.wakeup.wait(this.options.standbyMs);
            continue;
          }
          this.logger.log(`Projection ${this.projection.name} is running here`);
        }
        // After a failure, go one event at a time so the failing event is named exactly.
        const movedOn = await this.applyNextBatch(this.failure ? 1 : this.options.batchSize);
        if (this.failure) this.logger.log(`Projection ${this.projection.name} recovered past position ${this.failure.position}`);
        this.failure = undefined;
        this.failures = 0;
        if (!movedOn) await this.wakeup.wait(this.options.pollMs);
      } catch (error) {
        await this.recordFailure(error as Error);
        const backoff = Math.min(this.options.maxBackoffMs, 250 * 2 ** Math.min(this.failures++, 10));
        await this.wakeup.wait(backoff);
      }
    }
    await this.disconnect();
  }

  private async connect(): Promise<void> {
    const client = await this.pool.connect();
    // A lost connection must not crash the process: drop it, and the loop reconnects.
    client.on('error', () => undefined);
    this.client = client;
    this.active = false;
    await client.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [this.projection.name]);
  }

  private async disconnect(broken = false): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.active = false;
    if (!client) return;
    if (!broken) await releaseProjectionLock(client, 'runner', this.projection.name);
    client.release(broken ? true : undefined);
  }

  /** Applies the next batch and moves the checkpoint past it; false when the log had nothing new. */
  private async applyNextBatch(limit: number): Promise<boolean> {
    const end = await applyNextPage(this.projection, this.store, this.client!, limit, (events) => (this.pendingPosition = events[0].position));
    if (end) this.onProjected(this.projection.name, end);
    return end !== undefined;
  }

  private async recordFailure(error: Error): Promise<void> {
    const position = this.pendingPosition;
    const connectionLost = !this.client || isConnectionError(error);
    if (connectionLost) {
      this.logger.warn(`Projection ${this.projection.name} lost its database connection (${error.message}); reconnecting`);
      await this.disconnect(true);
      return;
    }
    if (!this.failure) {
      this.failure = { position, message: error.message, since: new Date().toISOString() };
    } else {
      this.failure = { ...this.failure, position, message: error.message };
    }
    this.logger.error(`Projection ${this.projection.name} cannot apply the event at position ${position}: ${error.message}`);
    await this.pool
      .query(`UPDATE projection_checkpoints SET failed_position = $2, failure = $3, failed_at = COALESCE(failed_at, now()) WHERE name = $1`, [
        this.projection.name,
        position,
        error.message,
      ])
      .catch(() => undefined);
  }
}

/**
 * One batch in one transaction: reads the page of the log after the projection's checkpoint,
 * applies it and moves the checkpoint to the page's end. Returns that end, or undefined when the
 * log held nothing new. `beforeApply` learns which events are about to be applied.
 */
export async function applyNextPage(
  projection: Projection,
  store: EventStore,
  client: PoolClient,
  limit: number,
  beforeApply: (events: RecordedEvent[]) => void = () => undefined,
): Promise<EventCursor | undefined> {
  // No wait for the WAL flush: a server crash can lose only whole batches with their checkpoint, applied
  // again after it; waiting would keep the batch's transaction id (everyone's read horizon) for an fsync.
  await client.query('BEGIN; SET LOCAL synchronous_commit = off');
  try {
    const cursor = await lockCheckpoint(client, projection.name);
    const { events, end } = await store.readPageAfter(cursor, limit, projection.eventTypes, client);
    if (!isAfter(end, cursor)) {
      await client.query('COMMIT');
      return undefined;
    }
    if (events.length > 0) {
      beforeApply(events);
      await applyStored(projection, events, { client, table: liveTables });
    }
    await moveCheckpoint(client, projection.name, end);
    await client.query('COMMIT');
    return end;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * The advisory locks kept per projection, keyed by the text of their name: the runner's (one
 * instance applies it), a batch's (`lockCheckpoint`), a rebuild's (one rebuild at a time).
 */
const projectionLockName = { runner: 'projection', batch: 'projection-batch', rebuild: 'projection-rebuild' } as const;
type ProjectionLock = keyof typeof projectionLockName;

/** Takes a session-level lock of the projection if no other session holds it; true when taken. */
export async function takeProjectionLock(client: PoolClient, lock: ProjectionLock, projection: string): Promise<boolean> {
  const result = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [`${projectionLockName[lock]}:${projection}`]);
  return result.rows[0].locked;
}

/** Releases a lock takeProjectionLock took; a connection already gone released it with its session. */
export async function releaseProjectionLock(client: PoolClient, lock: ProjectionLock, projection: string): Promise<void> {
  await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`${projectionLockName[lock]}:${projection}`]).catch(() => undefined);
}

/**
 * Excludes every other batch and rebuild swap of the projection until the transaction ends, and
 * returns the cursor. An advisory lock, not FOR UPDATE: it takes no transaction id, so the batch
 * holds back pg_snapshot_xmin (every projection's reads, server-wide) only from its first write on.
 */
export async function lockCheckpoint(client: PoolClient, name: string): Promise<EventCursor> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${projectionLockName.batch}:${name}`]);
  // A statement of its own: its snapshot must be taken after the lock, to see a swap that just committed.
  const result = await client.query<{ last_position: string; last_transaction_id: string }>(
    `SELECT last_position, last_transaction_id::text AS last_transaction_id FROM projection_checkpoints WHERE name = $1`,
    [name],
  );
  return { transactionId: result.rows[0].last_transaction_id, position: Number(result.rows[0].last_position) };
}

/** Moves the checkpoint in the batch's transaction, and clears a failure the projection is now past. */
export async function moveCheckpoint(client: PoolClient, name: string, cursor: EventCursor): Promise<void> {
  await client.query(
    `UPDATE projection_checkpoints
     SET last_position = $2, last_transaction_id = $3::xid8, updated_at = now(), failed_position = NULL, failure = NULL, failed_at = NULL
     WHERE name = $1`,
    [name, cursor.position, cursor.transactionId],
  );
}

function isConnectionError(error: Error): boolean {
  const code = (error as { code?: string }).code ?? '';
  return (
    /^(08|57P)/.test(code) ||
    /Connection terminated|connection.*(closed|ended)|ECONNREFUSED|ECONNRESET|not queryable|Client has encountered a connection error/i.test(error.message)
  );
}
