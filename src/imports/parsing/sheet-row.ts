/** A cell as a file holds it: text, a typed value from a spreadsheet, or a formula, which the import never evaluates. */
export type SheetCell = string | number | boolean | Date | { formula: string } | null;

/** One row of the first sheet, numbered as the spreadsheet numbers it (1 is the top row). */
export interface SheetRow {
  row: number;
  cells: SheetCell[];
}

/** What any file may hold: more is refused before it costs memory or time. */
export const SHEET_LIMITS = { columns: 1_000, rows: 100_000 } as const;

export const isBlank = (cell: SheetCell): boolean => cell === null || (typeof cell === 'string' && cell.trim() === '');
