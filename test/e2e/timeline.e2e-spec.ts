import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import type { Role } from '../../src/auth/roles.js';
import { aMilestone, aProcess } from '../builders/request-bodies.js';
import { eventually } from '../support/eventually.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

type Caller = Role | 'anonymous';
const CALLERS: Caller[] = ['anonymous', 'viewer', 'editor', 'auditor', 'admin'];
const SEES: Record<Caller, string[]> = {
  anonymous: ['public'],
  viewer: ['public', 'internal'],
  editor: ['public', 'internal'],
  auditor: ['public', 'internal', 'confidential'],
  admin: ['public', 'internal', 'confidential'],
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Raw bytes, so the BOM is seen as sent. */
const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

interface Item {
  milestoneId: string;
  title: string;
  originalTitle?: string;
  occurredOn: string;
  visibility: string;
  [field: string]: unknown;
}

describe('the timeline', () => {
  let t: TestApp;
  let processId: string;
  let lastPosition = 0;
  const id: Record<string, string> = {};
  /** The instant after the first seven writes and before the corrections and retractions that follow. */
  let before: string;

  const auth = (caller: Caller) => (caller === 'anonymous' ? {} : bearer(t.tokens[caller]));

  async function write(path: string, body: object): Promise<Record<string, unknown>> {
    const res = await t.http.post(`/api/processes/${processId}${path}`).set(bearer(t.tokens.editor)).send(body).expect(201);
    lastPosition = res.body.position;
    return res.body;
  }

  async function log(name: string, overrides: Record<string, unknown>): Promise<void> {
    id[name] = (await write('/milestones', aMilestone({ location: null, source: null, ...overrides }))).milestoneId as string;
  }

  /** Reads its own writes: every read waits for the last write's position. */
  async function timeline(query: Record<string, unknown> = {}, caller: Caller = 'admin'): Promise<{ items: Item[]; nextCursor?: string }> {
    const res = await t.http
      .get(`/api/processes/${processId}/timeline`)
      .query({ minPosition: lastPosition, ...query })
      .set(auth(caller))
      .expect(200);
    return res.body;
  }

  async function everyPage(query: Record<string, unknown>, caller: Caller = 'admin'): Promise<{ items: Item[]; pages: number }> {
    const items: Item[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await timeline({ ...query, ...(cursor && { cursor }) }, caller);
      expect(page.items.length).toBeLessThanOrEqual(Number(query.limit));
      items.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    return { items, pages };
  }

  async function csv(query: Record<string, unknown> = {}, caller: Caller = 'admin') {
    const res = await t.http
      .get(`/api/processes/${processId}/timeline.csv`)
      .query({ minPosition: lastPosition, ...query })
      .set(auth(caller))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const bytes = res.body as Buffer;
    const records: string[][] = parse(bytes, { bom: true });
    return { res, bytes, header: records[0], rows: records.slice(1) };
  }

  async function xlsx(query: Record<string, unknown> = {}, caller: Caller = 'admin') {
    const res = await t.http
      .get(`/api/processes/${processId}/timeline.xlsx`)
      .query({ minPosition: lastPosition, ...query })
      .set(auth(caller))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const sheet = workbook.worksheets[0];
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => values(i + 2));
    return { res, sheet, header: values(1), rows };
  }

  const titles = (items: Item[]) => items.map((item) => item.title);
  const ids = (items: Item[]) => items.map((item) => item.milestoneId);

  beforeAll(async () => {
    t = await createTestApp();
    processId = (await t.http.post('/api/processes').set(bearer(t.tokens.editor)).send(aProcess()).expect(201)).body.id;
    await log('consultation', {
      title: 'Geneva consultation with civil society',
      occurredOn: '2020-01-10',
      stakeholders: ['States', 'CivilSociety'],
      buildingBlocks: [1],
      location: 'Geneva',
      translations: {
        fr: { title: 'Consultation de Genève avec la société civile' },
        es: { title: 'Consulta de Ginebra con la sociedad civil' },
        ar: { title: 'مشاورة جنيف مع المجتمع المدني' },
        zh: { title: '与民间社会的日内瓦磋商' },
        ru: { title: 'Женевская консультация с гражданским обществом' },
      },
    });
    await log('chairs', {
      kind: 'chairs-meeting',
      title: 'Meeting of treaty body chairs',
      occurredOn: '2020-02-15',
      stakeholders: ['TreatyBodies'],
      buildingBlocks: [2, 3],
      location: 'New York',
      notes: 'Held in Nairobi after all',
    });
    await log('report', {
      kind: 'report',
      title: 'Co-facilitators report',
      occurredOn: '2020-03-01',
      endsOn: '2020-03-05',
      stakeholders: ['OHCHR'],
      buildingBlocks: [4],
      visibility: 'internal',
      source: { url: 'https://undocs.org/A/75/601', symbol: 'A/75/601' },
      translations: { fr: { title: 'Rapport des co-facilitateurs' } },
    });
    await log('submission', {
      kind: 'submission',
      title: 'NHRI joint submission',
      occurredOn: '2020-03-01',
      stakeholders: ['NHRIs'],
      buildingBlocks: [1, 2],
      visibility: 'public',
    });
    await log('position', {
      kind: 'position',
      title: 'Position of a group of States',
      occurredOn: '2020-04-20',
      stakeholders: ['States'],
      buildingBlocks: [6],
      visibility: 'confidential',
      notes: 'Not for circulation',
    });
    await log('statement', {
      kind: 'statement',
      title: 'Statement "on, the" review; second line\nfollows',
      occurredOn: '2020-06-30',
      stakeholders: ['PGA'],
      buildingBlocks: [7],
      visibility: 'internal',
      notes: '=HYPERLINK("https://example.org")',
    });
    await log('duplicate', { kind: 'report', title: 'Report logged twice', occurredOn: '2020-09-01', translations: { fr: { title: 'Rapport en double' } } });
    await write(`/milestones/${id.duplicate}/retraction`, { reason: 'Recorded twice' });
    await log('memo', { kind: 'other', title: 'Confidential memo', occurredOn: '2020-10-01', visibility: 'confidential', stakeholders: ['OHCHR'], buildingBlocks: [5] });

    // The asOf instant: everything above is recorded, everything below comes later.
    await sleep(50);
    before = new Date().toISOString();
    await sleep(50);
    await write(`/milestones/${id.consultation}/corrections`, { changes: { title: 'Geneva consultations (corrected)', location: null }, reason: 'Programme' });
    await write(`/milestones/${id.chairs}/retraction`, { reason: 'Never took place' });
    await write(`/milestones/${id.memo}/corrections`, { changes: { visibility: 'public' }, reason: 'Declassified' });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('now', () => {
    it('lists the current milestones in occurredOn order with their corrected fields, retracted ones gone', async () => {
      const { items, nextCursor } = await timeline();
      expect(nextCursor).toBeUndefined();
      const sameDay = [id.report, id.submission].sort();
      expect(ids(items)).toEqual([id.consultation, ...sameDay, id.position, id.statement, id.memo]);
      expect(items[0]).toEqual({
        milestoneId: id.consultation,
        kind: 'consultation',
        title: 'Geneva consultations (corrected)',
        occurredOn: '2020-01-10',
        endsOn: null,
        stakeholders: ['States', 'CivilSociety'],
        buildingBlocks: [1],
        location: null,
        source: null,
        visibility: 'public',
        notes: null,
        confirmed: true,
        loggedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        correctedAt: expect.stringMatching(/Z$/),
      });
      expect(items[0].correctedAt! > before).toBe(true);
      expect(items[0].loggedAt! < before).toBe(true);
      expect(items.find((item) => item.milestoneId === id.memo)?.visibility).toBe('public');
    });

    it.each(CALLERS)('shows %s only the visibilities the role may see', async (caller) => {
      const { items } = await timeline({}, caller);
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((item) => SEES[caller].includes(item.visibility))).toBe(true);
      const expected = { anonymous: 3, viewer: 5, editor: 5, auditor: 6, admin: 6 }[caller];
      expect(items).toHaveLength(expected);
    });

    it('filters by date range (a milestone is in the days it spans), kind, stakeholder and building block', async () => {
      expect(ids((await timeline({ from: '2020-03-03', to: '2020-04-30' })).items)).toEqual([id.report, id.position]);
      expect(ids((await timeline({ from: '2020-06-30' })).items)).toEqual([id.statement, id.memo]);
      expect(ids((await timeline({ to: '2020-01-10' })).items)).toEqual([id.consultation]);
      expect(ids((await timeline({ kind: 'report' })).items)).toEqual([id.report]);
      expect(ids((await timeline({ stakeholder: 'States' })).items)).toEqual([id.consultation, id.position]);
      expect(ids((await timeline({ buildingBlock: 2 })).items)).toEqual([id.submission]);
      expect(ids((await timeline({ buildingBlock: 1, stakeholder: 'NHRIs', kind: 'submission', from: '2020-03-01', to: '2020-03-01' })).items)).toEqual([
        id.submission,
      ]);
      expect((await timeline({ kind: 'chairs-meeting' })).items).toEqual([]);
    });

    it('searches titles, translations, notes, location and document symbol with PostgreSQL full-text search', async () => {
      expect(ids((await timeline({ q: 'circulation' })).items)).toEqual([id.position]);
      expect(ids((await timeline({ q: 'A/75/601' })).items)).toEqual([id.report]);
      expect(ids((await timeline({ q: 'co-facilitateurs' })).items)).toEqual([id.report]);
      expect(ids((await timeline({ q: 'Ginebra sociedad' })).items)).toEqual([id.consultation]);
      expect(ids((await timeline({ q: 'NHRI or circulation' })).items)).toEqual([id.submission, id.position]);
      expect(ids((await timeline({ q: '"joint submission"' })).items)).toEqual([id.submission]);
      expect(ids((await timeline({ q: '"submission joint"' })).items)).toEqual([]);
      expect(ids((await timeline({ q: 'report -rapport' })).items)).toEqual([]);
      expect(ids((await timeline({ q: 'Nairobi' })).items)).toEqual([]);
      expect(ids((await timeline({ q: 'circulation' }, 'viewer')).items)).toEqual([]);
    });

    it('gives titles in the language asked for where a translation exists, else the original', async () => {
      const fr = (await timeline({ lang: 'fr' })).items;
      const byId = (items: Item[], milestoneId: string) => items.find((item) => item.milestoneId === milestoneId)!;
      expect(byId(fr, id.consultation)).toMatchObject({ title: 'Consultation de Genève avec la société civile', originalTitle: 'Geneva consultations (corrected)' });
      expect(byId(fr, id.report)).toMatchObject({ title: 'Rapport des co-facilitateurs', originalTitle: 'Co-facilitators report' });
      expect(byId(fr, id.submission).title).toBe('NHRI joint submission');
      expect(byId(fr, id.submission)).not.toHaveProperty('originalTitle');
      const es = (await timeline({ lang: 'es' })).items;
      expect(byId(es, id.consultation).title).toBe('Consulta de Ginebra con la sociedad civil');
      expect(byId(es, id.report).title).toBe('Co-facilitators report');
      for (const [lang, title] of [['ar', 'مشاورة جنيف مع المجتمع المدني'], ['zh', '与民间社会的日内瓦磋商'], ['ru', 'Женевская консультация с гражданским обществом']]) {
        const items = (await timeline({ lang })).items;
        expect(byId(items, id.consultation)).toMatchObject({ title, originalTitle: 'Geneva consultations (corrected)' });
        expect(byId(items, id.report).title).toBe('Co-facilitators report');
      }
      expect(ids((await timeline({ q: 'гражданским' })).items)).toEqual([id.consultation]);
      const en = (await timeline({ lang: 'en' })).items;
      expect(en.every((item) => item.originalTitle === undefined)).toBe(true);
    });

    it('links a document symbol to the UN Official Document System in the language asked for', async () => {
      const report = (lang: string) => async () => (await timeline({ lang, kind: 'report' })).items[0].source as { documentUrl: string } | null;
      expect(await report('fr')()).toEqual({ url: 'https://undocs.org/A/75/601', symbol: 'A/75/601', documentUrl: 'https://docs.un.org/fr/A/75/601' });
      expect((await report('es')())?.documentUrl).toBe('https://docs.un.org/es/A/75/601');
      expect((await report('en')())?.documentUrl).toBe('https://docs.un.org/en/A/75/601');
    });

    it('pages with a cursor: no row lost or repeated, nextCursor absent on the last page', async () => {
      const all = (await timeline()).items;
      for (const caller of CALLERS) {
        const everything = (await timeline({}, caller)).items;
        const { items, pages } = await everyPage({ limit: 2 }, caller);
        expect(ids(items)).toEqual(ids(everything));
        expect(new Set(ids(items)).size).toBe(items.length);
        expect(pages).toBe(Math.max(1, Math.ceil(everything.length / 2)));
      }
      const filtered = await everyPage({ limit: 1, stakeholder: 'States', lang: 'fr' });
      expect(titles(filtered.items)).toEqual(titles((await timeline({ stakeholder: 'States', lang: 'fr' })).items));
      expect(all).toHaveLength(6);
      const exact = await timeline({ limit: 6 });
      expect(exact.items).toHaveLength(6);
      expect(exact.nextCursor).toBeUndefined();
    });

    it('reads its own writes: a new milestone shows when its position is passed as minPosition', async () => {
      for (let i = 0; i < 3; i++) {
        const res = await t.http
          .post(`/api/processes/${processId}/milestones`)
          .set(bearer(t.tokens.editor))
          .send(aMilestone({ title: `Late entry ${i}`, occurredOn: '2021-01-0' + (i + 1) }))
          .expect(201);
        const read = await t.http.get(`/api/processes/${processId}/timeline`).query({ minPosition: res.body.position, q: `entry` }).expect(200);
        expect(read.body.items.map((item: Item) => item.milestoneId)).toContain(res.body.milestoneId);
        await write(`/milestones/${res.body.milestoneId}/retraction`, { reason: 'test entry' });
      }
    });
  });

  describe('read without minPosition (pages are cached until the timeline moves)', () => {
    const cachedRead = (caller: Caller, query: Record<string, unknown> = {}) =>
      t.http.get(`/api/processes/${processId}/timeline`).query(query).set(auth(caller)).expect(200);

    // Every write so far projected: what a cached page shows is then exactly known.
    beforeEach(() => timeline());

    it.each([CALLERS, [...CALLERS].reverse()])('shows each caller only what the role may see, whoever read the page first (%j)', async (...order) => {
      for (const caller of order) {
        const { items } = (await cachedRead(caller)).body as { items: Item[] };
        expect(items.every((item) => SEES[caller].includes(item.visibility))).toBe(true);
        expect(items).toHaveLength({ anonymous: 3, viewer: 5, editor: 5, auditor: 6, admin: 6 }[caller]);
      }
    });

    it('keeps every parameter apart: language, filters and pages', async () => {
      const en = (await cachedRead('admin', { lang: 'en' })).body.items as Item[];
      const fr = (await cachedRead('admin', { lang: 'fr' })).body.items as Item[];
      expect(titles(fr)).not.toEqual(titles(en));
      expect(ids((await cachedRead('admin', { kind: 'report' })).body.items)).toEqual([id.report]);
      const first = await cachedRead('admin', { limit: 2 });
      const second = await cachedRead('admin', { limit: 2, cursor: first.body.nextCursor });
      expect(ids([...first.body.items, ...second.body.items])).toEqual(ids(en).slice(0, 4));
    });

    it('shows a new milestone once the timeline has projected it, and answers 304 to an unchanged ETag', async () => {
      const before = await cachedRead('anonymous');
      await t.http.get(`/api/processes/${processId}/timeline`).set('If-None-Match', before.headers.etag).expect(304);
      await log('cached', { title: 'Logged after a cached read', occurredOn: '2021-02-01' });
      let after: Item[] = [];
      const shown = await eventually(async () => {
        after = (await cachedRead('anonymous')).body.items;
        return ids(after).includes(id.cached);
      }, 10_000);
      expect(shown).toBe(true);
      expect(after).toHaveLength(before.body.items.length + 1);
      await t.http.get(`/api/processes/${processId}/timeline`).set('If-None-Match', before.headers.etag).expect(200);
      await write(`/milestones/${id.cached}/retraction`, { reason: 'test entry' });
      expect(await eventually(async () => !ids((await cachedRead('anonymous')).body.items).includes(id.cached), 10_000)).toBe(true);
    });
  });

  describe('asOf', () => {
    it('shows the timeline as recorded then: later corrections do not show, later retractions do not remove', async () => {
      const { items } = await timeline({ asOf: before });
      const sameDay = [id.report, id.submission].sort();
      expect(ids(items)).toEqual([id.consultation, id.chairs, ...sameDay, id.position, id.statement, id.memo]);
      expect(items[0]).toMatchObject({ title: 'Geneva consultation with civil society', location: 'Geneva', correctedAt: null });
      expect(items.find((item) => item.milestoneId === id.memo)?.visibility).toBe('confidential');
      expect(items).not.toContainEqual(expect.objectContaining({ milestoneId: id.duplicate }));
    });

    it('gives nothing before the first milestone was recorded', async () => {
      expect((await timeline({ asOf: '2000-01-01T00:00:00Z' })).items).toEqual([]);
    });

    it.each(CALLERS)('applies the same visibility for %s', async (caller) => {
      const { items } = await timeline({ asOf: before }, caller);
      expect(items.every((item) => SEES[caller].includes(item.visibility))).toBe(true);
      // The chairs' meeting, public then and retracted since, has left the public's view of the past too.
      const expected = { anonymous: 2, viewer: 5, editor: 5, auditor: 7, admin: 7 }[caller];
      expect(items).toHaveLength(expected);
      const csvRows = (await csv({ asOf: before }, caller)).rows;
      expect(csvRows.map((row) => row[0])).toEqual(ids(items));
    });

    it('applies the same filters, search, translations and pagination as the live timeline', async () => {
      expect(ids((await timeline({ asOf: before, q: 'Nairobi' })).items)).toEqual([id.chairs]);
      expect(ids((await timeline({ asOf: before, q: 'corrected' })).items)).toEqual([]);
      expect(ids((await timeline({ asOf: before, from: '2020-03-03', to: '2020-04-30' })).items)).toEqual([id.report, id.position]);
      expect(ids((await timeline({ asOf: before, buildingBlock: 3, stakeholder: 'TreatyBodies', kind: 'chairs-meeting' })).items)).toEqual([id.chairs]);
      expect((await timeline({ asOf: before, lang: 'fr' })).items[0]).toMatchObject({ title: 'Consultation de Genève avec la société civile', originalTitle: 'Geneva consultation with civil society' });
      const { items } = await everyPage({ asOf: before, limit: 2 });
      expect(ids(items)).toEqual(ids((await timeline({ asOf: before })).items));

      // Folded from the stream up to now, the timeline must be the projection's, whatever the query.
      const now = new Date(Date.now() + 1000).toISOString();
      const queries: Record<string, unknown>[] = [{}, { q: 'Geneva' }, { lang: 'es', stakeholder: 'States' }, { from: '2020-03-02', buildingBlock: 4 }, { limit: 3 }];
      for (const caller of CALLERS) {
        for (const query of queries) {
          expect((await timeline({ ...query, asOf: now }, caller)).items).toEqual((await timeline(query, caller)).items);
        }
      }
    });
  });

  describe('CSV', () => {
    const expectedRecord = (item: Item): string[] => {
      const cell = (value: unknown) => (value === null || value === undefined ? '' : String(value));
      const source = item.source as { url: string | null; symbol: string | null } | null;
      const notes = cell(item.notes);
      return [
        item.milestoneId,
        item.occurredOn,
        cell(item.endsOn),
        cell(item.kind),
        item.title,
        cell(item.originalTitle),
        (item.stakeholders as string[]).join('; '),
        (item.buildingBlocks as number[]).join('; '),
        cell(item.location),
        cell(source?.url),
        cell(source?.symbol),
        item.visibility,
        // Spreadsheets would run a cell that starts with = as a formula.
        notes.startsWith('=') ? `'${notes}` : notes,
        String(item.confirmed),
        cell(item.loggedAt),
        cell(item.correctedAt),
      ];
    };

    it('is UTF-8 with a BOM, an attachment, with a header row in the language asked for', async () => {
      const { res, bytes, header } = await csv({ lang: 'fr' });
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="timeline-${processId}.csv"`);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(header).toEqual([
        'Identifiant du jalon', 'Date', 'Date de fin', 'Type', 'Titre', 'Titre original', 'Parties prenantes', 'Éléments constitutifs',
        'Lieu', 'URL de la source', 'Cote du document', 'Visibilité', 'Notes', 'Confirmé', 'Enregistré le', 'Corrigé le',
      ]);
      expect((await csv({ lang: 'es' })).header[0]).toBe('Identificador del hito');
      expect((await csv()).header[0]).toBe('Milestone ID');
      expect(bytes.includes('\r\n')).toBe(true);
    });

    it.each([{}, { lang: 'fr' }, { q: 'Geneva', lang: 'es' }, { stakeholder: 'States' }, { from: '2020-03-02' }, { asOf: 'before' }])(
      'parses back to the rows of the JSON timeline (%o)',
      async (given) => {
        const query = given.asOf ? { ...given, asOf: before } : given;
        const json = (await timeline(query)).items;
        const { rows } = await csv(query);
        expect(rows.length).toBeGreaterThan(0);
        expect(rows).toEqual(json.map(expectedRecord));
      },
    );

    it('keeps quotes, commas, semicolons and line breaks inside one cell', async () => {
      const { rows } = await csv();
      const statement = rows.find((row) => row[0] === id.statement)!;
      expect(statement[4]).toBe('Statement "on, the" review; second line\nfollows');
      expect(statement[12]).toBe(`'=HYPERLINK("https://example.org")`);
    });

    it.each(CALLERS)('shows %s the same rows as the JSON timeline, by the same visibility rule', async (caller) => {
      const json = (await timeline({}, caller)).items;
      const { rows } = await csv({}, caller);
      expect(rows.map((row) => row[0])).toEqual(ids(json));
      expect(rows.every((row) => SEES[caller].includes(row[11]))).toBe(true);
    });
  });

  describe('XLSX', () => {
    /** The CSV's record as typed cells: dates and instants as dates, the flag a boolean, blanks empty, text never escaped. */
    const typed = (record: string[]) =>
      record.map((text, column) => {
        const unescaped = text.startsWith("'=") ? text.slice(1) : text;
        if (unescaped === '') return undefined;
        if (column === 1 || column === 2) return new Date(`${unescaped}T00:00:00Z`);
        if (column === 14 || column === 15) return new Date(unescaped);
        if (column === 13) return unescaped === 'true';
        return unescaped;
      });

    it('is an attachment with the header row of the CSV, frozen, and columns sized', async () => {
      const { res, sheet, header } = await xlsx({ lang: 'fr' });
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="timeline-${processId}.xlsx"`);
      expect(header).toEqual((await csv({ lang: 'fr' })).header);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getColumn(5).width).toBeGreaterThan(sheet.getColumn(2).width!);
      expect(sheet.getColumn(2).numFmt).toBe('yyyy-mm-dd');
    });

    it.each([{}, { lang: 'es' }, { q: 'Geneva' }, { from: '2020-03-02' }, { asOf: 'before' }])('holds the CSV rows as typed cells (%o)', async (given) => {
      const query = given.asOf ? { ...given, asOf: before } : given;
      const { rows } = await xlsx(query);
      const expected = (await csv(query)).rows.map(typed);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((row) => Array.from({ length: 16 }, (_, i) => row[i] ?? undefined))).toEqual(expected);
    });

    it('keeps a cell that starts with = as text, never a formula', async () => {
      const { sheet, rows } = await xlsx();
      const at = rows.findIndex((row) => row[0] === id.statement);
      const cell = sheet.getRow(at + 2).getCell(13);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe('=HYPERLINK("https://example.org")');
    });

    it.each(CALLERS)('shows %s the rows of the CSV, by the same visibility rule', async (caller) => {
      const { rows } = await xlsx({}, caller);
      expect(rows.map((row) => row[0])).toEqual((await csv({}, caller)).rows.map((row) => row[0]));
    });
  });

  describe('errors', () => {
    it.each([
      [{ from: '2020-13-01' }, 'from'],
      [{ to: 'yesterday' }, 'to'],
      [{ kind: 'party' }, 'kind'],
      [{ stakeholder: 'Everyone' }, 'stakeholder'],
      [{ buildingBlock: 8 }, 'buildingBlock'],
      [{ buildingBlock: 'one' }, 'buildingBlock'],
      [{ q: 'x'.repeat(201) }, 'q'],
      [{ lang: 'de' }, 'lang'],
      [{ asOf: '2020-01-01' }, 'asOf'],
      [{ asOf: '2020-01-01T10:00:00' }, 'asOf'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ cursor: Buffer.from('["2020-01-01","x"]').toString('base64url') }, 'cursor'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 501 }, 'limit'],
      [{ minPosition: -1 }, 'minPosition'],
      [{ sort: 'title' }, 'sort'],
    ])('answers 400 naming the parameter for %o', async (query, field) => {
      const res = await t.http.get(`/api/processes/${processId}/timeline`).query(query).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('names the rule broken', async () => {
      const res = await t.http.get(`/api/processes/${processId}/timeline`).query({ from: '2020-02-30' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'from', message: 'from must be a real date as YYYY-MM-DD' }]);
    });

    it.each(['timeline', 'timeline.csv', 'timeline.xlsx'])('refuses at once a minPosition that no event holds (%s)', async (path) => {
      const res = await t.http.get(`/api/processes/${processId}/${path}`).query({ minPosition: 1_000_000_000 }).expect(400);
      expect(res.body).toMatchObject({ code: 'position-not-recorded', errors: [{ field: 'minPosition' }] });
    });

    it('refuses pagination parameters on the CSV, which has every row', async () => {
      const res = await t.http.get(`/api/processes/${processId}/timeline.csv`).query({ limit: 2 }).expect(400);
      expect(res.body.errors[0].field).toBe('limit');
      await t.http.get(`/api/processes/${processId}/timeline.csv`).query({ kind: 'party' }).expect(400);
    });

    it.each(['timeline', 'timeline.csv', 'timeline.xlsx'])('answers 404 for an unknown process and 400 for a bad id (%s)', async (path) => {
      const res = await t.http.get(`/api/processes/6f1c1a43-36a4-4d52-9d61-0b5c1e0f4d2a/${path}`).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      await t.http.get(`/api/processes/not-a-uuid/${path}`).expect(400);
    });

    it.each(['timeline', 'timeline.csv'])('answers 401 for a bad token even though the route is public (%s)', async (path) => {
      await t.http.get(`/api/processes/${processId}/${path}`).set(bearer('trt_unknown')).expect(401);
    });
  });

  it('documents both routes and their parameters in the OpenAPI description', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const list = doc.paths['/api/processes/{id}/timeline'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['id', 'from', 'to', 'kind', 'stakeholder', 'buildingBlock', 'q', 'lang', 'asOf', 'cursor', 'limit', 'minPosition']),
    );
    expect(list.responses['200'].content['application/json'].schema.$ref).toMatch(/TimelinePageDto$/);
    expect(Object.keys(doc.paths['/api/processes/{id}/timeline.csv'].get.responses['200'].content)).toContain('text/csv');
    expect(Object.keys(doc.paths['/api/processes/{id}/timeline.xlsx'].get.responses['200'].content)).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});

describe('the timeline with no worker projecting it', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ROLE: 'api' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each(['timeline', 'timeline.csv'])('answers 503 when the projection has not reached minPosition within 5 s (%s)', async (path) => {
    const opened = await t.http.post('/api/processes').set(bearer(t.tokens.editor)).send(aProcess()).expect(201);
    const started = Date.now();
    const res = await t.http.get(`/api/processes/${opened.body.id}/${path}`).query({ minPosition: opened.body.position }).expect(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    expect(res.body.detail).toMatch(new RegExp(`position ${opened.body.position}`));
  });
});
