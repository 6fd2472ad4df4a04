import type { EncryptedValue } from '../../privacy/encrypted-value.js';
import { DomainError } from './process.errors.js';
import {
  CORRECTABLE_FIELDS,
  type MilestoneChanges,
  type MilestoneFields,
  type MilestoneSource,
  type MilestoneTranslations,
  type ProcessEvent,
  type ProcessEventOf,
} from './process.events.js';
import { applyMilestoneChanges, type DeadlineState, type MilestoneState, type ProcessState } from './process.state.js';
import {
  instantMillis,
  isCalendarDate,
  isInstantWithOffset,
  isPlainObject,
  LONG_TEXT_MAX_LENGTH,
  optionalFlag,
  optionalSource,
  optionalText,
  optionalTranslations,
  REASON_MAX_LENGTH,
  requireBuildingBlock,
  requireBuildingBlocks,
  requireCalendarDate,
  requireDueAt,
  requireEncryptedValue,
  requireId,
  requireReason,
  requireReminderOffsets,
  requireStakeholders,
  requireChannelName,
  requireTimeZone,
  requireTitle,
  SHORT_TEXT_MAX_LENGTH,
} from './process.validation.js';
import {
  isDeadlineKind,
  isLanguage,
  LANGUAGES,
  isMilestoneKind,
  isRating,
  isVisibility,
  type BuildingBlock,
  type DeadlineKind,
  type Language,
  type MilestoneKind,
  type Rating,
  type StakeholderGroup,
  type SubscriptionChannel,
  type Visibility,
} from './process.vocabulary.js';

export const DEFAULT_PROCESS_TIMEZONE = 'UTC';

export interface OpenProcess {
  type: 'OpenProcess';
  processId: string;
  title: string;
  mandate?: string;
  description?: string;
  /** YYYY-MM-DD or an ISO 8601 instant with offset. */
  reviewDueAt?: string;
  /** IANA zone; UTC when absent. */
  timezone?: string;
}

export interface MilestoneInput {
  kind: MilestoneKind;
  title: string;
  occurredOn: string;
  endsOn?: string | null;
  stakeholders: StakeholderGroup[];
  buildingBlocks: BuildingBlock[];
  location?: string | null;
  source?: MilestoneSource | null;
  visibility: Visibility;
  notes?: string | null;
  translations?: MilestoneTranslations | null;
  confirmed?: boolean;
}

export interface LogMilestone extends MilestoneInput {
  type: 'LogMilestone';
  milestoneId: string;
}

export interface CorrectMilestone {
  type: 'CorrectMilestone';
  milestoneId: string;
  /** Any subset of CORRECTABLE_FIELDS; null clears an optional field. */
  changes: MilestoneChanges;
  reason: string;
}

export interface RetractMilestone {
  type: 'RetractMilestone';
  milestoneId: string;
  reason: string;
}

export interface AssessBuildingBlock {
  type: 'AssessBuildingBlock';
  assessmentId: string;
  buildingBlock: BuildingBlock;
  rating: Rating;
  rationale: string;
  evidence: string[];
}

export interface SetDeadline {
  type: 'SetDeadline';
  deadlineId: string;
  title: string;
  kind: DeadlineKind;
  dueAt: string;
  timezone: string;
  remindBefore: string[];
  /** True when absent: overdue deadlines are reminded once more. */
  notifyOverdue?: boolean;
}

export interface MoveDeadline {
  type: 'MoveDeadline';
  deadlineId: string;
  dueAt: string;
  reason: string;
}

export interface MarkDeadlineMet {
  type: 'MarkDeadlineMet';
  deadlineId: string;
}

export interface CancelDeadline {
  type: 'CancelDeadline';
  deadlineId: string;
  reason: string;
}

export interface AddSubscription {
  type: 'AddSubscription';
  subscriptionId: string;
  channel: SubscriptionChannel;
  /** The address, checked by its channel before the command is made: the domain sees it only encrypted. */
  encryptedAddress: EncryptedValue;
  subjectId: string;
  /** For channels that sign what they send (webhooks). */
  encryptedSecret?: EncryptedValue;
  language: Language;
  timezone?: string;
}

export interface EndSubscription {
  type: 'EndSubscription';
  subscriptionId: string;
  reason?: string;
}

export interface RecordImport {
  type: 'RecordImport';
  importId: string;
  fileName: string;
  logged: number;
  corrected: number;
  deadlinesSet: number;
  deadlinesChanged: number;
  unchanged: number;
  refused: number;
}

export type ProcessCommand =
  | OpenProcess
  | LogMilestone
  | CorrectMilestone
  | RetractMilestone
  | AssessBuildingBlock
  | SetDeadline
  | MoveDeadline
  | MarkDeadlineMet
  | CancelDeadline
  | AddSubscription
  | EndSubscription
  | RecordImport;

export type ProcessCommandType = ProcessCommand['type'];

/** Pure and deterministic: the same command on the same state gives the same events, or throws a DomainError. */
export function decide(command: ProcessCommand, state: ProcessState): ProcessEvent[] {
  if (!isPlainObject(command)) throw new DomainError('unknown-command', 'a command must be an object');
  const c = command as ProcessCommand;
  if (c.type === 'OpenProcess') return [openProcess(c, state)];
  if (!state.exists) throw new DomainError('process-not-found', 'the process does not exist');
  switch (c.type) {
    case 'LogMilestone':
      return [logMilestone(c, state)];
    case 'CorrectMilestone':
      return [correctMilestone(c, state)];
    case 'RetractMilestone':
      return [retractMilestone(c, state)];
    case 'AssessBuildingBlock':
      return [assessBuildingBlock(c, state)];
    case 'SetDeadline':
      return [setDeadline(c, state)];
    case 'MoveDeadline':
      return [moveDeadline(c, state)];
    case 'MarkDeadlineMet':
      return [markDeadlineMet(c, state)];
    case 'CancelDeadline':
      return [cancelDeadline(c, state)];
    case 'AddSubscription':
      return [addSubscription(c, state)];
    case 'EndSubscription':
      return [endSubscription(c, state)];
    case 'RecordImport':
      return [recordImport(c)];
    default:
      throw new DomainError('unknown-command', 'unknown command type', 'type');
  }
}

function openProcess(c: OpenProcess, state: ProcessState): ProcessEventOf<'ProcessOpened'> {
  if (state.exists) throw new DomainError('process-already-opened', 'the process is already open');
  const processId = requireId(c.processId, 'processId');
  const data: ProcessEventOf<'ProcessOpened'>['data'] = { processId, title: requireTitle(c.title), timezone: '' };
  const mandate = optionalText(c.mandate, 'mandate', SHORT_TEXT_MAX_LENGTH);
  if (mandate !== undefined) data.mandate = mandate;
  const description = optionalText(c.description, 'description', LONG_TEXT_MAX_LENGTH);
  if (description !== undefined) data.description = description;
  if (c.reviewDueAt !== undefined && c.reviewDueAt !== null) {
    if (!isCalendarDate(c.reviewDueAt) && !isInstantWithOffset(c.reviewDueAt)) {
      throw new DomainError(
        'invalid-review-due-at',
        'reviewDueAt must be YYYY-MM-DD or an ISO 8601 date and time with an offset',
        'reviewDueAt',
      );
    }
    data.reviewDueAt = c.reviewDueAt;
  }
  data.timezone = c.timezone === undefined || c.timezone === null ? DEFAULT_PROCESS_TIMEZONE : requireTimeZone(c.timezone);
  return { type: 'ProcessOpened', data };
}

type FieldNormalizers = { [K in keyof MilestoneChanges]-?: (value: unknown, field: string) => MilestoneChanges[K] };

// Shared by logging and correcting, so a correction can never store what logging would refuse.
const MILESTONE_FIELDS: FieldNormalizers = {
  kind: (v, f) => {
    if (!isMilestoneKind(v)) throw new DomainError('unknown-milestone-kind', `${f} is not a milestone kind`, f);
    return v;
  },
  title: (v, f) => requireTitle(v, f),
  occurredOn: (v, f) => requireCalendarDate(v, f),
  endsOn: (v, f) => (v === undefined || v === null ? null : requireCalendarDate(v, f)),
  stakeholders: (v, f) => requireStakeholders(v, f),
  buildingBlocks: (v, f) => requireBuildingBlocks(v, f),
  location: (v, f) => optionalText(v, f, SHORT_TEXT_MAX_LENGTH) ?? null,
  source: (v, f) => optionalSource(v, f) ?? null,
  visibility: (v, f) => {
    if (!isVisibility(v)) throw new DomainError('invalid-visibility', `${f} must be public, internal or confidential`, f);
    return v;
  },
  notes: (v, f) => optionalText(v, f, LONG_TEXT_MAX_LENGTH) ?? null,
  translations: (v, f) => optionalTranslations(v, f) ?? null,
  confirmed: (v, f) => optionalFlag(v, f),
};

function checkSpan(fields: { occurredOn: string; endsOn?: string }, field: string): void {
  // YYYY-MM-DD strings order like the dates they name.
  if (fields.endsOn !== undefined && fields.endsOn < fields.occurredOn) {
    throw new DomainError('ends-before-occurs', 'endsOn must not be before occurredOn', field);
  }
}

function logMilestone(c: LogMilestone, state: ProcessState): ProcessEventOf<'MilestoneLogged'> {
  const milestoneId = requireId(c.milestoneId, 'milestoneId');
  if (state.milestones.has(milestoneId)) throw new DomainError('duplicate-id', 'milestoneId is already used', 'milestoneId');
  const fields: Record<string, unknown> = {};
  for (const name of CORRECTABLE_FIELDS) {
    const value = MILESTONE_FIELDS[name]((c as unknown as Record<string, unknown>)[name], name);
    if (value !== null && value !== undefined) fields[name] = value;
  }
  const milestone = fields as unknown as MilestoneFields;
  checkSpan(milestone, 'endsOn');
  return { type: 'MilestoneLogged', data: { milestoneId, ...milestone } };
}

function findMilestone(state: ProcessState, id: unknown): MilestoneState {
  const milestone = typeof id === 'string' ? state.milestones.get(id) : undefined;
  if (!milestone) throw new DomainError('milestone-not-found', 'no such milestone in this process', 'milestoneId');
  if (milestone.retracted) throw new DomainError('milestone-retracted', 'the milestone was retracted', 'milestoneId');
  return milestone;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function correctMilestone(c: CorrectMilestone, state: ProcessState): ProcessEventOf<'MilestoneCorrected'> {
  const current = findMilestone(state, c.milestoneId);
  if (!isPlainObject(c.changes)) throw new DomainError('empty-correction', 'changes must name at least one field', 'changes');
  const given = c.changes as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const name of Object.keys(given)) {
    if (!(CORRECTABLE_FIELDS as readonly string[]).includes(name)) {
      throw new DomainError('unknown-correction-field', `changes.${name} cannot be corrected`, `changes.${name}`);
    }
    if (given[name] === undefined) continue;
    const field = name as keyof MilestoneChanges;
    const value = MILESTONE_FIELDS[field](given[name], `changes.${name}`);
    if (!sameValue(value, current[field])) changes[name] = value;
  }
  if (Object.keys(changes).length === 0) {
    throw new DomainError('empty-correction', 'changes must differ from the milestone as recorded', 'changes');
  }
  const reason = requireReason(c.reason);
  checkSpan(applyMilestoneChanges(current, changes), 'endsOn' in changes ? 'changes.endsOn' : 'changes.occurredOn');
  return {
    type: 'MilestoneCorrected',
    data: { milestoneId: current.milestoneId, changes: changes as MilestoneChanges, reason },
  };
}

function retractMilestone(c: RetractMilestone, state: ProcessState): ProcessEventOf<'MilestoneRetracted'> {
  const current = findMilestone(state, c.milestoneId);
  return { type: 'MilestoneRetracted', data: { milestoneId: current.milestoneId, reason: requireReason(c.reason) } };
}

function assessBuildingBlock(c: AssessBuildingBlock, state: ProcessState): ProcessEventOf<'BuildingBlockAssessed'> {
  const assessmentId = requireId(c.assessmentId, 'assessmentId');
  if (state.assessmentIds.has(assessmentId)) {
    throw new DomainError('duplicate-id', 'assessmentId is already used', 'assessmentId');
  }
  const buildingBlock = requireBuildingBlock(c.buildingBlock);
  if (!isRating(c.rating)) {
    throw new DomainError('invalid-rating', 'rating must be not-honoured, at-risk, partly-honoured or honoured', 'rating');
  }
  const rationale = optionalText(c.rationale, 'rationale', LONG_TEXT_MAX_LENGTH);
  if (rationale === undefined) throw new DomainError('rationale-required', 'rationale is required', 'rationale');
  const evidence: string[] = [];
  const given: unknown = c.evidence ?? [];
  if (!Array.isArray(given)) throw new DomainError('evidence-not-found', 'evidence must be a list of milestone ids', 'evidence');
  given.forEach((id: unknown, i) => {
    const milestone = typeof id === 'string' ? state.milestones.get(id) : undefined;
    if (!milestone) throw new DomainError('evidence-not-found', `evidence[${i}] is not a milestone of this process`, `evidence[${i}]`);
    if (milestone.retracted) throw new DomainError('evidence-retracted', `evidence[${i}] was retracted`, `evidence[${i}]`);
    if (!evidence.includes(milestone.milestoneId)) evidence.push(milestone.milestoneId);
  });
  return { type: 'BuildingBlockAssessed', data: { assessmentId, buildingBlock, rating: c.rating, rationale, evidence } };
}

function setDeadline(c: SetDeadline, state: ProcessState): ProcessEventOf<'DeadlineSet'> {
  const deadlineId = requireId(c.deadlineId, 'deadlineId');
  if (state.deadlines.has(deadlineId)) throw new DomainError('duplicate-id', 'deadlineId is already used', 'deadlineId');
  const title = requireTitle(c.title);
  if (!isDeadlineKind(c.kind)) throw new DomainError('unknown-deadline-kind', 'kind is not a deadline kind', 'kind');
  return {
    type: 'DeadlineSet',
    data: {
      deadlineId,
      title,
      kind: c.kind,
      dueAt: requireDueAt(c.dueAt),
      timezone: requireTimeZone(c.timezone),
      remindBefore: requireReminderOffsets(c.remindBefore),
      notifyOverdue: optionalFlag(c.notifyOverdue, 'notifyOverdue') ?? true,
    },
  };
}

function findOpenDeadline(state: ProcessState, id: unknown): DeadlineState {
  const deadline = typeof id === 'string' ? state.deadlines.get(id) : undefined;
  if (!deadline) throw new DomainError('deadline-not-found', 'no such deadline in this process', 'deadlineId');
  if (deadline.status !== 'open') throw new DomainError('deadline-closed', `the deadline is ${deadline.status}`, 'deadlineId');
  return deadline;
}

function moveDeadline(c: MoveDeadline, state: ProcessState): ProcessEventOf<'DeadlineMoved'> {
  const deadline = findOpenDeadline(state, c.deadlineId);
  const dueAt = requireDueAt(c.dueAt);
  if (instantMillis(dueAt) === instantMillis(deadline.dueAt)) {
    throw new DomainError('deadline-unchanged', 'dueAt is the instant the deadline already has', 'dueAt');
  }
  const reason = requireReason(c.reason);
  return { type: 'DeadlineMoved', data: { deadlineId: deadline.deadlineId, dueAt, previousDueAt: deadline.dueAt, reason } };
}

function markDeadlineMet(c: MarkDeadlineMet, state: ProcessState): ProcessEventOf<'DeadlineMet'> {
  return { type: 'DeadlineMet', data: { deadlineId: findOpenDeadline(state, c.deadlineId).deadlineId } };
}

function cancelDeadline(c: CancelDeadline, state: ProcessState): ProcessEventOf<'DeadlineCancelled'> {
  const deadline = findOpenDeadline(state, c.deadlineId);
  return { type: 'DeadlineCancelled', data: { deadlineId: deadline.deadlineId, reason: requireReason(c.reason) } };
}

function addSubscription(c: AddSubscription, state: ProcessState): ProcessEventOf<'SubscriptionAdded'> {
  const subscriptionId = requireId(c.subscriptionId, 'subscriptionId');
  if (state.subscriptions.has(subscriptionId)) {
    throw new DomainError('duplicate-id', 'subscriptionId is already used', 'subscriptionId');
  }
  if (!isLanguage(c.language)) throw new DomainError('unsupported-language', `language must be one of ${LANGUAGES.join(', ')}`, 'language');
  const data: ProcessEventOf<'SubscriptionAdded'>['data'] = {
    subscriptionId,
    channel: requireChannelName(c.channel),
    subjectId: requireId(c.subjectId, 'subjectId'),
    address: requireEncryptedValue(c.encryptedAddress, 'encryptedAddress'),
    language: c.language,
  };
  if (c.encryptedSecret !== undefined && c.encryptedSecret !== null) {
    data.secret = requireEncryptedValue(c.encryptedSecret, 'encryptedSecret');
  }
  if (c.timezone !== undefined && c.timezone !== null) data.timezone = requireTimeZone(c.timezone);
  return { type: 'SubscriptionAdded', data };
}

function endSubscription(c: EndSubscription, state: ProcessState): ProcessEventOf<'SubscriptionEnded'> {
  const subscription = typeof c.subscriptionId === 'string' ? state.subscriptions.get(c.subscriptionId) : undefined;
  if (!subscription) throw new DomainError('subscription-not-found', 'no such subscription in this process', 'subscriptionId');
  if (!subscription.active) throw new DomainError('subscription-ended', 'the subscription has ended', 'subscriptionId');
  const data: ProcessEventOf<'SubscriptionEnded'>['data'] = { subscriptionId: subscription.subscriptionId };
  const reason = optionalText(c.reason, 'reason', REASON_MAX_LENGTH);
  if (reason !== undefined) data.reason = reason;
  return { type: 'SubscriptionEnded', data };
}

function recordImport(c: RecordImport): ProcessEventOf<'ImportApplied'> {
  const count = (value: unknown, field: string): number => {
    if (!Number.isSafeInteger(value) || (value as number) < 0) throw new DomainError('invalid-count', `${field} must be a whole number`, field);
    return value as number;
  };
  return {
    type: 'ImportApplied',
    data: {
      importId: requireId(c.importId, 'importId'),
      fileName: optionalText(c.fileName, 'fileName', SHORT_TEXT_MAX_LENGTH) ?? 'upload',
      logged: count(c.logged, 'logged'),
      corrected: count(c.corrected, 'corrected'),
      deadlinesSet: count(c.deadlinesSet, 'deadlinesSet'),
      deadlinesChanged: count(c.deadlinesChanged, 'deadlinesChanged'),
      unchanged: count(c.unchanged, 'unchanged'),
      refused: count(c.refused, 'refused'),
    },
  };
}
