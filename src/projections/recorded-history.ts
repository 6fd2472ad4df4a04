import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { EventStore } from '../event-store/event-store.js';
import type { RecordedEvent } from '../event-store/event-store.types.js';
import { PersistentMap } from '../processes/domain/persistent-map.js';
import { evolve, initialProcessState, type ProcessState } from '../processes/domain/process.state.js';
import { processStreamId, type RecordedProcessEvent } from '../processes/process-stream.js';
import { VISIBILITIES, type Visibility } from '../processes/domain/process.vocabulary.js';
import { isEventOf } from './projection.js';
import type { TrackedMilestone } from './timeline/timeline-rows.js';

/** What the log says of a milestone beside its fields: when and by whom it was logged, corrected, retracted. */
export type RecordedFacts = Omit<TrackedMilestone, 'milestone' | 'processId'>;

/** A process folded up to some version, with the facts of each milestone. */
export interface RecordedState {
  process: ProcessState;
  facts: PersistentMap<RecordedFacts>;
}

/** The process as it was recorded before an instant, and as it is now: the past is read under the present's visibility. */
export interface RecordedMoment {
  then: RecordedState;
  now: RecordedState;
}

/** The history of one process as far as it is folded: what any moment of it looked like. */
export interface ProcessHistory {
  version: number;
  current: RecordedState;
  /** The visibility of the milestone an event touched, right after it (undefined for other events). */
  visibilityAfter(version: number): Visibility | undefined;
}

/** Folds kept every this many versions: an asOf read folds at most this many events from the log. */
export const SNAPSHOT_EVERY = 128;
const CACHED_PROCESSES = 64;

interface History {
  version: number;
  /** visibilities[v - 1]: index in VISIBILITIES of the milestone event v touched, after it; -1 for other events. */
  visibilities: number[];
  /** recordedUntil[v - 1]: the latest recordedAt (ms) of versions 1..v, a monotone envelope, so "recorded before T" is a prefix. */
  recordedUntil: number[];
  /** snapshots[k]: the fold after version k × SNAPSHOT_EVERY (persistent maps: they share what did not change). */
  snapshots: RecordedState[];
  current: RecordedState;
}

const EMPTY: RecordedState = { process: initialProcessState, facts: PersistentMap.empty() };

/**
 * Answers "what did the tracker say at that moment" without re-reading a whole stream per request:
 * each process's history is folded once, extended by the events appended since, and kept with a
 * snapshot every SNAPSHOT_EVERY versions, so any instant costs one short read and a short fold.
 */
@Injectable()
export class RecordedHistory {
  private readonly histories = new LRUCache<string, History>({ max: CACHED_PROCESSES });
  /** One fold per process at a time: concurrent readers of a cold process share it. */
  private readonly extending = new Map<string, Promise<History>>();

  constructor(private readonly store: EventStore) {}

  /** The process folded up to at least every event committed when this is called. */
  async of(processId: string): Promise<ProcessHistory> {
    const history = await this.upToDate(processId);
    return {
      version: history.version,
      current: history.current,
      visibilityAfter: (version) => VISIBILITIES[history.visibilities[version - 1]],
    };
  }

  async at(processId: string, recordedBefore: Date): Promise<RecordedMoment> {
    const history = await this.upToDate(processId);
    const version = prefixRecordedBefore(history.recordedUntil, recordedBefore.getTime());
    if (version === history.version) return { then: history.current, now: history.current };
    const base = Math.floor(version / SNAPSHOT_EVERY);
    let then = history.snapshots[base];
    if (version > base * SNAPSHOT_EVERY) {
      const events = await this.store.readStream(processStreamId(processId), { fromVersion: base * SNAPSHOT_EVERY + 1, toVersion: version });
      for (const event of events) then = step(then, event);
    }
    return { then, now: history.current };
  }

  private async upToDate(processId: string): Promise<History> {
    const head = await this.store.streamVersion(processStreamId(processId));
    const known = this.histories.get(processId);
    if (known && known.version >= head) return known;
    let pending = this.extending.get(processId);
    if (!pending) {
      pending = this.extend(processId, known).finally(() => this.extending.delete(processId));
      this.extending.set(processId, pending);
    }
    return pending;
  }

  private async extend(processId: string, known: History | undefined): Promise<History> {
    const history: History = known
      ? { ...known, visibilities: known.visibilities.slice(), recordedUntil: known.recordedUntil.slice(), snapshots: known.snapshots.slice() }
      : { version: 0, visibilities: [], recordedUntil: [], snapshots: [EMPTY], current: EMPTY };
    const events = await this.store.readStream(processStreamId(processId), { fromVersion: history.version + 1 });
    for (const event of events) {
      history.current = step(history.current, event);
      history.version = event.version;
      const { milestoneId } = (event.data ?? {}) as { milestoneId?: string };
      const touched = milestoneId === undefined ? undefined : history.current.process.milestones.get(milestoneId);
      history.visibilities.push(touched ? VISIBILITIES.indexOf(touched.visibility) : -1);
      history.recordedUntil.push(Math.max(history.recordedUntil.at(-1) ?? 0, event.recordedAt.getTime()));
      if (event.version % SNAPSHOT_EVERY === 0) history.snapshots[event.version / SNAPSHOT_EVERY] = history.current;
    }
    this.histories.set(processId, history);
    return history;
  }
}

/** The number of leading versions recorded strictly before the instant (binary search on the envelope). */
export function prefixRecordedBefore(recordedUntil: readonly number[], instant: number): number {
  let low = 0;
  let high = recordedUntil.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (recordedUntil[middle] < instant) low = middle + 1;
    else high = middle;
  }
  return low;
}

function step(state: RecordedState, event: RecordedEvent): RecordedState {
  const process = evolve(state.process, event);
  const { milestoneId } = (event.data ?? {}) as { milestoneId?: string };
  if (milestoneId === undefined) return { process, facts: state.facts };
  if (event.type === 'MilestoneLogged') {
    const logged: RecordedFacts = {
      retractionReason: null,
      loggedAt: event.recordedAt,
      loggedBy: event.metadata.actor.name,
      correctedAt: null,
      lastPosition: event.position,
    };
    return { process, facts: state.facts.set(milestoneId, logged) };
  }
  const known = state.facts.get(milestoneId);
  if (!known) return { process, facts: state.facts };
  if (event.type === 'MilestoneCorrected') {
    return { process, facts: state.facts.set(milestoneId, { ...known, correctedAt: event.recordedAt, lastPosition: event.position }) };
  }
  if (isEventOf<RecordedProcessEvent<'MilestoneRetracted'>>(event, ['MilestoneRetracted'])) {
    return { process, facts: state.facts.set(milestoneId, { ...known, retractionReason: event.data.reason, lastPosition: event.position }) };
  }
  return { process, facts: state.facts };
}
