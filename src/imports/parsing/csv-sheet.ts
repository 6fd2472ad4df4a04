import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImportError } from '../import.errors.js';
import { isBlank, SHEET_LIMITS, type SheetCell, type SheetRow } from './sheet-row.js';

/** Enough of the file to see the header line and tell its delimiter. */
const SNIFF_BYTES = 64 * 1024;
/** A cell spreadsheets would evaluate; the export writes such text with a leading ' (csv-stringify's escape_formulas). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Semicolon when the first line has more semicolons than commas outside quotes: how French and Spanish spreadsheets save CSV. */
export function delimiterOf(firstLine: string): ',' | ';' {
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (char === '\n' && !quoted) break;
    else if (!quoted && char === ',') commas++;
    else if (!quoted && char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** A CSV cell: text, the export's escaped formula text unescaped, or a raw formula the import refuses. */
export function csvCell(text: string): SheetCell {
  if (text.startsWith("'") && FORMULA_START.test(text.slice(1))) return text.slice(1);
  if (FORMULA_START.test(text)) return { formula: text };
  return text;
}

/** The rows of a CSV (UTF-8 with or without BOM, comma or semicolon), streamed; blank rows are skipped. */
export async function* readCsvSheet(input: Readable): AsyncGenerator<SheetRow> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let sniffed = 0;
  while (sniffed < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as string);
    head.push(chunk);
    sniffed += chunk.length;
    if (chunk.includes(0x0a)) break;
  }
  const delimiter = delimiterOf(Buffer.concat(head).toString('utf8'));
  const parser = parse({ delimiter, bom: true, relax_column_count: true, max_record_size: 1_000_000 });
  async function* whole() {
    yield* head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value as Buffer;
  }
  // pipeline carries an upload failure into the parser, and stops the upload when the parser stops early.
  const fed = pipeline(Readable.from(whole()), parser).catch(() => undefined);
  let row = 0;
  let kept = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      if (record.length > SHEET_LIMITS.columns) {
        throw new ImportError('too-many-columns', `row ${row} has ${record.length} columns; a file may have at most ${SHEET_LIMITS.columns}`);
      }
      const cells = record.map(csvCell);
      if (cells.every(isBlank)) continue;
      if (++kept > SHEET_LIMITS.rows) throw new ImportError('too-many-rows', `a file may have at most ${SHEET_LIMITS.dataRows.toLocaleString('en')} rows of data`);
      yield { row, cells };
    }
    await fed;
  } catch (error) {
    parser.destroy();
    if (error instanceof ImportError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) throw new ImportError('unreadable-file', `the CSV cannot be read: ${(error as Error).message}`);
    throw error;
  }
}
