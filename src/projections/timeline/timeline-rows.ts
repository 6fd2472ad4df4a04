import { arrayColumns } from '../../database/rows-from-arrays.js';
import type { MilestoneState } from '../../processes/domain/process.state.js';
import {
  TRANSLATION_LANGUAGES,
  type BuildingBlock,
  type MilestoneKind,
  type StakeholderGroup,
  type TranslationLanguage,
  type Visibility,
} from '../../processes/domain/process.vocabulary.js';

/** A milestone as the domain folds it, with what the log says about when and by whom. */
export interface TrackedMilestone {
  processId: string;
  milestone: MilestoneState;
  retractionReason: string | null;
  loggedAt: Date;
  loggedBy: string;
  correctedAt: Date | null;
  lastPosition: number;
}

/** The column of a title's translation into `language`: `title_fr`. */
export const translatedTitleColumn = <L extends TranslationLanguage>(language: L): `title_${L}` => `title_${language}`;

/** Every translated title's column, in the order of TRANSLATION_LANGUAGES. */
export const TRANSLATED_TITLE_COLUMNS = TRANSLATION_LANGUAGES.map(translatedTitleColumn);

type TranslatedTitles = { [L in TranslationLanguage as `title_${L}`]: string | null };

/** One row of timeline_milestones without its search vector; keys are the column names. */
export interface TimelineRow extends TranslatedTitles {
  process_id: string;
  milestone_id: string;
  kind: MilestoneKind;
  title: string;
  occurred_on: string;
  ends_on: string | null;
  stakeholders: StakeholderGroup[];
  building_blocks: BuildingBlock[];
  location: string | null;
  source_url: string | null;
  source_symbol: string | null;
  visibility: Visibility;
  notes: string | null;
  confirmed: boolean;
  retracted: boolean;
  retraction_reason: string | null;
  logged_at: string;
  logged_by: string;
  corrected_at: string | null;
  last_position: number;
}

/** The columns of timeline_milestones but its search vector, in the order of TimelineRow. */
export const TIMELINE_COLUMNS = arrayColumns<keyof TimelineRow>({
  process_id: 'uuid', milestone_id: 'uuid', kind: 'text', title: 'text',
  title_fr: 'text', title_es: 'text', title_ar: 'text', title_zh: 'text', title_ru: 'text',
  occurred_on: 'date', ends_on: 'date', stakeholders: 'text[]', building_blocks: 'integer[]', location: 'text',
  source_url: 'text', source_symbol: 'text', visibility: 'text', notes: 'text', confirmed: 'boolean', retracted: 'boolean',
  retraction_reason: 'text', logged_at: 'timestamptz', logged_by: 'text', corrected_at: 'timestamptz', last_position: 'bigint',
});

export const TIMELINE_COLUMN_NAMES = TIMELINE_COLUMNS.map((column) => column.name);

/**
 * The full-text vector of a row aliased `alias`; the projection stores it and asOf computes it
 * inline, so `q` matches the same way in both. 'simple': titles are in six languages.
 */
export function searchVector(alias: string): string {
  const titles = ['title', ...TRANSLATED_TITLE_COLUMNS].map((column) => `${alias}.${column}`).join(', ');
  return `setweight(to_tsvector('simple', concat_ws(' ', ${titles})), 'A')
    || setweight(to_tsvector('simple', concat_ws(' ', ${alias}.notes, ${alias}.location, ${alias}.source_symbol)), 'B')`;
}

/** A timestamptz as ISO 8601 UTC text (milliseconds, the precision of recordedAt). */
export const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function translatedTitles(milestone: MilestoneState): TranslatedTitles {
  return Object.fromEntries(
    TRANSLATION_LANGUAGES.map((language) => [translatedTitleColumn(language), milestone.translations?.[language]?.title ?? null]),
  ) as TranslatedTitles;
}

export function toRow(tracked: TrackedMilestone): TimelineRow {
  const m = tracked.milestone;
  return {
    process_id: tracked.processId,
    milestone_id: m.milestoneId,
    kind: m.kind,
    title: m.title,
    ...translatedTitles(m),
    occurred_on: m.occurredOn,
    ends_on: m.endsOn ?? null,
    stakeholders: m.stakeholders,
    building_blocks: m.buildingBlocks,
    location: m.location ?? null,
    source_url: m.source?.url ?? null,
    source_symbol: m.source?.symbol ?? null,
    visibility: m.visibility,
    notes: m.notes ?? null,
    // Absent means confirmed: the domain only records the flag when someone set it.
    confirmed: m.confirmed ?? true,
    retracted: m.retracted,
    retraction_reason: tracked.retractionReason,
    logged_at: tracked.loggedAt.toISOString(),
    logged_by: tracked.loggedBy,
    corrected_at: tracked.correctedAt?.toISOString() ?? null,
    last_position: tracked.lastPosition,
  };
}

/** The stored row back in the domain's shape, so corrections are applied by the domain's own rule. */
export function fromRow(row: TimelineRow): TrackedMilestone {
  const milestone: MilestoneState = {
    milestoneId: row.milestone_id,
    kind: row.kind,
    title: row.title,
    occurredOn: row.occurred_on,
    stakeholders: row.stakeholders,
    buildingBlocks: row.building_blocks,
    visibility: row.visibility,
    confirmed: row.confirmed,
    retracted: row.retracted,
  };
  if (row.ends_on !== null) milestone.endsOn = row.ends_on;
  if (row.location !== null) milestone.location = row.location;
  if (row.notes !== null) milestone.notes = row.notes;
  if (row.source_url !== null || row.source_symbol !== null) {
    milestone.source = {};
    if (row.source_url !== null) milestone.source.url = row.source_url;
    if (row.source_symbol !== null) milestone.source.symbol = row.source_symbol;
  }
  for (const language of TRANSLATION_LANGUAGES) {
    const title = row[translatedTitleColumn(language)];
    if (title !== null) milestone.translations = { ...milestone.translations, [language]: { title } };
  }
  return {
    processId: row.process_id,
    milestone,
    retractionReason: row.retraction_reason,
    loggedAt: new Date(row.logged_at),
    loggedBy: row.logged_by,
    correctedAt: row.corrected_at === null ? null : new Date(row.corrected_at),
    lastPosition: Number(row.last_position),
  };
}
