import { Injectable } from '@nestjs/common';
import { EventStore } from '../event-store/event-store.js';
import { StreamVersionConflict } from '../event-store/event-store.errors.js';
import { metadataOf, type WriteContext, type WriteResult } from '../event-store/write-context.js';
import type { ProcessEvent } from './domain/process.events.js';
import { evolve, initialProcessState, type ProcessState } from './domain/process.state.js';
import { processStreamId } from './process-stream.js';

export interface ProcessSnapshot {
  state: ProcessState;
  version: number;
}

const CACHED_PROCESSES = 500;
// Enough for 32 writers racing on one process on a loaded machine; a client sees 409 only past it.
const MAX_DECIDE_ATTEMPTS = 16;
const RETRY_BASE_MS = 4;
const RETRY_CAP_MS = 250;

/** Full jitter: racing writers spread out instead of colliding again on the next attempt. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt);
}

/**
 * Loads a process by folding its stream onto the last state this instance saw (a cache by stream
 * version), decides, and appends with the expected version; a conflict means: decide again.
 */
@Injectable()
export class ProcessRepository {
  private readonly snapshots = new Map<string, ProcessSnapshot>();

  constructor(private readonly store: EventStore) {}

  /** The current state: the cached fold plus whatever was appended since. */
  async load(processId: string): Promise<ProcessSnapshot> {
    const cached = this.snapshots.get(processId);
    const events = await this.store.readStream(processStreamId(processId), { fromVersion: (cached?.version ?? 0) + 1 });
    let state = cached?.state ?? initialProcessState;
    for (const event of events) state = evolve(state, event);
    const snapshot = { state, version: events.length ? events[events.length - 1].version : (cached?.version ?? 0) };
    this.remember(processId, snapshot);
    return snapshot;
  }

  /**
   * Decides on the latest state and appends; without If-Match a conflicting append decides again.
   * The reply is the write's result with `answer` (ids the handler chose); under an Idempotency-Key
   * it is recorded in the append's transaction, so a write and its reply commit together.
   */
  async execute<Answer extends object = object>(
    processId: string,
    decide: (state: ProcessState) => ProcessEvent[],
    write: WriteContext,
    answer: Answer = {} as Answer,
  ): Promise<WriteResult & Answer> {
    const { recordReply } = write;
    // The cache is tried first: a stale one costs a refused append, never a wrong one.
    let snapshot = this.snapshots.get(processId) ?? (await this.load(processId));
    let fresh = !this.snapshots.has(processId);
    for (let attempt = 1; ; attempt++) {
      if (write.expectedVersion !== undefined && snapshot.version !== write.expectedVersion) {
        if (fresh) throw new StreamVersionConflict(processStreamId(processId), write.expectedVersion, snapshot.version || 'no-stream');
        snapshot = await this.load(processId);
        fresh = true;
        continue;
      }
      const events = decide(snapshot.state);
      try {
        const appended = await this.store.appendToStream(
          processStreamId(processId),
          events,
          {
            expectedVersion: snapshot.version === 0 ? 'no-stream' : snapshot.version,
            commitWith: recordReply && ((db, { streamVersion, position }) => recordReply(db, { version: streamVersion, position, ...answer })),
          },
          metadataOf(write),
        );
        this.remember(processId, { state: events.reduce(evolve, snapshot.state), version: appended.streamVersion });
        return { version: appended.streamVersion, position: appended.position, ...answer };
      } catch (error) {
        const retry = error instanceof StreamVersionConflict && attempt < MAX_DECIDE_ATTEMPTS && (write.expectedVersion === undefined || !fresh);
        if (!retry) throw error;
        // A stale cache is reloaded at once; losing a race on a fresh load means waiting a little.
        if (fresh) await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
        snapshot = await this.load(processId);
        fresh = true;
      }
    }
  }

  private remember(processId: string, snapshot: ProcessSnapshot): void {
    this.snapshots.delete(processId);
    this.snapshots.set(processId, snapshot);
    if (this.snapshots.size > CACHED_PROCESSES) this.snapshots.delete(this.snapshots.keys().next().value!);
  }
}
