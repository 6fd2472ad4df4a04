import type { MilestoneInput } from '../processes/domain/process.decisions.js';
import { LANGUAGES, type Language, type TranslationLanguage } from '../processes/domain/process.vocabulary.js';
import { unDocumentSymbolInUrl } from '../processes/domain/un-document-symbol.js';
import { MILESTONE_COLUMN_HEADERS, MILESTONE_COLUMNS, type MilestoneColumn } from './milestone-columns.js';
import { ImportError } from './import.errors.js';
import { isBlank, type SheetCell, type SheetRow } from './parsing/sheet-row.js';

/** Columns an import reads; the rest (logged at, corrected at) are the tracker's own and ignored. */
const READ_COLUMNS = MILESTONE_COLUMNS.map((column) => column.key).filter((key) => key !== 'loggedAt' && key !== 'correctedAt');
const REQUIRED_COLUMNS: readonly MilestoneColumn[] = ['occurredOn', 'kind', 'title'];
/** How far down a preamble (a title, a merged banner) may push the header row. */
const HEADER_SEARCH_ROWS = 10;

const normalise = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();

/** Every header the import knows: the export's in each language, the field names, and "Symbol". */
const KNOWN_HEADERS = new Map<string, { column: MilestoneColumn; languages: Language[] }>();
const know = (header: string, column: MilestoneColumn, language?: Language) => {
  const entry = KNOWN_HEADERS.get(normalise(header)) ?? { column, languages: [] };
  if (language !== undefined) entry.languages.push(language);
  KNOWN_HEADERS.set(normalise(header), entry);
};
for (const language of LANGUAGES) for (const column of READ_COLUMNS) know(MILESTONE_COLUMN_HEADERS[language][column], column, language);
for (const column of READ_COLUMNS) know(column, column);
know('Symbol', 'sourceSymbol');

/** The header row as read: which column each cell names, the language its names are in, what was not recognised. */
export interface ImportHeader {
  row: number;
  columns: (MilestoneColumn | undefined)[];
  /** The names as the file writes them, for messages that point at a column. */
  names: string[];
  language: Language;
  ignored: string[];
}

/** The header row if `row` is one: at least two cells name known columns. */
export function readHeader(row: SheetRow): ImportHeader | undefined {
  const names = row.cells.map((cell) => (typeof cell === 'string' ? cell.trim() : ''));
  const columns = names.map((name) => KNOWN_HEADERS.get(normalise(name))?.column);
  if (columns.filter((column) => column !== undefined).length < 2) return undefined;
  const seen = new Set<MilestoneColumn>();
  const unique = columns.map((column) => (column === undefined || seen.has(column) ? undefined : (seen.add(column), column)));
  const votes = new Map<Language, number>();
  for (const name of names) for (const language of KNOWN_HEADERS.get(normalise(name))?.languages ?? []) votes.set(language, (votes.get(language) ?? 0) + 1);
  const language = [...votes].sort((a, b) => b[1] - a[1] || (a[0] === 'en' ? -1 : 0))[0]?.[0] ?? 'en';
  const missing = REQUIRED_COLUMNS.filter((column) => !seen.has(column));
  if (missing.length > 0) {
    const wanted = missing.map((column) => `"${MILESTONE_COLUMN_HEADERS[language][column]}"`).join(', ');
    throw new ImportError('missing-columns', `row ${row.row} is the header row but has no column ${wanted}`);
  }
  return { row: row.row, columns: unique, names, language, ignored: names.filter((name, i) => name !== '' && columns[i] === undefined) };
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

/** Reads one data row under its header; cells that cannot be read at all (formulas, a bad flag) are errors here, the rest is the domain's to check. */
export function readRow(header: ImportHeader, sheetRow: SheetRow): RowReading {
  const reading: RowReading = { row: sheetRow.row, fields: {}, errors: [] };
  const cells = new Map<MilestoneColumn, SheetCell>();
  header.columns.forEach((column, i) => {
    if (column === undefined) return;
    const cell = sheetRow.cells[i] ?? null;
    if (cell !== null && typeof cell === 'object' && 'formula' in cell) {
      reading.errors.push({ row: sheetRow.row, column: header.names[i], message: `holds a formula (${cell.formula.slice(0, 40)}): enter its value, or start the text with ' to keep it as text` });
      return;
    }
    cells.set(column, isBlank(cell) ? null : cell);
  });
  const has = (column: MilestoneColumn) => cells.has(column);
  const cell = (column: MilestoneColumn) => cells.get(column) ?? null;
  const text = (column: MilestoneColumn) => (cell(column) === null ? null : textOf(cell(column)));
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
    const value = cell('confirmed');
    const flag = typeof value === 'boolean' ? value : TRUE.has(normalise(textOf(value))) ? true : FALSE.has(normalise(textOf(value))) ? false : undefined;
    const at = header.columns.indexOf('confirmed');
    if (flag === undefined) reading.errors.push({ row: sheetRow.row, column: header.names[at], message: 'must be true or false' });
    else f.confirmed = flag;
  }
  return reading;
}

/** The column a domain error's field points at (`changes.source.url` → sourceUrl, `stakeholders[1]` → stakeholders). */
export function columnOfField(field: string | undefined): MilestoneColumn | undefined {
  if (field === undefined) return undefined;
  const path = field.replace(/^changes\./, '');
  if (path.startsWith('source.symbol')) return 'sourceSymbol';
  if (path.startsWith('source')) return 'sourceUrl';
  if (path.startsWith('translations')) return 'title';
  const name = path.split(/[.[]/)[0];
  return (MILESTONE_COLUMNS as readonly { key: string }[]).some((column) => column.key === name) ? (name as MilestoneColumn) : undefined;
}

/** The column's name as this file writes it, or as the export would in the file's language. */
export function columnName(header: ImportHeader, column: MilestoneColumn | undefined): string {
  if (column === undefined) return '';
  const at = header.columns.indexOf(column);
  return at >= 0 ? header.names[at] : MILESTONE_COLUMN_HEADERS[header.language][column];
}
