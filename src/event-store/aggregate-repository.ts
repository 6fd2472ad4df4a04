import type { EventStore } from './event-store.js';
import { StreamVersionConflict } from './event-store.errors.js';
import type { NewEvent } from './event-store.types.js';
import { metadataOf, type WriteContext, type WriteResult } from './write-context.js';

export interface AggregateSnapshot<State> {
  state: State;
  version: number;
  /** Global position of the stream's last event (0 for an empty stream): what a write that records nothing answers. */
  position: number;
}

/** How one kind of aggregate lives in the store: its stream, its empty state and its fold. */
export interface AggregateShape<State, Event extends NewEvent> {
  streamId(id: string): string;
  initialState: State;
  /** Takes what the stream holds: a fold ignores event types it does not know. */
  evolve(state: State, event: Event | { type: string; data: unknown }): State;
  /** How many folded aggregates this instance keeps. */
  cached: number;
}

// Enough for 32 writers racing on one process on a loaded machine; a client sees 409 only past it.
const MAX_DECIDE_ATTEMPTS = 16;
const RETRY_BASE_MS = 4;
const RETRY_CAP_MS = 250;

/** Full jitter: racing writers spread out instead of colliding again on the next attempt. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt);
}

/**
 * Loads an aggregate by folding its stream onto the last state this instance saw (a cache by stream
 * version), decides, and appends with the expected version; a conflict means: decide again.
 */
export class AggregateRepository<State, Event extends NewEvent> {
  private readonly snapshots = new Map<string, AggregateSnapshot<State>>();

  constructor(
    private readonly store: EventStore,
    private readonly shape: AggregateShape<State, Event>,
  ) {}

  /** The current state: the cached fold plus whatever was appended since. */
  async load(id: string): Promise<AggregateSnapshot<State>> {
    const cached = this.snapshots.get(id);
    const events = await this.store.readStream(this.shape.streamId(id), { fromVersion: (cached?.version ?? 0) + 1 });
    let state = cached?.state ?? this.shape.initialState;
    for (const event of events) state = this.shape.evolve(state, event);
    const last = events[events.length - 1];
    const snapshot = { state, version: last?.version ?? cached?.version ?? 0, position: last?.position ?? cached?.position ?? 0 };
    this.remember(id, snapshot);
    return snapshot;
  }

  /**
   * Decides on the latest state and appends; without If-Match a conflicting append decides again.
   * The reply is the write's result with `answer` (ids the handler chose); under an Idempotency-Key
   * it is recorded in the append's transaction, so a write and its reply commit together.
   */
  async execute<Answer extends object = object>(id: string, decide: (state: State) => Event[], write: WriteContext, answer: Answer = {} as Answer): Promise<WriteResult & Answer> {
    const { recordReply } = write;
    const streamId = this.shape.streamId(id);
    // The cache is tried first: a stale one costs a refused append, never a wrong one.
    let snapshot = this.snapshots.get(id) ?? (await this.load(id));
    let fresh = !this.snapshots.has(id);
    for (let attempt = 1; ; attempt++) {
      if (write.expectedVersion !== undefined && snapshot.version !== write.expectedVersion) {
        if (fresh) throw new StreamVersionConflict(streamId, write.expectedVersion, snapshot.version || 'no-stream');
        snapshot = await this.load(id);
        fresh = true;
        continue;
      }
      const events = decide(snapshot.state);
      // A decision that changes nothing appends nothing; its reply still commits, so an Idempotency-Key replays it.
      if (events.length === 0) {
        const reply = { version: snapshot.version, position: snapshot.position, ...answer };
        if (recordReply) await this.store.commitAlone((db) => recordReply(db, reply));
        return reply;
      }
      try {
        const appended = await this.store.appendToStream(
          streamId,
          events,
          {
            expectedVersion: snapshot.version === 0 ? 'no-stream' : snapshot.version,
            commitWith: recordReply && ((db, { streamVersion, position }) => recordReply(db, { version: streamVersion, position, ...answer })),
          },
          metadataOf(write),
        );
        this.remember(id, { state: events.reduce(this.shape.evolve, snapshot.state), version: appended.streamVersion, position: appended.position });
        return { version: appended.streamVersion, position: appended.position, ...answer };
      } catch (error) {
        const retry = error instanceof StreamVersionConflict && attempt < MAX_DECIDE_ATTEMPTS && (write.expectedVersion === undefined || !fresh);
        if (!retry) throw error;
        // A stale cache is reloaded at once; losing a race on a fresh load means waiting a little.
        if (fresh) await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
        snapshot = await this.load(id);
        fresh = true;
      }
    }
  }

  private remember(id: string, snapshot: AggregateSnapshot<State>): void {
    this.snapshots.delete(id);
    this.snapshots.set(id, snapshot);
    if (this.snapshots.size > this.shape.cached) this.snapshots.delete(this.snapshots.keys().next().value!);
  }
}
