import ExcelJS from 'exceljs';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'superagent';
import { aProcess } from '../builders/request-bodies.js';
import { eventually } from '../support/eventually.js';
import { aZipBomb, anXlsx } from '../support/spreadsheet-files.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const bytes = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

interface Item {
  milestoneId: string;
  loggedAt: string;
  correctedAt: string | null;
  [field: string]: unknown;
}

describe('spreadsheet import', () => {
  let t: TestApp;
  let demo: { processId: string; milestones: number; deadlines: number };

  beforeAll(async () => {
    t = await createTestApp();
    demo = (await t.http.post('/api/demo').set(bearer(t.tokens.admin)).expect(201)).body;
    expect(await eventually(async () => (await timeline(demo.processId)).length === demo.milestones, 20_000)).toBe(true);
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  const editor = () => bearer(t.tokens.editor);

  async function openProcess(): Promise<string> {
    return (await t.http.post('/api/processes').set(editor()).send(aProcess()).expect(201)).body.id;
  }

  async function timeline(processId: string, minPosition = 0): Promise<Item[]> {
    const res = await t.http.get(`/api/processes/${processId}/timeline`).query({ limit: 500, minPosition }).set(bearer(t.tokens.admin)).expect(200);
    return res.body.items;
  }

  async function download(path: string): Promise<Buffer> {
    return (await t.http.get(path).set(bearer(t.tokens.admin)).buffer(true).parse(bytes).expect(200)).body as Buffer;
  }

  function upload(processId: string, file: Buffer | string, type = 'text/csv', fileName = 'file') {
    return t.http.post(`/api/processes/${processId}/imports`).query({ fileName }).set(editor()).set('Content-Type', type).send(file);
  }

  async function preview(processId: string, file: Buffer | string, type = 'text/csv') {
    const res = await upload(processId, file, type);
    if (res.status !== 201) throw new Error(`preview answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function apply(processId: string, importId: string, body: object = {}) {
    return (await t.http.post(`/api/processes/${processId}/imports/${importId}/apply`).set(editor()).send(body).expect(201)).body;
  }

  async function version(processId: string): Promise<number> {
    const res = await t.http.get(`/api/processes/${processId}/events`).set(bearer(t.tokens.admin)).expect(200);
    return res.body.items.length;
  }

  /** The timeline as a reader compares it: ids and recording times are the importing process's own. */
  const comparable = (items: Item[]) =>
    items
      .map(({ milestoneId: _id, loggedAt: _logged, correctedAt: _corrected, ...fields }) => JSON.stringify(fields))
      .sort();

  describe('round trip', () => {
    it.each([
      ['CSV', 'timeline.csv', 'text/csv'],
      ['XLSX', 'timeline.xlsx', XLSX],
    ])('imports the demo exported as %s into an empty process: the same timeline; again: every row unchanged, no event', async (_name, path, type) => {
      const file = await download(`/api/processes/${demo.processId}/${path}`);
      const processId = await openProcess();
      const first = await preview(processId, file, type);
      expect(first.counts).toEqual({ new: demo.milestones, unchanged: 0, changed: 0, refused: 0 });
      expect(first.rows).toHaveLength(demo.milestones);
      const page = (await t.http.get(`/api/processes/${processId}/imports/${first.importId}`).query({ after: 5, limit: 10 }).set(editor()).expect(200)).body;
      expect(page.rows.map((row: { row: number }) => row.row)).toEqual(first.rows.slice(4, 14).map((row: { row: number }) => row.row));
      expect(page.nextAfter).toBe(page.rows[9].row);
      const applied = await apply(processId, first.importId);
      expect(applied).toMatchObject({ importId: first.importId, logged: demo.milestones, corrected: 0, unchanged: 0, refused: 0 });
      expect(comparable(await timeline(processId, applied.position))).toEqual(comparable(await timeline(demo.processId)));

      const events = (await t.http.get(`/api/processes/${processId}/events`).set(bearer(t.tokens.admin)).expect(200)).body.items;
      const imported = events.filter((e: { correlationId: string }) => e.correlationId === `import-${first.importId}`);
      expect(imported).toHaveLength(demo.milestones + 1);
      expect(imported[imported.length - 1]).toMatchObject({ type: 'ImportApplied', data: { importId: first.importId, logged: demo.milestones } });

      const before = await version(processId);
      const again = await preview(processId, file, type);
      expect(again.counts).toEqual({ new: 0, unchanged: demo.milestones, changed: 0, refused: 0 });
      expect(await apply(processId, again.importId)).toMatchObject({ logged: 0, corrected: 0, unchanged: demo.milestones });
      expect(await apply(processId, first.importId)).toEqual(applied);
      expect(await version(processId)).toBe(before);

      const status = (await t.http.get(`/api/processes/${processId}/imports/${first.importId}`).set(editor()).expect(200)).body;
      expect(status).toMatchObject({ status: 'applied', rowsTotal: demo.milestones, rowsDone: demo.milestones, result: applied });
      await t.http.get(`/api/processes/${demo.processId}/imports/${first.importId}`).set(editor()).expect(404);
    }, 60_000);

    it('reports a changed row with the fields that differ, and corrects only those', async () => {
      const processId = await openProcess();
      const header = 'Date,Kind,Title,Location,Notes,Visibility';
      const first = await preview(processId, `${header}\r\n2020-02-03,meeting,Chairs meet,Geneva,,public\r\n`);
      await apply(processId, first.importId);
      const changed = await preview(processId, `${header}\r\n2020-02-03,meeting,Chairs meet,New York,Moved,public\r\n`);
      expect(changed.counts.changed).toBe(1);
      expect(changed.rows[0]).toMatchObject({ row: 2, status: 'changed', changedFields: ['location', 'notes'], fields: { location: 'New York', notes: 'Moved' } });
      const result = await apply(processId, changed.importId);
      expect(result).toMatchObject({ corrected: 1 });
      expect((await timeline(processId, result.position))[0]).toMatchObject({ location: 'New York', notes: 'Moved' });
    });

    it('applies under If-Match only at that version, and can be applied once the refusal is read', async () => {
      const processId = await openProcess();
      const { importId } = await preview(processId, 'Date,Kind,Title\n2021-05-01,statement,Joint statement\n');
      const stale = await t.http.post(`/api/processes/${processId}/imports/${importId}/apply`).set(editor()).set('If-Match', '"7"').send({});
      expect(stale.status).toBe(412);
      expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await version(processId)).toBe(1);
      const res = await t.http.post(`/api/processes/${processId}/imports/${importId}/apply`).set(editor()).set('If-Match', '"1"').send({}).expect(201);
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
      expect(res.body).toMatchObject({ logged: 1, version: 3 });
    });

    it('lands new rows as internal drafts when asked', async () => {
      const processId = await openProcess();
      const file = 'Date,Kind,Title,Visibility\n2021-05-01,statement,Joint statement,public\n';
      const result = await apply(processId, (await preview(processId, file)).importId, { asDrafts: true });
      const [item] = await timeline(processId, result.position);
      expect(item).toMatchObject({ title: 'Joint statement', visibility: 'internal' });
    });
  });

  describe('deadlines', () => {
    /** The deadlines as a reader compares them: ids are the importing process's own, the status is read now. */
    const deadlines = async (processId: string, minPosition = 0) => {
      const { items } = (await t.http.get(`/api/processes/${processId}/deadlines`).query({ minPosition }).set(bearer(t.tokens.viewer)).expect(200)).body;
      return items.map(({ deadlineId: _id, moves: _moves, reminderCounts: _counts, ...fields }: Record<string, unknown>) => JSON.stringify(fields)).sort();
    };

    it.each([
      ['CSV', 'deadlines.csv', 'text/csv'],
      ['XLSX', 'deadlines.xlsx', XLSX],
    ])('imports the demo deadlines exported as %s into an empty process: the same deadlines; again: unchanged', async (_name, path, type) => {
      const file = await download(`/api/processes/${demo.processId}/${path}`);
      const processId = await openProcess();
      const first = await preview(processId, file, type);
      expect(first.rows.every((row: { target: string }) => row.target === 'deadline')).toBe(true);
      expect(first.counts).toEqual({ new: demo.deadlines, unchanged: 0, changed: 0, refused: 0 });
      expect(demo.deadlines).toBeGreaterThan(1);
      const applied = await apply(processId, first.importId);
      expect(applied.deadlinesSet).toBe(first.counts.new);
      expect(await deadlines(processId, applied.position)).toEqual(await deadlines(demo.processId));
      const again = await preview(processId, file, type);
      expect(again.counts).toEqual({ new: 0, unchanged: first.counts.new, changed: 0, refused: 0 });
    });

    it('moves a deadline whose due time changed and refuses a change no command makes', async () => {
      const processId = await openProcess();
      const header = 'Title,Kind,Due at,Time zone,Remind before';
      await apply(processId, (await preview(processId, `${header}\nWritten contributions due,call-for-input,2030-07-07T23:59:00-04:00,America/New_York,P7D\n`)).importId);
      const moved = await preview(processId, `${header}\nWritten contributions due,call-for-input,2030-07-14T23:59:00-04:00,America/New_York,P7D\n`);
      expect(moved.rows[0]).toMatchObject({ status: 'changed', changedFields: ['dueAt'], fields: { commands: [{ type: 'MoveDeadline', dueAt: '2030-07-14T23:59:00-04:00' }] } });
      expect(await apply(processId, moved.importId)).toMatchObject({ deadlinesChanged: 1 });
      const fixed = await preview(processId, `${header}\nWritten contributions due,call-for-input,2030-07-14T23:59:00-04:00,Europe/Zurich,P7D\n`);
      expect(fixed.rows[0]).toMatchObject({ status: 'refused', errors: [{ row: 2, column: 'Time zone', message: expect.stringMatching(/cannot be changed/) }] });
    });
  });

  describe('files from the wild', () => {
    it('reads a CSV saved by a French spreadsheet: BOM, semicolons, dd/mm/yyyy, and names the cell it refuses', async () => {
      const processId = await openProcess();
      const file = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(
          'Date;Type;Titre;Parties prenantes;Éléments constitutifs;Lieu;Visibilité\r\n' +
            '28/08/2020;consultation;Consultation à Genève, avec la société civile;"CivilSociety; NHRIs";1;Genève;public\r\n' +
            '31/02/2020;meeting;Réunion;States;2;;internal\r\n' +
            '5/9/2020;report;Rapport (A/75/601);OHCHR;4;;public\r\n',
          'utf8',
        ),
      ]);
      const result = await preview(processId, file);
      expect(result.headerLanguage).toBe('fr');
      expect(result.counts).toEqual({ new: 2, unchanged: 0, changed: 0, refused: 1 });
      expect(result.rows[0]).toMatchObject({ row: 2, status: 'new', fields: { occurredOn: '2020-08-28', title: 'Consultation à Genève, avec la société civile', stakeholders: ['CivilSociety', 'NHRIs'], location: 'Genève' } });
      expect(result.rows[1]).toMatchObject({ row: 3, status: 'refused', errors: [{ row: 3, column: 'Date', code: 'invalid-calendar-date', message: 'occurredOn must be a real date as YYYY-MM-DD' }] });
      expect(result.rows[2].fields.occurredOn).toBe('2020-09-05');
    });

    it('reads an XLSX with a merged banner above merged header cells and an empty trailing row', async () => {
      const processId = await openProcess();
      const file = await anXlsx(
        [
          ['Coalition calendar 2020', null, null, null, null],
          ['Date', 'Kind', 'Title', null, 'Stakeholders'],
          [new Date('2020-03-01T00:00:00Z'), 'submission', 'NHRI joint submission', null, 'NHRIs'],
          [new Date('2020-04-20T00:00:00Z'), 'position', 'Position of States', null, 'States'],
          [null, null, null, null, null],
        ],
        (sheet) => {
          sheet.mergeCells('A1:E1');
          sheet.mergeCells('C2:D2');
          sheet.getCell('A5').value = '';
          sheet.getRow(5).commit?.();
        },
      );
      const result = await preview(processId, file, XLSX);
      expect(result.counts).toEqual({ new: 2, unchanged: 0, changed: 0, refused: 0 });
      expect(result.rows.map((row: { row: number; fields: { occurredOn: string } }) => [row.row, row.fields.occurredOn])).toEqual([
        [3, '2020-03-01'],
        [4, '2020-04-20'],
      ]);
    });

    it('refuses a formula cell naming its row and column, and writes nothing', async () => {
      const processId = await openProcess();
      const file = await anXlsx(
        [
          ['Date', 'Kind', 'Title'],
          ['2020-03-01', 'report', 'Report'],
        ],
        (sheet) => {
          sheet.getCell('C2').value = { formula: 'CONCAT("Re","port")', result: 'Report' } as ExcelJS.CellFormulaValue;
        },
      );
      const before = await version(processId);
      const result = await preview(processId, file, XLSX);
      expect(result.rows[0]).toMatchObject({ row: 2, status: 'refused', errors: [{ row: 2, column: 'Title', message: expect.stringMatching(/formula/) }] });
      expect(await apply(processId, result.importId)).toMatchObject({ logged: 0, refused: 1 });
      expect(await version(processId)).toBe(before);
    });
  });

  describe('bad input', () => {
    const problem = async (processId: string, file: Buffer | string, type: string, status: number, code: string) => {
      const before = await version(processId);
      const res = await upload(processId, file, type);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code });
      expect(await version(processId)).toBe(before);
      const kept = await t.db.pool.query(`SELECT count(*)::int AS n FROM imports WHERE process_id = $1`, [processId]);
      expect(kept.rows[0].n).toBe(0);
      return res.body;
    };

    it('refuses a 50 MB file with 413', async () => {
      const processId = await openProcess();
      await problem(processId, Buffer.alloc(50 * 1024 * 1024, 0x61), 'text/csv', 413, 'upload-too-large');
    });

    it('refuses with 413 an upload sent in chunks, without a length, once it passes the limit', async () => {
      const processId = await openProcess();
      const line = Buffer.from(`2020-01-01,other,${'x'.repeat(1_000)}\n`);
      async function* body() {
        yield Buffer.from('Date,Kind,Title\n');
        for (let sent = 0; sent < 25 * 1024 * 1024; sent += line.length * 100) yield Buffer.concat(Array(100).fill(line));
      }
      const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = httpRequest(`${t.service.baseUrl}/api/processes/${processId}/imports`, {
          method: 'POST',
          headers: { ...editor(), 'Content-Type': 'text/csv', 'Transfer-Encoding': 'chunked' },
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: Buffer.concat(chunks).toString() }));
        });
        req.on('error', reject);
        pipeline(Readable.from(body()), req).catch(() => undefined);
      });
      expect(answer.status).toBe(413);
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'upload-too-large' });
      expect(await version(processId)).toBe(1);
    });

    it('refuses a zip bomb disguised as XLSX before parsing it', async () => {
      const processId = await openProcess();
      const body = await problem(processId, await aZipBomb(300 * 1024 * 1024), XLSX, 400, 'unpacks-too-large');
      expect(body.detail).toMatch(/unpacks to more than 256 MiB/);
    }, 30_000);

    it('refuses a CSV with 100,000 columns', async () => {
      const processId = await openProcess();
      await problem(processId, `${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n`, 'text/csv', 400, 'too-many-columns');
    });

    it('refuses a file that is not a workbook, a file with no header, and a type it does not read', async () => {
      const processId = await openProcess();
      await problem(processId, 'not a zip at all', XLSX, 400, 'unreadable-file');
      await problem(processId, 'a,b\n1,2\n', 'text/csv', 400, 'no-header-row');
      await problem(processId, 'Date,Title\n2020-01-01,x\n', 'text/csv', 400, 'missing-columns');
      await problem(processId, '{}', 'application/json', 415, 'unsupported-file-type');
    });

    it('refuses cells that spreadsheets would run, each by row and column; the export escapes them and reads back as text', async () => {
      const processId = await openProcess();
      const file = ['Date,Kind,Title,Notes', '2020-01-01,other,=1+1,', '2020-01-02,other,+cmd,', '2020-01-03,other,Fine,-2', '2020-01-04,other,@SUM(A1),', "2020-01-05,other,'=kept as text,"].join('\n');
      const result = await preview(processId, file);
      expect(result.rows.map((row: { status: string; errors: { row: number; column: string }[] }) => [row.status, row.errors.map((e) => `${e.row}:${e.column}`)])).toEqual([
        ['refused', ['2:Title']],
        ['refused', ['3:Title']],
        ['refused', ['4:Notes']],
        ['refused', ['5:Title']],
        ['new', []],
      ]);
      expect(result.rows[4].fields.title).toBe('=kept as text');
    });

    it('lets only editors and admins import', async () => {
      const processId = await openProcess();
      const res = await t.http.post(`/api/processes/${processId}/imports`).set(bearer(t.tokens.viewer)).set('Content-Type', 'text/csv').send('Date,Kind,Title\n');
      expect(res.status).toBe(403);
    });
  });

  describe('template', () => {
    it('offers the export header as CSV and XLSX, with the accepted values on a second sheet in the language asked for', async () => {
      const csv = (await download(`/api/processes/${demo.processId}/imports/template.csv?lang=es`)).toString('utf8');
      expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^Identificador del hito,Fecha,Fecha de fin,Tipo,Título/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(new Uint8Array(await download(`/api/processes/${demo.processId}/imports/template.xlsx?lang=fr`)).buffer);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Milestones', 'Valeurs admises']);
      const lists = workbook.worksheets[1];
      expect(lists.getRow(1).values).toEqual([undefined, 'Types', 'Parties prenantes', 'Éléments constitutifs', 'Visibilité']);
      // The code to type, then its meaning in the language asked for.
      expect(lists.getCell('A2').value).toBe('consultation: consultation');
      expect(lists.getCell('B2').value).toBe('States: États');
      expect(lists.getCell('C2').value).toBe('1: Collaboratif et inclusif');
    });

    it('is itself a valid import file with no rows', async () => {
      const processId = await openProcess();
      const file = await download(`/api/processes/${demo.processId}/imports/template.xlsx`);
      expect((await preview(processId, file, XLSX)).counts).toEqual({ new: 0, unchanged: 0, changed: 0, refused: 0 });
    });
  });

  it('documents every import route in the OpenAPI document', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/processes/{id}/imports',
        '/api/processes/{id}/imports/{importId}',
        '/api/processes/{id}/imports/{importId}/apply',
        '/api/processes/{id}/imports/template.csv',
        '/api/processes/{id}/imports/template.xlsx',
      ]),
    );
  });
});
