import { aMilestoneLogged, aMilestoneRetracted, aProcessOpened, given, MILESTONE_ID, PROCESS_ID } from '../processes/domain/testing/process-builders.js';
import { classifyRow, importedId, RowMatcher, stableKey } from './import-classifier.js';
import { columnOfField, dateOf, readHeader, readRow, type ImportHeader } from './import-rows.js';
import type { SheetCell } from './parsing/sheet-row.js';

const EN = ['Milestone ID', 'Date', 'Kind', 'Title', 'Stakeholders', 'Building blocks', 'Source URL', 'Document symbol', 'Visibility', 'Confirmed'];
const header = (names: string[] = EN) => readHeader({ row: 1, cells: names })!;
const row = (cells: SheetCell[], number = 2) => ({ row: number, cells });

describe('reading rows', () => {
  it('recognises the export header in any of its languages, and the language by its names', () => {
    expect(header(['Date', 'Type', 'Titre', 'Lieu', 'Commentaires']).language).toBe('fr');
    expect(header(['Fecha', 'Tipo', 'Título']).language).toBe('es');
    expect(header(['occurredOn', 'kind', 'title', 'Symbol'])).toMatchObject({ language: 'en', columns: ['occurredOn', 'kind', 'title', 'sourceSymbol'] });
    expect(header(['Date', 'Type', 'Titre', 'Commentaires']).ignored).toEqual(['Commentaires']);
    expect(readHeader({ row: 1, cells: ['Coalition calendar', null] })).toBeUndefined();
    expect(() => readHeader({ row: 3, cells: ['Date', 'Kind'] })).toThrow(/row 3 is the header row but has no column "Title"/);
  });

  it('reads dates as ISO, day-first text, spreadsheet dates and serial numbers', () => {
    expect(dateOf('2020-08-28')).toBe('2020-08-28');
    expect(dateOf('28/08/2020')).toBe('2020-08-28');
    expect(dateOf('5.9.2020')).toBe('2020-09-05');
    expect(dateOf(new Date('2020-08-28T00:00:00Z'))).toBe('2020-08-28');
    expect(dateOf(44071)).toBe('2020-08-28');
    expect(dateOf('next week')).toBe('next week');
  });

  it('takes the symbol from an ODS link when the symbol column is blank, and lists from "; " or ","', () => {
    const reading = readRow(header(), row(['', '2020-08-28', 'report', 'Report', 'States, OHCHR', '1; 3', 'https://undocs.org/A/75/601', '', 'public', 'no']));
    expect(reading).toEqual({
      row: 2,
      errors: [],
      fields: {
        occurredOn: '2020-08-28',
        kind: 'report',
        title: 'Report',
        stakeholders: ['States', 'OHCHR'],
        buildingBlocks: [1, 3],
        source: { url: 'https://undocs.org/A/75/601', symbol: 'A/75/601' },
        visibility: 'public',
        confirmed: false,
      },
    });
  });

  it('reads a translated export back: the title is the translation, the original title the title', () => {
    const fr = header(['Date', 'Type', 'Titre', 'Titre original']);
    expect(readRow(fr, row(['2020-08-28', 'report', 'Rapport', 'Report'])).fields).toMatchObject({ title: 'Report', translations: { fr: { title: 'Rapport' } } });
  });

  it('names the cell of a formula or an unreadable flag', () => {
    const reading = readRow(header(), row(['', '2020-08-28', 'report', { formula: '=A1' }, '', '', '', '', 'public', 'maybe'], 9));
    expect(reading.errors).toEqual([
      { row: 9, column: 'Title', code: 'formula-cell', message: expect.stringMatching(/formula/) },
      { row: 9, column: 'Confirmed', code: 'invalid-flag', message: 'must be true or false' },
    ]);
  });

  it('points a domain field at its column', () => {
    expect(['changes.source.url', 'source.symbol', 'stakeholders[1]', 'translations.fr.title', 'reason'].map((field) => columnOfField(field))).toEqual(['sourceUrl', 'sourceSymbol', 'stakeholders', 'title', undefined]);
  });
});

describe('classifying rows', () => {
  const recorded = aMilestoneLogged({ source: { symbol: 'A/75/601' } });
  const state = given(aProcessOpened(), recorded);
  const classify = (h: ImportHeader, cells: SheetCell[], s = state) => classifyRow(readRow(h, row(cells)), h, s, new RowMatcher(PROCESS_ID, s), 'file.csv');
  const short = header(['Milestone ID', 'Date', 'Kind', 'Title', 'Document symbol', 'Location']);

  it('matches by id: unchanged when the row says what is recorded, changed with the fields that differ', () => {
    expect(classify(short, [MILESTONE_ID, '2020-08-28', 'consultation', 'Geneva consultations', 'A/75/601', ''])).toMatchObject({ status: 'unchanged', milestoneId: MILESTONE_ID });
    expect(classify(short, [MILESTONE_ID, '2020-08-29', 'consultation', 'Geneva consultations', 'A/75/601', 'Geneva'])).toMatchObject({
      status: 'changed',
      changedFields: ['occurredOn', 'location'],
      fields: { occurredOn: '2020-08-29', location: 'Geneva' },
    });
  });

  it('matches by date, kind, title and source without an id; else the row is new, with an id fixed by the process and the row', () => {
    const noId = header(['Date', 'Kind', 'Title', 'Document symbol']);
    expect(classify(noId, ['28/08/2020', 'consultation', 'Geneva consultations', 'A/75/601'])).toMatchObject({ status: 'unchanged', milestoneId: MILESTONE_ID });
    const fresh = classify(noId, ['28/08/2020', 'meeting', 'Geneva consultations', 'A/75/601']);
    const key = stableKey({ occurredOn: '2020-08-28', kind: 'meeting', title: 'Geneva consultations', source: { symbol: 'A/75/601' } });
    expect(fresh).toMatchObject({ status: 'new', milestoneId: importedId(PROCESS_ID, key), fields: { kind: 'meeting', visibility: 'internal', stakeholders: [], buildingBlocks: [] } });
  });

  it('refuses by the domain\'s own rules, at the cell', () => {
    expect(classify(short, ['', '2020-08-28', 'party', 'Geneva', '', ''])).toMatchObject({ status: 'refused', errors: [{ row: 2, column: 'Kind', code: 'unknown-milestone-kind', message: 'kind is not a milestone kind' }] });
    expect(classify(short, [MILESTONE_ID, '2020-08-28', 'consultation', 'Geneva consultations', 'a/75', ''])).toMatchObject({
      status: 'refused',
      errors: [{ column: 'Document symbol', message: expect.stringMatching(/UN document symbol/) }],
    });
    const retracted = given(aProcessOpened(), recorded, aMilestoneRetracted());
    expect(classify(short, [MILESTONE_ID, '2020-08-28', 'consultation', 'Other', '', ''], retracted)).toMatchObject({ status: 'refused', errors: [{ message: 'the milestone was retracted' }] });
  });

  it('refuses a second row for the same milestone', () => {
    const matcher = new RowMatcher(PROCESS_ID, state);
    const cells: SheetCell[] = [MILESTONE_ID, '2020-08-28', 'consultation', 'Geneva consultations', 'A/75/601', ''];
    classifyRow(readRow(short, row(cells, 2)), short, state, matcher, 'f');
    expect(classifyRow(readRow(short, row(cells, 3)), short, state, matcher, 'f')).toMatchObject({ status: 'refused', errors: [{ message: expect.stringMatching(/row 2/) }] });
  });
});
