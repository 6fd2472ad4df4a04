import { CHANNEL_NAME_PATTERN } from '../../channels/reminder-channel.js';

export const MILESTONE_KINDS = [
  'consultation',
  'meeting',
  'chairs-meeting',
  'call-for-input',
  'submission',
  'report',
  'resolution',
  'appointment',
  'position',
  'statement',
  'initiative',
  'implementation',
  'deadline',
  'other',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const STAKEHOLDER_GROUPS = ['States', 'TreatyBodies', 'CivilSociety', 'NHRIs', 'OHCHR', 'Academia', 'PGA'] as const;
export type StakeholderGroup = (typeof STAKEHOLDER_GROUPS)[number];

export const BUILDING_BLOCKS = [
  { number: 1, name: 'Collaborative and inclusive' },
  { number: 2, name: 'Rights holders and victims paramount' },
  { number: 3, name: 'Ambitious, no least common denominator' },
  { number: 4, name: 'Consensual, talented leadership' },
  { number: 5, name: 'Good practices shared across treaty bodies' },
  { number: 6, name: 'Avoid over-politicization' },
  { number: 7, name: 'Strategy against curtailing independence' },
] as const;
export type BuildingBlock = (typeof BUILDING_BLOCKS)[number]['number'];
export const BUILDING_BLOCK_NUMBERS: readonly BuildingBlock[] = BUILDING_BLOCKS.map((b) => b.number);

export const VISIBILITIES = ['public', 'internal', 'confidential'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export { LANGUAGES, isLanguage, type Language } from '../../i18n/languages.js';

/** Translated titles are offered in every language but English, which is the original. */
export const TRANSLATION_LANGUAGES = ['fr', 'es', 'ar', 'zh', 'ru'] as const;
export type TranslationLanguage = (typeof TRANSLATION_LANGUAGES)[number];

export const DEADLINE_KINDS = [
  'review',
  'call-for-input',
  'consultation',
  'opt-out',
  'report',
  'chairs-meeting',
  'other',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Ordered from worst to best: index order is the scale. */
export const RATINGS = ['not-honoured', 'at-risk', 'partly-honoured', 'honoured'] as const;
export type Rating = (typeof RATINGS)[number];

/** A reminder channel's name (`email`, `webhook`): open, since the channels registry, not the domain, knows them. */
export type SubscriptionChannel = string;

const includes = <T extends string | number>(list: readonly T[], value: unknown): value is T =>
  (list as readonly unknown[]).includes(value);

export const isMilestoneKind = (v: unknown): v is MilestoneKind => includes(MILESTONE_KINDS, v);
export const isStakeholderGroup = (v: unknown): v is StakeholderGroup => includes(STAKEHOLDER_GROUPS, v);
export const isBuildingBlock = (v: unknown): v is BuildingBlock => includes(BUILDING_BLOCK_NUMBERS, v);
export const isVisibility = (v: unknown): v is Visibility => includes(VISIBILITIES, v);
export const isDeadlineKind = (v: unknown): v is DeadlineKind => includes(DEADLINE_KINDS, v);
export const isRating = (v: unknown): v is Rating => includes(RATINGS, v);
export const isChannelName = (v: unknown): v is SubscriptionChannel => typeof v === 'string' && CHANNEL_NAME_PATTERN.test(v);
