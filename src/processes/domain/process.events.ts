import type { EncryptedValue } from '../../privacy/encrypted-value.js';
import type {
  BuildingBlock,
  DeadlineKind,
  Language,
  MilestoneKind,
  Rating,
  StakeholderGroup,
  SubscriptionChannel,
  TranslationLanguage,
  Visibility,
} from './process.vocabulary.js';

export interface MilestoneSource {
  url?: string;
  symbol?: string;
}

export type MilestoneTranslations = { [L in TranslationLanguage]?: { title: string } };

export interface MilestoneFields {
  kind: MilestoneKind;
  title: string;
  /** YYYY-MM-DD calendar date. */
  occurredOn: string;
  endsOn?: string;
  stakeholders: StakeholderGroup[];
  buildingBlocks: BuildingBlock[];
  location?: string;
  source?: MilestoneSource;
  visibility: Visibility;
  notes?: string;
  translations?: MilestoneTranslations;
  confirmed?: boolean;
}

/** Only the fields that changed; null removes an optional field. */
export interface MilestoneChanges {
  kind?: MilestoneKind;
  title?: string;
  occurredOn?: string;
  endsOn?: string | null;
  stakeholders?: StakeholderGroup[];
  buildingBlocks?: BuildingBlock[];
  location?: string | null;
  source?: MilestoneSource | null;
  visibility?: Visibility;
  notes?: string | null;
  translations?: MilestoneTranslations | null;
  confirmed?: boolean;
}

export const CORRECTABLE_FIELDS = [
  'kind',
  'title',
  'occurredOn',
  'endsOn',
  'stakeholders',
  'buildingBlocks',
  'location',
  'source',
  'visibility',
  'notes',
  'translations',
  'confirmed',
] as const satisfies readonly (keyof MilestoneChanges)[];

export type ProcessEvent =
  | {
      type: 'ProcessOpened';
      /** reviewDueAt: YYYY-MM-DD or an ISO 8601 instant with offset. */
      data: { processId: string; title: string; mandate?: string; description?: string; reviewDueAt?: string; timezone: string };
    }
  | { type: 'MilestoneLogged'; data: { milestoneId: string } & MilestoneFields }
  | { type: 'MilestoneCorrected'; data: { milestoneId: string; changes: MilestoneChanges; reason: string } }
  | { type: 'MilestoneRetracted'; data: { milestoneId: string; reason: string } }
  | {
      type: 'BuildingBlockAssessed';
      data: { assessmentId: string; buildingBlock: BuildingBlock; rating: Rating; rationale: string; evidence: string[] };
    }
  | {
      type: 'DeadlineSet';
      data: {
        deadlineId: string;
        title: string;
        kind: DeadlineKind;
        dueAt: string;
        timezone: string;
        remindBefore: string[];
        notifyOverdue: boolean;
      };
    }
  | { type: 'DeadlineMoved'; data: { deadlineId: string; dueAt: string; previousDueAt: string; reason: string } }
  | { type: 'DeadlineMet'; data: { deadlineId: string } }
  | { type: 'DeadlineCancelled'; data: { deadlineId: string; reason: string } }
  | {
      type: 'SubscriptionAdded';
      data: {
        subscriptionId: string;
        channel: SubscriptionChannel;
        /** Stable id of the person behind the address, so an erasure can find every subscription. */
        subjectId: string;
        address: EncryptedValue;
        secret?: EncryptedValue;
        language: Language;
        timezone?: string;
      };
    }
  | { type: 'SubscriptionEnded'; data: { subscriptionId: string; reason?: string } }
  | { type: 'ReminderSent'; data: ReminderOutcome & { late: boolean } }
  | { type: 'ReminderFailed'; data: ReminderOutcome & { reason: string } }
  | {
      type: 'ImportApplied';
      /** Closes an import's rows, written under the same correlation id: how many rows became which event. */
      data: { importId: string; fileName: string; logged: number; corrected: number; deadlinesSet: number; deadlinesChanged: number; unchanged: number; refused: number };
    };

/** One reminder of the ledger as its delivery outcome names it: ids, never the address. */
export interface ReminderOutcome {
  reminderId: string;
  deadlineId: string;
  subscriptionId: string;
  channel: SubscriptionChannel;
  /** The ISO duration before the deadline, or 'overdue'. */
  offset: string;
  /** The instant the reminder was due. */
  dueAt: string;
  /** Delivery attempts made, this one included. */
  attempts: number;
}

export type ProcessEventType = ProcessEvent['type'];
export type ProcessEventOf<T extends ProcessEventType> = Extract<ProcessEvent, { type: T }>;

// A record keyed by the union makes the compiler reject a missing or extra type.
const EVENT_TYPE_SET = {
  ProcessOpened: true,
  MilestoneLogged: true,
  MilestoneCorrected: true,
  MilestoneRetracted: true,
  BuildingBlockAssessed: true,
  DeadlineSet: true,
  DeadlineMoved: true,
  DeadlineMet: true,
  DeadlineCancelled: true,
  SubscriptionAdded: true,
  SubscriptionEnded: true,
  ReminderSent: true,
  ReminderFailed: true,
  ImportApplied: true,
} as const satisfies Record<ProcessEventType, true>;

export const PROCESS_EVENT_TYPES = Object.keys(EVENT_TYPE_SET) as readonly ProcessEventType[];

export function isProcessEventType(type: string): type is ProcessEventType {
  return Object.hasOwn(EVENT_TYPE_SET, type);
}
