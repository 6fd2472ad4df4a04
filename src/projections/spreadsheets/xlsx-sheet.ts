import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { ColumnType } from '../../imports/milestone-columns.js';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface SheetColumn<Key extends string> {
  key: Key;
  header: string;
  type: ColumnType;
  width: number;
}

const NUMBER_FORMATS: Partial<Record<ColumnType, string>> = { date: 'yyyy-mm-dd', instant: 'yyyy-mm-dd hh:mm:ss' };

/** A CSV cell's text as the typed value a spreadsheet keeps: dates as dates (UTC), flags as booleans, blanks empty. */
export function typedCell(type: ColumnType, text: string): string | Date | boolean | null {
  if (text === '') return null;
  if (type === 'date') return new Date(`${text}T00:00:00Z`);
  if (type === 'instant') return new Date(text);
  if (type === 'boolean') return text === 'true';
  // Text goes in as a string cell: spreadsheets show it and never evaluate it, whatever it begins with.
  return text;
}

/**
 * Streams one sheet: a bold header row frozen at the top, columns sized and formatted by type, each
 * row committed as it comes so a long export is never held in memory.
 */
export async function writeXlsxSheet<Key extends string>(
  out: Writable,
  sheetName: string,
  columns: readonly SheetColumn<Key>[],
  records: AsyncIterable<Record<Key, string>>,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map(({ key, header, type, width }) => ({
    key,
    header,
    width,
    ...(NUMBER_FORMATS[type] !== undefined && { style: { numFmt: NUMBER_FORMATS[type] } }),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const record of records) {
    sheet.addRow(columns.map(({ key, type }) => typedCell(type, record[key]))).commit();
  }
  sheet.commit();
  await workbook.commit();
}
