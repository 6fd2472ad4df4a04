import { Readable } from 'node:stream';
import { ImportError } from '../import.errors.js';
import { csvCell, delimiterOf, readCsvSheet } from './csv-sheet.js';
import { HEADER_SEARCH_ROWS, type SheetRow } from './sheet-row.js';

async function rowsOf(text: string | Buffer, chunkSize = 7): Promise<SheetRow[]> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunkSize) }, (_, i) => bytes.subarray(i * chunkSize, (i + 1) * chunkSize));
  const rows: SheetRow[] = [];
  for await (const row of readCsvSheet(Readable.from(chunks))) rows.push(row);
  return rows;
}

describe('reading CSV', () => {
  it('reads 100,000 rows of data under a header and a preamble, and refuses one more', async () => {
    const file = (rows: number) => `Coalition calendar\nDate,Kind,Title\n${'2020-01-01,meeting,x\n'.repeat(rows)}`;
    expect(await rowsOf(file(100_000), 1 << 16)).toHaveLength(100_002);
    await expect(rowsOf(file(100_000 + HEADER_SEARCH_ROWS), 1 << 16)).rejects.toMatchObject({ code: 'too-many-rows' });
  });

  it('tells a semicolon file from a comma file by the header line, outside quotes', () => {
    expect(delimiterOf('Date;Type;Titre\n1,2,3,4')).toBe(';');
    expect(delimiterOf('Date,Kind,Title\n')).toBe(',');
    expect(delimiterOf('"a;b;c",Kind,Title\n')).toBe(',');
  });

  it('unescapes the export\'s formula text and marks raw formulas', () => {
    expect(csvCell("'=HYPERLINK(1)")).toBe('=HYPERLINK(1)');
    expect(csvCell('=1+1')).toEqual({ formula: '=1+1' });
    expect(csvCell('@SUM(A1)')).toEqual({ formula: '@SUM(A1)' });
    expect(csvCell("'tis")).toBe("'tis");
    expect(csvCell('plain')).toBe('plain');
  });

  it('reads a BOM, semicolons, quoted line breaks, and numbers rows as a spreadsheet does, blank rows skipped', async () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Date;Titre\r\n01/02/2020;"two\nlines; here"\r\n;\r\n03/04/2020;x\r\n')]);
    expect(await rowsOf(text)).toEqual([
      { row: 1, cells: ['Date', 'Titre'] },
      { row: 2, cells: ['01/02/2020', 'two\nlines; here'] },
      { row: 4, cells: ['03/04/2020', 'x'] },
    ]);
  });

  it('refuses a row of more than 1,000 columns', async () => {
    await expect(rowsOf(`${'x,'.repeat(1_000)}x\n`, 4096)).rejects.toMatchObject({ code: 'too-many-columns' });
  });

  it('turns a malformed file into an import error, and passes an upload failure through', async () => {
    await expect(rowsOf('a,"b\n')).rejects.toBeInstanceOf(ImportError);
    const failing = new Readable({ read() { this.destroy(new ImportError('upload-too-large', 'too large')); } });
    await expect((async () => { for await (const _ of readCsvSheet(failing)) void _; })()).rejects.toMatchObject({ code: 'upload-too-large' });
  });
});
