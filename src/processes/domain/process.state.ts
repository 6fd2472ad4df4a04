import { PersistentMap } from './persistent-map.js';
import type { MilestoneChanges, MilestoneFields, ProcessEvent } from './process.events.js';
import type {
  BuildingBlock,
  DeadlineKind,
  Language,
  Rating,
  SubscriptionChannel,
} from './process.vocabulary.js';

export interface MilestoneState extends MilestoneFields {
  milestoneId: string;
  retracted: boolean;
}

export type DeadlineStatus = 'open' | 'met' | 'cancelled';

export interface DeadlineState {
  deadlineId: string;
  title: string;
  kind: DeadlineKind;
  dueAt: string;
  timezone: string;
  remindBefore: string[];
  notifyOverdue: boolean;
  status: DeadlineStatus;
}

export interface SubscriptionState {
  subscriptionId: string;
  channel: SubscriptionChannel;
  subjectId: string;
  language: Language;
  timezone?: string;
  active: boolean;
}

export interface BlockAssessmentState {
  count: number;
  last?: { assessmentId: string; rating: Rating; rationale: string; evidence: string[] };
}

export interface ProcessState {
  exists: boolean;
  processId?: string;
  title?: string;
  mandate?: string;
  description?: string;
  reviewDueAt?: string;
  timezone?: string;
  milestones: PersistentMap<MilestoneState>;
  deadlines: PersistentMap<DeadlineState>;
  subscriptions: PersistentMap<SubscriptionState>;
  /** assessmentId → block, to refuse a reused id. */
  assessmentIds: PersistentMap<BuildingBlock>;
  assessments: Readonly<Record<BuildingBlock, BlockAssessmentState>>;
}

export const initialProcessState: ProcessState = Object.freeze({
  exists: false,
  milestones: PersistentMap.empty<MilestoneState>(),
  deadlines: PersistentMap.empty<DeadlineState>(),
  subscriptions: PersistentMap.empty<SubscriptionState>(),
  assessmentIds: PersistentMap.empty<BuildingBlock>(),
  assessments: Object.freeze({
    1: { count: 0 },
    2: { count: 0 },
    3: { count: 0 },
    4: { count: 0 },
    5: { count: 0 },
    6: { count: 0 },
    7: { count: 0 },
  }),
});

export function applyMilestoneChanges(milestone: MilestoneState, changes: MilestoneChanges): MilestoneState {
  const next: Record<string, unknown> = { ...milestone };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next as unknown as MilestoneState;
}

/** Never mutates its input (persistent maps, O(log32 n) per event) so cached snapshots stay valid; unknown types are ignored. */
export function evolve(state: ProcessState, event: ProcessEvent | { type: string; data: unknown }): ProcessState {
  const e = event as ProcessEvent;
  switch (e.type) {
    case 'ProcessOpened': {
      const { processId, title, mandate, description, reviewDueAt, timezone } = e.data;
      return { ...state, exists: true, processId, title, mandate, description, reviewDueAt, timezone };
    }
    case 'MilestoneLogged':
      return { ...state, milestones: state.milestones.set(e.data.milestoneId, { ...e.data, retracted: false }) };
    case 'MilestoneCorrected': {
      const current = state.milestones.get(e.data.milestoneId);
      if (!current) return state;
      return { ...state, milestones: state.milestones.set(current.milestoneId, applyMilestoneChanges(current, e.data.changes)) };
    }
    case 'MilestoneRetracted': {
      const current = state.milestones.get(e.data.milestoneId);
      if (!current) return state;
      return { ...state, milestones: state.milestones.set(current.milestoneId, { ...current, retracted: true }) };
    }
    case 'BuildingBlockAssessed': {
      const { assessmentId, buildingBlock, rating, rationale, evidence } = e.data;
      const previous = state.assessments[buildingBlock];
      if (!previous) return state;
      return {
        ...state,
        assessmentIds: state.assessmentIds.set(assessmentId, buildingBlock),
        assessments: {
          ...state.assessments,
          [buildingBlock]: { count: previous.count + 1, last: { assessmentId, rating, rationale, evidence } },
        },
      };
    }
    case 'DeadlineSet':
      return { ...state, deadlines: state.deadlines.set(e.data.deadlineId, { ...e.data, status: 'open' }) };
    case 'DeadlineMoved':
      return updateDeadline(state, e.data.deadlineId, { dueAt: e.data.dueAt });
    case 'DeadlineMet':
      return updateDeadline(state, e.data.deadlineId, { status: 'met' });
    case 'DeadlineCancelled':
      return updateDeadline(state, e.data.deadlineId, { status: 'cancelled' });
    case 'SubscriptionAdded': {
      const { subscriptionId, channel, subjectId, language, timezone } = e.data;
      const subscription: SubscriptionState = { subscriptionId, channel, subjectId, language, active: true };
      if (timezone !== undefined) subscription.timezone = timezone;
      return { ...state, subscriptions: state.subscriptions.set(subscriptionId, subscription) };
    }
    case 'SubscriptionEnded': {
      const current = state.subscriptions.get(e.data.subscriptionId);
      if (!current) return state;
      return { ...state, subscriptions: state.subscriptions.set(current.subscriptionId, { ...current, active: false }) };
    }
    default:
      return state;
  }
}

function updateDeadline(state: ProcessState, deadlineId: string, patch: Partial<DeadlineState>): ProcessState {
  const current = state.deadlines.get(deadlineId);
  if (!current) return state;
  return { ...state, deadlines: state.deadlines.set(deadlineId, { ...current, ...patch }) };
}

export function foldProcess(
  events: Iterable<ProcessEvent | { type: string; data: unknown }>,
  from: ProcessState = initialProcessState,
): ProcessState {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
}
