/** A cell as a file holds it: text, a typed value from a spreadsheet, or a formula, which the import never evaluates. */
export type SheetCell = string | number | boolean | Date | { formula: string } | null;

/** One row of the first sheet, numbered as the spreadsheet numbers it (1 is the top row). */
export interface SheetRow {
  row: number;
  cells: SheetCell[];
}

/** How far down a preamble (a title, a merged banner) may push the header row. */
export const HEADER_SEARCH_ROWS = 10;

/** What any file may hold: more is refused before it costs memory or time. 100,000 rows of data, under a header and its preamble. */
export const SHEET_LIMITS = { columns: 1_000, dataRows: 100_000, rows: 100_000 + HEADER_SEARCH_ROWS } as const;

export const isBlank = (cell: SheetCell): boolean => cell === null || (typeof cell === 'string' && cell.trim() === '');
