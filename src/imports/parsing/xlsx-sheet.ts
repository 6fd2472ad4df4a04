import ExcelJS from 'exceljs';
import { ImportError } from '../import.errors.js';
import { isBlank, SHEET_LIMITS, type SheetCell, type SheetRow } from './sheet-row.js';
import { checkZipLimits } from './zip-limits.js';

/** A cell of exceljs as the import sees it: rich text and links as their text, formulas and errors as formulas. */
export function xlsxCell(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    return { formula: `=${formula}` };
  }
  if ('error' in value) return { formula: String(value.error) };
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('text' in value) return String(value.text);
  return null;
}

/**
 * The rows of the first sheet of the workbook at `path`, streamed by exceljs after the zip passed its
 * limits; blank rows (a trailing one, a spacer) are skipped.
 */
export async function* readXlsxSheet(path: string): AsyncGenerator<SheetRow> {
  await checkZipLimits(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let kept = 0;
  try {
    for await (const sheet of workbook) {
      for await (const row of sheet) {
        const values = row.values as ExcelJS.CellValue[];
        if (values.length - 1 > SHEET_LIMITS.columns) {
          throw new ImportError('too-many-columns', `row ${row.number} has ${values.length - 1} columns; a file may have at most ${SHEET_LIMITS.columns}`);
        }
        const cells = Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => xlsxCell(values[i + 1]));
        if (cells.every(isBlank)) continue;
        if (++kept > SHEET_LIMITS.rows) throw new ImportError('too-many-rows', `a file may have at most ${SHEET_LIMITS.dataRows.toLocaleString('en')} rows of data`);
        yield { row: row.number, cells };
      }
      // The first sheet is the data; a second one (the template's lists) is for people.
      return;
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError('unreadable-file', `the file is not an XLSX workbook that can be read: ${(error as Error).message}`);
  }
}
