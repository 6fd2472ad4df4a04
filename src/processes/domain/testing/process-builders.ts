import type {
  AddSubscription,
  AssessBuildingBlock,
  CancelDeadline,
  CorrectMilestone,
  EndSubscription,
  LogMilestone,
  MarkDeadlineMet,
  MoveDeadline,
  OpenProcess,
  RetractMilestone,
  SetDeadline,
} from '../process.decisions.js';
import { DomainError } from '../process.errors.js';
import type { EncryptedValue } from '../../../privacy/encrypted-value.js';
import type { ProcessEvent, ProcessEventOf, ProcessEventType } from '../process.events.js';
import { foldProcess, type ProcessState } from '../process.state.js';

export const PROCESS_ID = 'process-1';
export const MILESTONE_ID = 'milestone-1';
export const ASSESSMENT_ID = 'assessment-1';
export const DEADLINE_ID = 'deadline-1';
export const SUBSCRIPTION_ID = 'subscription-1';

type Data<T extends ProcessEventType> = ProcessEventOf<T>['data'];

export const anEncryptedValue = (overrides: Partial<EncryptedValue> = {}): EncryptedValue => ({
  keyId: 'key-1',
  iv: 'aXY=',
  ciphertext: 'Y2lwaGVy',
  tag: 'dGFn',
  ...overrides,
});

export const aProcessOpened = (overrides: Partial<Data<'ProcessOpened'>> = {}): ProcessEventOf<'ProcessOpened'> => ({
  type: 'ProcessOpened',
  data: { processId: PROCESS_ID, title: 'Review of resolution 68/268', timezone: 'Europe/Zurich', ...overrides },
});

export const aMilestoneLogged = (overrides: Partial<Data<'MilestoneLogged'>> = {}): ProcessEventOf<'MilestoneLogged'> => ({
  type: 'MilestoneLogged',
  data: {
    milestoneId: MILESTONE_ID,
    kind: 'consultation',
    title: 'Geneva consultations',
    occurredOn: '2020-08-28',
    stakeholders: ['States', 'CivilSociety'],
    buildingBlocks: [1],
    visibility: 'public',
    ...overrides,
  },
});

export const aMilestoneCorrected = (
  overrides: Partial<Data<'MilestoneCorrected'>> = {},
): ProcessEventOf<'MilestoneCorrected'> => ({
  type: 'MilestoneCorrected',
  data: { milestoneId: MILESTONE_ID, changes: { title: 'Corrected title' }, reason: 'typo', ...overrides },
});

export const aMilestoneRetracted = (
  overrides: Partial<Data<'MilestoneRetracted'>> = {},
): ProcessEventOf<'MilestoneRetracted'> => ({
  type: 'MilestoneRetracted',
  data: { milestoneId: MILESTONE_ID, reason: 'logged twice', ...overrides },
});

export const aBuildingBlockAssessed = (
  overrides: Partial<Data<'BuildingBlockAssessed'>> = {},
): ProcessEventOf<'BuildingBlockAssessed'> => ({
  type: 'BuildingBlockAssessed',
  data: {
    assessmentId: ASSESSMENT_ID,
    buildingBlock: 1,
    rating: 'partly-honoured',
    rationale: 'States and NGOs consulted separately',
    evidence: [MILESTONE_ID],
    ...overrides,
  },
});

export const aDeadlineSet = (overrides: Partial<Data<'DeadlineSet'>> = {}): ProcessEventOf<'DeadlineSet'> => ({
  type: 'DeadlineSet',
  data: {
    deadlineId: DEADLINE_ID,
    title: 'Written contributions due',
    kind: 'call-for-input',
    dueAt: '2020-07-07T23:59:00+02:00',
    timezone: 'Europe/Zurich',
    remindBefore: ['P7D', 'P1D'],
    notifyOverdue: true,
    ...overrides,
  },
});

export const aDeadlineMoved = (overrides: Partial<Data<'DeadlineMoved'>> = {}): ProcessEventOf<'DeadlineMoved'> => ({
  type: 'DeadlineMoved',
  data: {
    deadlineId: DEADLINE_ID,
    dueAt: '2020-07-14T23:59:00+02:00',
    previousDueAt: '2020-07-07T23:59:00+02:00',
    reason: 'extended by the co-facilitators',
    ...overrides,
  },
});

export const aDeadlineMet = (overrides: Partial<Data<'DeadlineMet'>> = {}): ProcessEventOf<'DeadlineMet'> => ({
  type: 'DeadlineMet',
  data: { deadlineId: DEADLINE_ID, ...overrides },
});

export const aDeadlineCancelled = (
  overrides: Partial<Data<'DeadlineCancelled'>> = {},
): ProcessEventOf<'DeadlineCancelled'> => ({
  type: 'DeadlineCancelled',
  data: { deadlineId: DEADLINE_ID, reason: 'call withdrawn', ...overrides },
});

export const aSubscriptionAdded = (
  overrides: Partial<Data<'SubscriptionAdded'>> = {},
): ProcessEventOf<'SubscriptionAdded'> => ({
  type: 'SubscriptionAdded',
  data: {
    subscriptionId: SUBSCRIPTION_ID,
    channel: 'email',
    subjectId: 'subject-1',
    address: anEncryptedValue(),
    language: 'en',
    ...overrides,
  },
});

export const aSubscriptionEnded = (
  overrides: Partial<Data<'SubscriptionEnded'>> = {},
): ProcessEventOf<'SubscriptionEnded'> => ({
  type: 'SubscriptionEnded',
  data: { subscriptionId: SUBSCRIPTION_ID, ...overrides },
});

export const anOpenProcess = (overrides: Partial<OpenProcess> = {}): OpenProcess => ({
  type: 'OpenProcess',
  processId: PROCESS_ID,
  title: 'Review of resolution 68/268',
  timezone: 'Europe/Zurich',
  ...overrides,
});

export const aLogMilestone = (overrides: Partial<LogMilestone> = {}): LogMilestone => ({
  type: 'LogMilestone',
  milestoneId: MILESTONE_ID,
  kind: 'consultation',
  title: 'Geneva consultations',
  occurredOn: '2020-08-28',
  stakeholders: ['States', 'CivilSociety'],
  buildingBlocks: [1],
  visibility: 'public',
  ...overrides,
});

export const aCorrectMilestone = (overrides: Partial<CorrectMilestone> = {}): CorrectMilestone => ({
  type: 'CorrectMilestone',
  milestoneId: MILESTONE_ID,
  changes: { title: 'Corrected title' },
  reason: 'typo',
  ...overrides,
});

export const aRetractMilestone = (overrides: Partial<RetractMilestone> = {}): RetractMilestone => ({
  type: 'RetractMilestone',
  milestoneId: MILESTONE_ID,
  reason: 'logged twice',
  ...overrides,
});

export const anAssessBuildingBlock = (overrides: Partial<AssessBuildingBlock> = {}): AssessBuildingBlock => ({
  type: 'AssessBuildingBlock',
  assessmentId: ASSESSMENT_ID,
  buildingBlock: 1,
  rating: 'partly-honoured',
  rationale: 'States and NGOs consulted separately',
  evidence: [MILESTONE_ID],
  ...overrides,
});

export const aSetDeadline = (overrides: Partial<SetDeadline> = {}): SetDeadline => ({
  type: 'SetDeadline',
  deadlineId: DEADLINE_ID,
  title: 'Written contributions due',
  kind: 'call-for-input',
  dueAt: '2020-07-07T23:59:00+02:00',
  timezone: 'Europe/Zurich',
  remindBefore: ['P7D', 'P1D'],
  notifyOverdue: true,
  ...overrides,
});

export const aMoveDeadline = (overrides: Partial<MoveDeadline> = {}): MoveDeadline => ({
  type: 'MoveDeadline',
  deadlineId: DEADLINE_ID,
  dueAt: '2020-07-14T23:59:00+02:00',
  reason: 'extended by the co-facilitators',
  ...overrides,
});

export const aMarkDeadlineMet = (overrides: Partial<MarkDeadlineMet> = {}): MarkDeadlineMet => ({
  type: 'MarkDeadlineMet',
  deadlineId: DEADLINE_ID,
  ...overrides,
});

export const aCancelDeadline = (overrides: Partial<CancelDeadline> = {}): CancelDeadline => ({
  type: 'CancelDeadline',
  deadlineId: DEADLINE_ID,
  reason: 'call withdrawn',
  ...overrides,
});

export const anAddSubscription = (overrides: Partial<AddSubscription> = {}): AddSubscription => ({
  type: 'AddSubscription',
  subscriptionId: SUBSCRIPTION_ID,
  channel: 'email',
  encryptedAddress: anEncryptedValue(),
  subjectId: 'subject-1',
  language: 'en',
  ...overrides,
});

export const anEndSubscription = (overrides: Partial<EndSubscription> = {}): EndSubscription => ({
  type: 'EndSubscription',
  subscriptionId: SUBSCRIPTION_ID,
  ...overrides,
});

export function given(...events: ProcessEvent[]): ProcessState {
  return foldProcess(events);
}

/** The DomainError a decision throws; anything else (success or another error) escapes. */
export function rejectionOf(decision: () => unknown): DomainError {
  try {
    decision();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but the decision succeeded');
}
