import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EventStore } from '../src/event-store/event-store.js';
import type { EventMetadata, NewEvent } from '../src/event-store/event-store.types.js';
import type { MilestoneFields, ProcessEvent, ProcessEventOf } from '../src/processes/domain/process.events.js';
import {
  DEADLINE_KINDS,
  MILESTONE_KINDS,
  RATINGS,
  STAKEHOLDER_GROUPS,
  type BuildingBlock,
  type Visibility,
} from '../src/processes/domain/process.vocabulary.js';
import { processStreamId } from '../src/processes/process-stream.js';

export const LOADER_METADATA: EventMetadata = {
  actor: { id: 'bench-loader', name: 'Benchmark loader', role: 'editor' },
  correlationId: 'bench-load',
};

/** Deterministic (mulberry32), so every run loads the same mix. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The fields of a realistic milestone (about 450 bytes of JSON), as an editor would log it. */
export function milestoneFields(n: number, random: () => number, visibility: Visibility): MilestoneFields {
  const year = 2015 + Math.floor(random() * 12);
  const first = Math.floor(random() * STAKEHOLDER_GROUPS.length);
  return {
    kind: MILESTONE_KINDS[Math.floor(random() * MILESTONE_KINDS.length)],
    title: `Informal consultation on treaty body strengthening, session ${n}`,
    occurredOn: `${year}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`,
    stakeholders: [STAKEHOLDER_GROUPS[first], STAKEHOLDER_GROUPS[(first + 3) % STAKEHOLDER_GROUPS.length]],
    buildingBlocks: [(1 + Math.floor(random() * 7)) as BuildingBlock],
    location: 'Palais des Nations, Geneva',
    source: { url: 'https://www.ohchr.org/en/treaty-bodies/strengthening', symbol: 'A/RES/68/268' },
    visibility,
    ...(n % 5 === 0 && { translations: { fr: { title: `Consultation informelle, session ${n}` }, es: { title: `Consulta oficiosa, sesión ${n}` } } }),
    confirmed: true,
  };
}

/** Each realistic process is followed by one e-mail and one webhook subscriber. */
const SUBSCRIBERS = ['email', 'webhook'] as const;
/** Stands for an address encrypted by the service: the projections store it as it is. */
const SEALED = { keyId: 'bench-subject', iv: 'aXY=', ciphertext: 'Y2lwaGVy', tag: 'dGFn' };

function subscriptionAdded(channel: (typeof SUBSCRIBERS)[number]): ProcessEventOf<'SubscriptionAdded'> {
  return {
    type: 'SubscriptionAdded',
    data: { subscriptionId: randomUUID(), channel, subjectId: randomUUID(), address: SEALED, ...(channel === 'webhook' && { secret: SEALED }), language: 'en' },
  };
}

/** Which events a history holds: milestones only, or the mix of a real review. */
export type Mix = 'milestones' | 'realistic';

const RECENT = 64;

/**
 * One process's history, valid by construction (a correction, retraction or assessment names a
 * live milestone, a deadline changes only while open), written straight as events: at a million
 * events, deciding through the domain would hold every process's full state in memory.
 */
export class ProcessHistory {
  readonly processId = randomUUID();
  readonly streamId = processStreamId(this.processId);
  /** Version of the stream after the last append. */
  version = 0;
  private produced = 0;
  private readonly random: () => number;
  /** The latest live milestones: corrections, retractions and evidence name recent ones, as editors do. */
  private readonly recent: string[] = [];
  private readonly openDeadlines: { deadlineId: string; dueAt: string }[] = [];

  constructor(
    private readonly mix: Mix,
    seed: number,
    private readonly publicShare = 0.8,
  ) {
    this.random = seededRandom(seed);
  }

  /** The next `count` events of the process, the first batch starting with ProcessOpened. */
  next(count: number): NewEvent[] {
    const events: ProcessEvent[] = [];
    if (this.produced === 0) {
      events.push({
        type: 'ProcessOpened',
        data: { processId: this.processId, title: `Treaty body review ${this.processId.slice(0, 8)}`, timezone: 'Europe/Zurich' },
      });
      // A review people follow: every deadline event of it plans or skips their reminders.
      if (this.mix === 'realistic') events.push(...SUBSCRIBERS.map((channel) => subscriptionAdded(channel)));
    }
    while (events.length < count) events.push(this.mix === 'milestones' ? this.milestone() : this.realistic());
    this.produced += events.length;
    return events;
  }

  private milestone(): ProcessEventOf<'MilestoneLogged'> {
    const milestoneId = randomUUID();
    this.recent.push(milestoneId);
    if (this.recent.length > RECENT) this.recent.shift();
    const visibility: Visibility = this.random() < this.publicShare ? 'public' : this.random() < 0.75 ? 'internal' : 'confidential';
    return { type: 'MilestoneLogged', data: { milestoneId, ...milestoneFields(this.produced, this.random, visibility) } };
  }

  /** About 80% milestones, 10% corrections, 2% retractions, 3% assessments, 5% deadline events. */
  private realistic(): ProcessEvent {
    const roll = this.random();
    const recent = this.recent;
    if (roll < 0.1 && recent.length > 0) {
      const milestoneId = recent[Math.floor(this.random() * recent.length)];
      return {
        type: 'MilestoneCorrected',
        data: { milestoneId, changes: { title: `Corrected title ${this.produced}-${Math.floor(this.random() * 1e9)}` }, reason: 'Typo in the title' },
      };
    }
    if (roll < 0.12 && recent.length > 2) {
      const milestoneId = recent.splice(Math.floor(this.random() * recent.length), 1)[0];
      return { type: 'MilestoneRetracted', data: { milestoneId, reason: 'Logged twice' } };
    }
    if (roll < 0.15 && recent.length > 1) {
      return {
        type: 'BuildingBlockAssessed',
        data: {
          assessmentId: randomUUID(),
          buildingBlock: (1 + Math.floor(this.random() * 7)) as BuildingBlock,
          rating: RATINGS[Math.floor(this.random() * RATINGS.length)],
          rationale: 'Consultations were open to civil society and NHRIs, but the outcome ignored their input.',
          evidence: recent.slice(-2),
        },
      };
    }
    if (roll < 0.2) return this.deadlineEvent();
    return this.milestone();
  }

  private deadlineEvent(): ProcessEvent {
    const open = this.openDeadlines;
    if (open.length < 3 || this.random() < 0.3) {
      const deadlineId = randomUUID();
      const dueAt = `${2027 + Math.floor(this.random() * 5)}-0${1 + Math.floor(this.random() * 9)}-15T17:00:00+02:00`;
      open.push({ deadlineId, dueAt });
      return {
        type: 'DeadlineSet',
        data: {
          deadlineId,
          title: `Call for input ${this.produced}`,
          kind: DEADLINE_KINDS[Math.floor(this.random() * DEADLINE_KINDS.length)],
          dueAt,
          timezone: 'Europe/Zurich',
          remindBefore: ['P7D', 'P1D'],
          notifyOverdue: true,
        },
      };
    }
    const index = Math.floor(this.random() * open.length);
    const deadline = open[index];
    const roll = this.random();
    if (roll < 0.5) {
      const previousDueAt = deadline.dueAt;
      // The day moves forward by one each time (the 28th at most): never the instant it already has.
      const day = Math.min(28, Number(previousDueAt.slice(8, 10)) + 1);
      deadline.dueAt = `${previousDueAt.slice(0, 8)}${pad(day)}${previousDueAt.slice(10)}`;
      if (deadline.dueAt !== previousDueAt) {
        return { type: 'DeadlineMoved', data: { deadlineId: deadline.deadlineId, dueAt: deadline.dueAt, previousDueAt, reason: 'Extended' } };
      }
    }
    open.splice(index, 1);
    return roll < 0.85
      ? { type: 'DeadlineMet', data: { deadlineId: deadline.deadlineId } }
      : { type: 'DeadlineCancelled', data: { deadlineId: deadline.deadlineId, reason: 'Session postponed' } };
  }
}

/** Appends `count` events to a history in appends of `batch`, through the real store (hashes, triggers). */
export async function appendHistory(store: EventStore, history: ProcessHistory, count: number, batch: number): Promise<void> {
  for (let done = 0; done < count; ) {
    const events = history.next(Math.min(batch, count - done));
    const result = await store.appendToStream(
      history.streamId,
      events,
      { expectedVersion: history.version === 0 ? 'no-stream' : history.version },
      LOADER_METADATA,
    );
    history.version = result.streamVersion;
    done += events.length;
  }
}

export interface LoadPlan {
  events: number;
  processes: number;
  /** Events per append: the log interleaves the processes at this grain. */
  batch: number;
  /** Concurrent appenders, each with its own processes. */
  writers: number;
  mix: Mix;
  log?: (message: string) => void;
}

/** Loads a log of many processes, round-robin in appends of `batch`; returns the histories and seconds taken. */
export async function loadLog(store: EventStore, plan: LoadPlan): Promise<{ histories: ProcessHistory[]; seconds: number }> {
  const histories = Array.from({ length: plan.processes }, (_, i) => new ProcessHistory(plan.mix, i + 1));
  const perProcess = Math.ceil(plan.events / plan.processes);
  const rounds = Math.ceil(perProcess / plan.batch);
  const start = performance.now();
  let loaded = 0;
  let reported = start;
  await Promise.all(
    Array.from({ length: plan.writers }, async (_, writer) => {
      const mine = histories.filter((_, i) => i % plan.writers === writer);
      for (let round = 0; round < rounds; round++) {
        for (const history of mine) {
          const count = Math.min(plan.batch, perProcess - round * plan.batch);
          await appendHistory(store, history, count, count);
          loaded += count;
          if (plan.log && performance.now() - reported > 10_000) {
            reported = performance.now();
            plan.log(`loaded ${loaded.toLocaleString('en')} events (${Math.round(loaded / ((reported - start) / 1000)).toLocaleString('en')}/s)`);
          }
        }
      }
    }),
  );
  return { histories, seconds: (performance.now() - start) / 1000 };
}
