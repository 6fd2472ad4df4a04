import { t } from '../i18n/catalogues.js';
import type { Language } from '../processes/domain/process.vocabulary.js';

/** How a column's cells read: spreadsheets get real dates and booleans, CSV their ISO text. */
export type ColumnType = 'text' | 'date' | 'instant' | 'boolean';

/** The columns of the timeline as a spreadsheet, in order: what the export writes and the import reads. */
export const MILESTONE_COLUMNS = [
  { key: 'milestoneId', type: 'text', width: 38 },
  { key: 'occurredOn', type: 'date', width: 12 },
  { key: 'endsOn', type: 'date', width: 12 },
  { key: 'kind', type: 'text', width: 16 },
  { key: 'title', type: 'text', width: 60 },
  { key: 'originalTitle', type: 'text', width: 40 },
  { key: 'stakeholders', type: 'text', width: 28 },
  { key: 'buildingBlocks', type: 'text', width: 16 },
  { key: 'location', type: 'text', width: 20 },
  { key: 'sourceUrl', type: 'text', width: 40 },
  { key: 'sourceSymbol', type: 'text', width: 22 },
  { key: 'visibility', type: 'text', width: 14 },
  { key: 'notes', type: 'text', width: 50 },
  { key: 'confirmed', type: 'boolean', width: 11 },
  { key: 'loggedAt', type: 'instant', width: 20 },
  { key: 'correctedAt', type: 'instant', width: 20 },
] as const satisfies readonly { key: string; type: ColumnType; width: number }[];

export type MilestoneColumn = (typeof MILESTONE_COLUMNS)[number]['key'];

/** A column's header in `lang`: the same catalogue entry the timeline export writes. */
export const milestoneColumnHeader = (lang: Language, column: MilestoneColumn) => t(lang, `timelineCsv.${column}`);

/** How lists (stakeholders, building blocks) are joined in one cell. */
export const LIST_SEPARATOR = '; ';
