import { DateTime, Duration, IANAZone } from 'luxon';
import { DomainError, type DomainErrorCode } from './process.errors.js';
import type { EncryptedValue } from '../../privacy/encrypted-value.js';
import type { MilestoneSource, MilestoneTranslations } from './process.events.js';
import {
  isBuildingBlock,
  isStakeholderGroup,
  isChannelName,
  type SubscriptionChannel,
  TRANSLATION_LANGUAGES,
  type BuildingBlock,
  type StakeholderGroup,
} from './process.vocabulary.js';
import { isUnDocumentSymbol } from './un-document-symbol.js';

export const TITLE_MAX_LENGTH = 500;
export const SHORT_TEXT_MAX_LENGTH = 500;
export const REASON_MAX_LENGTH = 2_000;
export const LONG_TEXT_MAX_LENGTH = 10_000;
export const URL_MAX_LENGTH = 2_048;
export const ID_MAX_LENGTH = 200;
export const MAX_REMINDERS = 10;
export const MIN_REMINDER_MS = 1_000;
export const MAX_REMINDER_MS = Duration.fromISO('P1Y').toMillis();

const fail = (code: DomainErrorCode, message: string, field?: string): never => {
  throw new DomainError(code, message, field);
};

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > ID_MAX_LENGTH || !ID_PATTERN.test(value)) {
    return fail('invalid-id', `${field} must be a non-empty identifier`, field);
  }
  return value;
}

export function requireTitle(value: unknown, field = 'title'): string {
  const title = typeof value === 'string' ? value.trim() : '';
  if (title === '') return fail('title-required', `${field} is required`, field);
  if (title.length > TITLE_MAX_LENGTH) {
    return fail('title-too-long', `${field} must be at most ${TITLE_MAX_LENGTH} characters`, field);
  }
  return title;
}

/** Trimmed text or undefined when absent or blank. */
export function optionalText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return fail('invalid-text', `${field} must be text`, field);
  const text = value.trim();
  if (text.length > max) return fail('text-too-long', `${field} must be at most ${max} characters`, field);
  return text === '' ? undefined : text;
}

export function requireReason(value: unknown, field = 'reason'): string {
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason === '') return fail('reason-required', `${field} is required`, field);
  if (reason.length > REASON_MAX_LENGTH) {
    return fail('text-too-long', `${field} must be at most ${REASON_MAX_LENGTH} characters`, field);
  }
  return reason;
}

export function optionalFlag(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') return fail('invalid-flag', `${field} must be true or false`, field);
  return value;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && CALENDAR_DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

export function requireCalendarDate(value: unknown, field: string): string {
  if (!isCalendarDate(value)) return fail('invalid-calendar-date', `${field} must be a real date as YYYY-MM-DD`, field);
  return value;
}

// The offset is mandatory: a wall-clock time without one is ambiguous across Geneva and New York.
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function isInstantWithOffset(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    INSTANT_WITH_OFFSET.test(value) &&
    DateTime.fromISO(value, { setZone: true }).isValid
  );
}

export function instantMillis(value: string): number {
  return DateTime.fromISO(value, { setZone: true }).toMillis();
}

export function requireDueAt(value: unknown, field = 'dueAt'): string {
  if (!isInstantWithOffset(value)) {
    return fail('invalid-due-at', `${field} must be an ISO 8601 date and time with an offset or Z`, field);
  }
  return value;
}

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** A real IANA zone, returned in its canonical spelling (europe/zurich → Europe/Zurich). */
export function requireTimeZone(value: unknown, field = 'timezone'): string {
  if (typeof value !== 'string' || value.length > 64 || !ZONE_NAME.test(value) || !IANAZone.isValidZone(value)) {
    return fail('unknown-time-zone', `${field} must be an IANA time zone such as Europe/Zurich`, field);
  }
  return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
}

// Integer components only and upper case, so stored offsets read the same everywhere.
const REMINDER_DURATION = /^P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/;

export function reminderMillis(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length > 40 || !REMINDER_DURATION.test(value)) return undefined;
  const duration = Duration.fromISO(value);
  if (!duration.isValid) return undefined;
  const ms = duration.toMillis();
  return ms >= MIN_REMINDER_MS && ms <= MAX_REMINDER_MS ? ms : undefined;
}

export function requireReminderOffsets(value: unknown, field = 'remindBefore'): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail('invalid-reminder-offset', `${field} must be a list of ISO 8601 durations`, field);
  if (value.length > MAX_REMINDERS) {
    return fail('too-many-reminders', `${field} may hold at most ${MAX_REMINDERS} offsets`, field);
  }
  const seen = new Set<number>();
  return value.map((offset: unknown, i) => {
    const ms = reminderMillis(offset);
    if (ms === undefined) {
      return fail('invalid-reminder-offset', `${field}[${i}] must be an ISO 8601 duration from PT1S to P1Y`, `${field}[${i}]`);
    }
    // P7D and P1W remind at the same moment: a duplicate.
    if (seen.has(ms)) return fail('duplicate-reminder-offset', `${field}[${i}] repeats an earlier offset`, `${field}[${i}]`);
    seen.add(ms);
    return offset as string;
  });
}

export function requireStakeholders(value: unknown, field = 'stakeholders'): StakeholderGroup[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail('unknown-stakeholder-group', `${field} must be a list of stakeholder groups`, field);
  const groups: StakeholderGroup[] = [];
  value.forEach((group: unknown, i) => {
    if (!isStakeholderGroup(group)) return fail('unknown-stakeholder-group', `${field}[${i}] is not a stakeholder group`, `${field}[${i}]`);
    if (!groups.includes(group)) groups.push(group);
  });
  return groups;
}

export function requireBuildingBlock(value: unknown, field = 'buildingBlock'): BuildingBlock {
  if (!isBuildingBlock(value)) return fail('unknown-building-block', `${field} must be a building block from 1 to 7`, field);
  return value;
}

export function requireBuildingBlocks(value: unknown, field = 'buildingBlocks'): BuildingBlock[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail('unknown-building-block', `${field} must be a list of building blocks 1 to 7`, field);
  const blocks: BuildingBlock[] = [];
  value.forEach((block: unknown, i) => {
    const checked = requireBuildingBlock(block, `${field}[${i}]`);
    if (!blocks.includes(checked)) blocks.push(checked);
  });
  return blocks;
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > URL_MAX_LENGTH || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
}

export function optionalSource(value: unknown, field = 'source'): MilestoneSource | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) return fail('invalid-source-url', `${field} must be an object with url and/or symbol`, field);
  const source: MilestoneSource = {};
  if (value.url !== undefined && value.url !== null) {
    if (!isHttpUrl(value.url)) return fail('invalid-source-url', `${field}.url must be an http(s) URL`, `${field}.url`);
    source.url = value.url;
  }
  if (value.symbol !== undefined && value.symbol !== null) {
    if (!isUnDocumentSymbol(value.symbol)) {
      return fail('invalid-document-symbol', `${field}.symbol must be a UN document symbol such as A/75/601`, `${field}.symbol`);
    }
    source.symbol = value.symbol;
  }
  return source.url === undefined && source.symbol === undefined ? undefined : source;
}

export function optionalTranslations(value: unknown, field = 'translations'): MilestoneTranslations | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) return fail('invalid-translations', `${field} must be an object keyed by ${TRANSLATION_LANGUAGES.join(', ')}`, field);
  const translations: MilestoneTranslations = {};
  for (const language of Object.keys(value)) {
    if (!(TRANSLATION_LANGUAGES as readonly string[]).includes(language)) {
      return fail('invalid-translations', `${field} accepts only ${TRANSLATION_LANGUAGES.join(', ')}`, `${field}.${language}`);
    }
  }
  for (const language of TRANSLATION_LANGUAGES) {
    const entry = value[language];
    if (entry === undefined || entry === null) continue;
    if (!isPlainObject(entry)) return fail('invalid-translations', `${field}.${language} must be {title}`, `${field}.${language}`);
    translations[language] = { title: requireTitle(entry.title, `${field}.${language}.title`) };
  }
  return Object.keys(translations).length === 0 ? undefined : translations;
}

export function requireEncryptedValue(value: unknown, field: string): EncryptedValue {
  if (
    !isPlainObject(value) ||
    typeof value.keyId !== 'string' ||
    typeof value.iv !== 'string' ||
    typeof value.ciphertext !== 'string' ||
    typeof value.tag !== 'string'
  ) {
    return fail('invalid-encrypted-value', `${field} must be {keyId, iv, ciphertext, tag}`, field);
  }
  return { keyId: value.keyId, iv: value.iv, ciphertext: value.ciphertext, tag: value.tag };
}

/** A channel name; whether such a channel exists, and what address it takes, the handler asked the channels registry. */
export function requireChannelName(value: unknown): SubscriptionChannel {
  if (!isChannelName(value)) throw new DomainError('invalid-channel', 'channel must be a channel name', 'channel');
  return value;
}
