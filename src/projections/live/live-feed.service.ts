import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { Observable } from 'rxjs';
import type { Principal } from '../../auth/roles.js';
import { roleCan } from '../../auth/roles.js';
import { EventStore } from '../../event-store/event-store.js';
import type { EventCursor, RecordedEvent } from '../../event-store/event-store.types.js';
import { processStreamId } from '../../processes/process-stream.js';
import { ProjectionProgress } from '../projection-progress.js';
import { RecordedHistory } from '../recorded-history.js';
import { canSee, visibilityOfPast } from '../visibility.js';

/** The projection whose progress decides when an event counts as projected for live readers. */
export const LIVE_PROJECTION = 'timeline';
const POLL_MS = 500;
const BATCH = 500;

export interface LiveMessage {
  id: string;
  type: string;
  data: { position: number; version: number; type: string; recordedAt: string; data: unknown };
}

interface Subscriber {
  streamId: string;
  emit: (event: RecordedEvent) => void;
}

const MILESTONE_EVENTS = new Set(['MilestoneLogged', 'MilestoneCorrected', 'MilestoneRetracted']);
const EDITOR_EVENTS = new Set(['SubscriptionAdded', 'SubscriptionEnded', 'ReminderSent', 'ReminderFailed']);

/**
 * Pushes each event of a process to its live readers once the timeline has projected it. One
 * shared tail per instance follows the timeline checkpoint, so it works whichever instance projects.
 */
@Injectable()
export class LiveFeed implements BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveFeed');
  private readonly subscribers = new Set<Subscriber>();
  private cursor?: EventCursor;
  /** Resolves once the shared tail has the cursor it starts from. */
  private tailStarted?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private pumping = false;
  private pumpAgain = false;
  private unsubscribeProgress?: () => void;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly progress: ProjectionProgress,
    private readonly history: RecordedHistory,
  ) {}

  beforeApplicationShutdown(): void {
    this.stopTail();
  }

  /**
   * Events of the process after lastEventId (a position) that the caller may see, then live ones;
   * with a clearance, only events of transactions below its latest value go out, in order, the rest wait.
   */
  follow(processId: string, principal: Principal | undefined, lastEventId?: number, clearance?: Observable<bigint>): Observable<LiveMessage> {
    return new Observable<LiveMessage>((observer) => {
      let lastSent = lastEventId ?? 0;
      // One chain per reader keeps events in order while each batch waits for its visibility check.
      let chain = Promise.resolve();
      const send = (events: RecordedEvent[]) => {
        chain = chain
          .then(async () => {
            const fresh = events.filter((event) => event.position > lastSent);
            if (fresh.length === 0) return;
            const allowed = await this.visibleOf(processId, fresh, principal);
            for (const event of fresh) {
              // The replay and the tail's backlog overlap: each position goes out once.
              if (event.position <= lastSent) continue;
              lastSent = event.position;
              if (allowed.has(event)) observer.next(toMessage(event));
            }
          })
          // A failed check ends this stream (the reader resumes with Last-Event-ID), never the process.
          .catch((error: Error) => observer.error(error));
      };
      let clearedBelow = clearance === undefined ? undefined : 0n;
      const held: RecordedEvent[] = [];
      const deliver = (events: RecordedEvent[]) => {
        held.push(...events);
        const waiting = held.findIndex((event) => clearedBelow !== undefined && BigInt(event.transactionId) >= clearedBelow);
        const cleared = held.splice(0, waiting === -1 ? held.length : waiting);
        if (cleared.length > 0) send(cleared);
      };
      const clearing = clearance?.subscribe((below) => {
        clearedBelow = below;
        deliver([]);
      });
      const backlog: RecordedEvent[] = [];
      let replaying = lastEventId !== undefined;
      const subscriber: Subscriber = {
        streamId: processStreamId(processId),
        emit: (event) => (replaying ? backlog.push(event) : deliver([event])),
      };
      this.subscribers.add(subscriber);
      const tailStarted = this.startTail();
      // The replay reads its end after the tail has its start: together they leave no gap.
      const ready =
        lastEventId === undefined
          ? tailStarted
          : tailStarted
              .then(() => this.replay(processId, lastEventId))
              .then((events) => {
                deliver([...events, ...backlog.sort((a, b) => a.position - b.position)]);
                replaying = false;
              });
      // The database did not answer: the reader's EventSource reconnects with its Last-Event-ID.
      ready.catch((error: Error) => observer.error(error));
      return () => {
        clearing?.unsubscribe();
        this.subscribers.delete(subscriber);
        if (this.subscribers.size === 0) this.stopTail();
      };
    });
  }

  /**
   * Stream events after the position that the live projection has already applied, against one
   * reading of its checkpoint: a prefix of the stream, never a later event without an earlier one.
   */
  private async replay(processId: string, after: number): Promise<RecordedEvent[]> {
    const checkpoint = await this.checkpoint();
    const events = await this.store.readStream(processStreamId(processId));
    return events.filter((event) => event.position > after && compare(cursorOf(event), checkpoint) <= 0);
  }

  private startTail(): Promise<void> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.pump(), POLL_MS);
      this.unsubscribeProgress = this.progress.onProjected((name) => {
        if (name === LIVE_PROJECTION) void this.pump();
      });
    }
    // A new tail starts at the projection's checkpoint: earlier events come by replay.
    this.tailStarted ??= this.checkpoint().then(
      (checkpoint) => {
        this.cursor = checkpoint;
        void this.pump();
      },
      (error: Error) => {
        this.tailStarted = undefined;
        throw error;
      },
    );
    return this.tailStarted;
  }

  private stopTail(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribeProgress?.();
    this.tailStarted = undefined;
    this.cursor = undefined;
  }

  /** Moves the shared tail up to the live projection's checkpoint and hands events to subscribers. */
  private async pump(): Promise<void> {
    // A wake-up during a pump is not dropped: the pump goes round once more.
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        await this.forward();
      } while (this.pumpAgain);
    } catch (error) {
      this.logger.warn(`Live feed paused: ${(error as Error).message}`);
    } finally {
      this.pumping = false;
    }
  }

  /** Hands the events between the tail's cursor and the checkpoint to their subscribers. */
  private async forward(): Promise<void> {
    const tail = this.tailStarted;
    if (!tail || !this.cursor) return;
    const checkpoint = await this.checkpoint();
    // Stopped meanwhile (the last reader left), or stopped and started again: that tail is not ours.
    while (this.tailStarted === tail && this.subscribers.size > 0 && compare(this.cursor, checkpoint) < 0) {
      const events = (await this.store.readAllAfter(this.cursor, BATCH)).filter((event) => compare(cursorOf(event), checkpoint) <= 0);
      if (events.length === 0 || this.tailStarted !== tail) break;
      for (const event of events) {
        for (const subscriber of this.subscribers) if (subscriber.streamId === event.streamId) subscriber.emit(event);
      }
      this.cursor = cursorOf(events[events.length - 1]);
    }
  }

  private async checkpoint(): Promise<EventCursor> {
    const result = await this.pool.query<{ last_position: string; last_transaction_id: string }>(
      `SELECT last_position, last_transaction_id::text AS last_transaction_id FROM projection_checkpoints WHERE name = $1`,
      [LIVE_PROJECTION],
    );
    const row = result.rows[0];
    return row ? { transactionId: row.last_transaction_id, position: Number(row.last_position) } : { transactionId: '0', position: 0 };
  }

  /**
   * The visibility rule of every read, applied to events: a milestone event is read under the
   * visibility of its past, the most restrictive of what the milestone was right after it and what it is now.
   */
  private async visibleOf(processId: string, events: RecordedEvent[], principal: Principal | undefined): Promise<Set<RecordedEvent>> {
    const history = await this.history.of(processId);
    const visible = new Set<RecordedEvent>();
    for (const event of events) {
      if (EDITOR_EVENTS.has(event.type)) {
        if (principal !== undefined && roleCan(principal.role, 'write')) visible.add(event);
      } else if (MILESTONE_EVENTS.has(event.type)) {
        const { milestoneId } = event.data as { milestoneId: string };
        const then = history.visibilityAfter(event.version) ?? 'confidential';
        if (canSee(principal, visibilityOfPast(then, history.current.process.milestones.get(milestoneId)))) visible.add(event);
      } else {
        visible.add(event);
      }
    }
    return visible;
  }
}

function cursorOf(event: RecordedEvent): EventCursor {
  return { transactionId: event.transactionId, position: event.position };
}

function compare(a: EventCursor, b: EventCursor): number {
  const tx = BigInt(a.transactionId) - BigInt(b.transactionId);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  return a.position - b.position;
}

/** Subscriptions carry personal data (encrypted): live readers get their ids and settings only. */
function toMessage(event: RecordedEvent): LiveMessage {
  let data = event.data;
  if (event.type === 'SubscriptionAdded') {
    const { subscriptionId, channel, language, timezone } = event.data as Record<string, unknown>;
    data = { subscriptionId, channel, language, timezone };
  }
  return {
    id: String(event.position),
    type: event.type,
    data: { position: event.position, version: event.version, type: event.type, recordedAt: event.recordedAt.toISOString(), data },
  };
}
