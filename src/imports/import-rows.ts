import type { MilestoneInput } from '../processes/domain/process.decisions.js';
import { LANGUAGES, type Language, type TranslationLanguage } from '../processes/domain/process.vocabulary.js';
import { unDocumentSymbolInUrl } from '../processes/domain/un-document-symbol.js';
import { DEADLINE_COLUMNS, deadlineColumnHeader, type DeadlineColumn } from './deadline-columns.js';
import { milestoneColumnHeader, MILESTONE_COLUMNS, type MilestoneColumn } from './milestone-columns.js';
import { ImportError } from './import.errors.js';
import { HEADER_SEARCH_ROWS, isBlank, type SheetCell, type SheetRow } from './parsing/sheet-row.js';

/** What a file holds: milestones (the timeline's columns) or deadlines (the deadlines' columns). */
export type ImportTarget = 'milestone' | 'deadline';
export type ImportColumn = MilestoneColumn | DeadlineColumn;

const headersIn = <C extends ImportColumn>(columns: readonly { key: C }[], header: (lang: Language, column: C) => string) =>
  Object.fromEntries(LANGUAGES.map((lang) => [lang, Object.fromEntries(columns.map(({ key }) => [key, header(lang, key)]))])) as Record<Language, Partial<Record<ImportColumn, string>>>;
/** The export's headers in every language, from the catalogues: a file exported in any of them reads back. */
const HEADERS_OF: Record<ImportTarget, Record<Language, Partial<Record<ImportColumn, string>>>> = {
  milestone: headersIn(MILESTONE_COLUMNS, milestoneColumnHeader),
  deadline: headersIn(DEADLINE_COLUMNS, deadlineColumnHeader),
};
/** Columns an import reads; the rest (logged at, due at in UTC…) the tracker derives, and they are ignored. */
const READ_COLUMNS: Record<ImportTarget, readonly ImportColumn[]> = {
  milestone: MILESTONE_COLUMNS.map((column) => column.key).filter((key) => key !== 'loggedAt' && key !== 'correctedAt'),
  deadline: ['deadlineId', 'title', 'kind', 'dueAt', 'timezone', 'status', 'statusReason', 'remindBefore', 'notifyOverdue'],
};
const REQUIRED_COLUMNS: Record<ImportTarget, readonly ImportColumn[]> = {
  milestone: ['occurredOn', 'kind', 'title'],
  deadline: ['title', 'kind', 'dueAt', 'timezone'],
};

const normalise = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();

/** Every header the import knows, per target: the export's in each language, the field names, and "Symbol". */
const KNOWN_HEADERS: Record<ImportTarget, Map<string, { column: ImportColumn; languages: Language[] }>> = { milestone: new Map(), deadline: new Map() };
const know = (target: ImportTarget, header: string, column: ImportColumn, language?: Language) => {
  const known = KNOWN_HEADERS[target];
  const entry = known.get(normalise(header)) ?? { column, languages: [] };
  if (language !== undefined) entry.languages.push(language);
  known.set(normalise(header), entry);
};
for (const target of ['milestone', 'deadline'] as const) {
  for (const column of READ_COLUMNS[target]) {
    for (const language of LANGUAGES) know(target, HEADERS_OF[target][language][column]!, column, language);
    know(target, column, column);
  }
}
know('milestone', 'Symbol', 'sourceSymbol');

/** The header row as read: what the file holds, which column each cell names, the language of its names, what was not recognised. */
export interface ImportHeader {
  row: number;
  target: ImportTarget;
  columns: (ImportColumn | undefined)[];
  /** The names as the file writes them, for messages that point at a column. */
  names: string[];
  language: Language;
  ignored: string[];
}

/** The header row if `row` is one: at least two cells name known columns, of milestones or (more of them) of deadlines. */
export function readHeader(row: SheetRow): ImportHeader | undefined {
  const names = row.cells.map((cell) => (typeof cell === 'string' ? cell.trim() : ''));
  const recognised = (target: ImportTarget) => names.map((name) => KNOWN_HEADERS[target].get(normalise(name))?.column);
  const count = (columns: (ImportColumn | undefined)[]) => columns.filter((column) => column !== undefined).length;
  const target: ImportTarget = count(recognised('deadline')) > count(recognised('milestone')) ? 'deadline' : 'milestone';
  const columns = recognised(target);
  if (count(columns) < 2) return undefined;
  const seen = new Set<ImportColumn>();
  const unique = columns.map((column) => (column === undefined || seen.has(column) ? undefined : (seen.add(column), column)));
  const votes = new Map<Language, number>();
  for (const name of names) for (const language of KNOWN_HEADERS[target].get(normalise(name))?.languages ?? []) votes.set(language, (votes.get(language) ?? 0) + 1);
  const language = [...votes].sort((a, b) => b[1] - a[1] || (a[0] === 'en' ? -1 : 0))[0]?.[0] ?? 'en';
  const missing = REQUIRED_COLUMNS[target].filter((column) => !seen.has(column));
  if (missing.length > 0) {
    const wanted = missing.map((column) => `"${HEADERS_OF[target][language][column]}"`).join(', ');
    throw new ImportError('missing-columns', `row ${row.row} is the header row but has no column ${wanted}`);
  }
  return { row: row.row, target, columns: unique, names, language, ignored: names.filter((name, i) => name !== '' && columns[i] === undefined) };
}

/** Finds the header among the first rows; the rows after it are data. */
export async function* splitHeader(rows: AsyncIterable<SheetRow>, found: (header: ImportHeader) => void): AsyncGenerator<{ header: ImportHeader; row: SheetRow }> {
  let header: ImportHeader | undefined;
  let searched = 0;
  for await (const row of rows) {
    if (header === undefined) {
      header = readHeader(row);
      if (header !== undefined) found(header);
      else if (++searched >= HEADER_SEARCH_ROWS) break;
      continue;
    }
    yield { header, row };
  }
  if (header === undefined) {
    throw new ImportError('no-header-row', 'no header row found: the first row must name the columns, as the timeline export does ("Date", "Kind", "Title"…)');
  }
}

/** A cell the file got wrong, named by row and column as a spreadsheet shows them. */
export interface CellError {
  row: number;
  column: string;
  /** Stable, for a reader in another language: the domain's error code, or one of the import's own (formula-cell, invalid-flag, invalid-status, same-record-twice, fixed-deadline-field). */
  code: string;
  message: string;
}

/** A data row as milestone fields: only the columns the file has, blank optional cells as null (to clear them). */
export interface RowReading {
  row: number;
  /** The file's milestone id, when it has the column filled. */
  milestoneId?: string;
  fields: Partial<Record<keyof MilestoneInput, unknown>>;
  errors: CellError[];
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'oui', 'vrai', 'si', 'verdadero', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0', 'non', 'faux', 'falso']);
const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/;
/** Days between 1899-12-30 (the spreadsheet epoch) and 1970-01-01. */
const SPREADSHEET_EPOCH_DAYS = 25_569;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const pad = (n: string) => n.padStart(2, '0');

/** YYYY-MM-DD from a spreadsheet date, a serial number, ISO text or DD/MM/YYYY; other text is left for the domain to refuse. */
export function dateOf(cell: SheetCell): string | null {
  if (cell instanceof Date) return isoDay(cell);
  if (typeof cell === 'number') return isoDay(new Date(Math.round((cell - SPREADSHEET_EPOCH_DAYS) * 86_400_000)));
  const text = String(cell).trim();
  const iso = ISO_DATE.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) return `${dmy[3]}-${pad(dmy[2])}-${pad(dmy[1])}`;
  return text;
}

const textOf = (cell: SheetCell): string => (cell instanceof Date ? isoDay(cell) : String(cell).trim());
const listOf = (cell: SheetCell): string[] => textOf(cell).split(/[;,]/).map((item) => item.trim()).filter((item) => item !== '');

/** The row's cells by column; a formula is an error at its cell, never a value. */
function cellsOf(header: ImportHeader, sheetRow: SheetRow, errors: CellError[]) {
  const cells = new Map<ImportColumn, SheetCell>();
  header.columns.forEach((column, i) => {
    if (column === undefined) return;
    const cell = sheetRow.cells[i] ?? null;
    if (cell !== null && typeof cell === 'object' && 'formula' in cell) {
      errors.push({ row: sheetRow.row, column: header.names[i], code: 'formula-cell', message: `holds a formula (${cell.formula.slice(0, 40)}): enter its value, or start the text with ' to keep it as text` });
      return;
    }
    cells.set(column, isBlank(cell) ? null : cell);
  });
  const cell = (column: ImportColumn) => cells.get(column) ?? null;
  return {
    has: (column: ImportColumn) => cells.has(column),
    cell,
    text: (column: ImportColumn) => (cell(column) === null ? null : textOf(cell(column))),
  };
}

/** A flag cell: a spreadsheet boolean, or yes/no in the languages of the exports; undefined when it is neither. */
function flagOf(value: SheetCell): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = normalise(textOf(value));
  return TRUE.has(text) ? true : FALSE.has(text) ? false : undefined;
}

/** Reads one data row under its header; cells that cannot be read at all (formulas, a bad flag) are errors here, the rest is the domain's to check. */
export function readRow(header: ImportHeader, sheetRow: SheetRow): RowReading {
  const reading: RowReading = { row: sheetRow.row, fields: {}, errors: [] };
  const { has, cell, text } = cellsOf(header, sheetRow, reading.errors);
  const f = reading.fields;

  if (cell('milestoneId') !== null) reading.milestoneId = text('milestoneId')!;
  if (has('occurredOn')) f.occurredOn = cell('occurredOn') === null ? undefined : dateOf(cell('occurredOn'));
  if (has('endsOn')) f.endsOn = cell('endsOn') === null ? null : dateOf(cell('endsOn'));
  if (has('kind')) f.kind = text('kind') ?? undefined;
  if (has('title')) f.title = text('title') ?? undefined;
  // A translated export: the title is in the header's language and the original beside it.
  const original = text('originalTitle');
  if (original !== null && header.language !== 'en') {
    f.translations = { [header.language as TranslationLanguage]: { title: f.title } };
    f.title = original;
  }
  if (has('stakeholders')) f.stakeholders = cell('stakeholders') === null ? [] : listOf(cell('stakeholders'));
  if (has('buildingBlocks')) {
    f.buildingBlocks = cell('buildingBlocks') === null ? [] : listOf(cell('buildingBlocks')).map((block) => (/^\d+$/.test(block) ? Number(block) : block));
  }
  if (has('location')) f.location = text('location');
  if (has('notes')) f.notes = text('notes');
  if (has('visibility')) f.visibility = text('visibility')?.toLowerCase() ?? undefined;
  if (has('sourceUrl') || has('sourceSymbol')) {
    const url = text('sourceUrl');
    const symbol = text('sourceSymbol') ?? (url === null ? null : unDocumentSymbolInUrl(url) ?? null);
    f.source = url === null && symbol === null ? null : { ...(url !== null && { url }), ...(symbol !== null && { symbol }) };
  }
  if (has('confirmed') && cell('confirmed') !== null) {
    const flag = flagOf(cell('confirmed'));
    if (flag === undefined) reading.errors.push({ row: sheetRow.row, column: columnName(header, 'confirmed'), code: 'invalid-flag', message: 'must be true or false' });
    else f.confirmed = flag;
  }
  return reading;
}

/** The statuses the deadlines export writes: met and cancelled close a deadline, the others read as open. */
const DEADLINE_STATUSES: Record<string, 'open' | 'met' | 'cancelled'> = { upcoming: 'open', 'due-today': 'open', overdue: 'open', open: 'open', met: 'met', cancelled: 'cancelled' };

/** A row of a deadlines file: the SetDeadline fields it has, and the status it gives. */
export interface DeadlineReading {
  row: number;
  deadlineId?: string;
  fields: Partial<Record<'title' | 'kind' | 'dueAt' | 'timezone' | 'remindBefore' | 'notifyOverdue', unknown>>;
  status?: 'open' | 'met' | 'cancelled';
  statusReason?: string;
  errors: CellError[];
}

export function readDeadlineRow(header: ImportHeader, sheetRow: SheetRow): DeadlineReading {
  const reading: DeadlineReading = { row: sheetRow.row, fields: {}, errors: [] };
  const { has, cell, text } = cellsOf(header, sheetRow, reading.errors);
  const f = reading.fields;
  if (text('deadlineId') !== null) reading.deadlineId = text('deadlineId')!;
  if (has('title')) f.title = text('title') ?? undefined;
  if (has('kind')) f.kind = text('kind') ?? undefined;
  // A spreadsheet date has no offset or zone: only the export's text (with its offset) says which instant.
  if (has('dueAt')) f.dueAt = cell('dueAt') instanceof Date ? (cell('dueAt') as Date).toISOString() : (text('dueAt') ?? undefined);
  if (has('timezone')) f.timezone = text('timezone') ?? undefined;
  if (has('remindBefore')) f.remindBefore = cell('remindBefore') === null ? [] : listOf(cell('remindBefore'));
  if (has('notifyOverdue') && cell('notifyOverdue') !== null) {
    const flag = flagOf(cell('notifyOverdue'));
    if (flag === undefined) reading.errors.push({ row: sheetRow.row, column: columnName(header, 'notifyOverdue'), code: 'invalid-flag', message: 'must be true or false' });
    else f.notifyOverdue = flag;
  }
  if (text('status') !== null) {
    const status = DEADLINE_STATUSES[normalise(text('status')!)];
    if (status === undefined) reading.errors.push({ row: sheetRow.row, column: columnName(header, 'status'), code: 'invalid-status', message: 'must be upcoming, due-today, overdue, met or cancelled' });
    else reading.status = status;
  }
  if (text('statusReason') !== null) reading.statusReason = text('statusReason')!;
  return reading;
}

/** The column a domain error's field points at (`changes.source.url` → sourceUrl, `stakeholders[1]` → stakeholders, a deadline's `reason` → statusReason). */
export function columnOfField(field: string | undefined, target: ImportTarget = 'milestone'): ImportColumn | undefined {
  if (field === undefined) return undefined;
  const path = field.replace(/^changes\./, '');
  if (target === 'deadline' && path === 'reason') return 'statusReason';
  if (path.startsWith('source.symbol')) return 'sourceSymbol';
  if (path.startsWith('source')) return 'sourceUrl';
  if (path.startsWith('translations')) return 'title';
  const name = path.split(/[.[]/)[0] as ImportColumn;
  return READ_COLUMNS[target].includes(name) ? name : undefined;
}

/** The column's name as this file writes it, or as the export would in the file's language. */
export function columnName(header: ImportHeader, column: ImportColumn | undefined): string {
  if (column === undefined) return '';
  const at = header.columns.indexOf(column);
  return at >= 0 ? header.names[at] : (HEADERS_OF[header.target][header.language][column] ?? column);
}
