import { t } from '../i18n/catalogues.js';
import type { Language } from '../processes/domain/process.vocabulary.js';
import type { ColumnType } from './milestone-columns.js';

/** The columns of the deadlines as a spreadsheet, in order: what the export writes and the import reads. */
export const DEADLINE_COLUMNS = [
  { key: 'deadlineId', type: 'text', width: 38 },
  { key: 'title', type: 'text', width: 50 },
  { key: 'kind', type: 'text', width: 16 },
  { key: 'dueAt', type: 'text', width: 27 },
  { key: 'dueAtUtc', type: 'instant', width: 20 },
  { key: 'timezone', type: 'text', width: 20 },
  { key: 'localDueDate', type: 'date', width: 12 },
  { key: 'status', type: 'text', width: 12 },
  { key: 'statusReason', type: 'text', width: 40 },
  { key: 'remindBefore', type: 'text', width: 18 },
  { key: 'notifyOverdue', type: 'boolean', width: 14 },
] as const satisfies readonly { key: string; type: ColumnType; width: number }[];

export type DeadlineColumn = (typeof DEADLINE_COLUMNS)[number]['key'];

/** A column's header in `lang`, from the catalogues. */
export const deadlineColumnHeader = (lang: Language, column: DeadlineColumn) => t(lang, `deadlinesSheet.${column}`);
