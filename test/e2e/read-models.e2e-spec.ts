import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { bytesOf } from '../support/spreadsheet-files.js';
import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/auth/roles.js';
import { aDeadline, aMilestone, anAssessment, aProcess } from '../builders/request-bodies.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

type Caller = Role | 'anonymous';

describe('the read models over HTTP', () => {
  let t: TestApp;
  /** The position of the last write: every read below waits for it. */
  let last = 0;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const as = (caller: Caller) => (caller === 'anonymous' ? {} : bearer(t.tokens[caller]));

  async function write(path: string, body: object = {}): Promise<Record<string, any>> {
    const res = await t.http.post(path).set(bearer(t.tokens.editor)).send(body).expect(201);
    last = res.body.position;
    return res.body;
  }

  async function read(path: string, caller: Caller = 'anonymous', status = 200): Promise<any> {
    const separator = path.includes('?') ? '&' : '?';
    return (await t.http.get(`${path}${separator}minPosition=${last}`).set(as(caller)).expect(status)).body;
  }

  const openProcess = async (overrides = {}) => (await write('/api/processes', aProcess(overrides))).id as string;

  /** A date relative to today in New York, the time zone of the processes below. */
  const daysAgo = (days: number) => DateTime.now().setZone('America/New_York').minus({ days }).toISODate()!;

  describe('a process with milestones of every visibility, assessments and deadlines', () => {
    let processId: string;
    const m: Record<string, string> = {};
    const a: Record<string, string> = {};
    const d: Record<string, string> = {};
    const titles = {
      recentPublic: 'Public consultation with NGOs and NHRIs',
      oldInternal: 'Internal briefing with States and OHCHR',
      recentConfidential: 'Confidential meeting with academics',
      retracted: 'Meeting with the PGA, logged by mistake',
      oldPublic: 'Treaty body chairs meet',
    };

    beforeAll(async () => {
      processId = await openProcess();
      const log = async (body: Record<string, unknown>) => (await write(`/api/processes/${processId}/milestones`, aMilestone(body))).milestoneId as string;
      m.recentPublic = await log({ title: titles.recentPublic, occurredOn: daysAgo(30), stakeholders: ['CivilSociety', 'NHRIs'], buildingBlocks: [1, 2] });
      m.oldInternal = await log({
        title: titles.oldInternal,
        kind: 'meeting',
        occurredOn: daysAgo(730),
        stakeholders: ['States', 'OHCHR'],
        buildingBlocks: [1],
        visibility: 'internal',
      });
      m.recentConfidential = await log({
        title: titles.recentConfidential,
        occurredOn: daysAgo(10),
        stakeholders: ['Academia'],
        buildingBlocks: [1, 7],
        visibility: 'confidential',
      });
      m.retracted = await log({ title: titles.retracted, occurredOn: daysAgo(5), stakeholders: ['PGA'], buildingBlocks: [1] });
      m.oldPublic = await log({ title: titles.oldPublic, kind: 'chairs-meeting', occurredOn: '2020-06-01', stakeholders: ['TreatyBodies'], buildingBlocks: [3] });
      await write(`/api/processes/${processId}/milestones/${m.retracted}/retraction`, { reason: 'Recorded twice' });

      const assess = async (evidence: string[], overrides: Record<string, unknown>) =>
        (await write(`/api/processes/${processId}/assessments`, anAssessment(evidence, overrides))).assessmentId as string;
      a.first = await assess([m.recentPublic], { rating: 'at-risk', rationale: 'Only NGOs were heard' });
      a.second = await assess([m.recentPublic, m.oldInternal, m.recentConfidential], { rating: 'partly-honoured', rationale: 'Governments heard too' });
      a.block7 = await assess([m.recentConfidential], { buildingBlock: 7, rating: 'honoured', rationale: 'Proposals countered' });

      const deadline = async (overrides: Record<string, unknown>) => (await write(`/api/processes/${processId}/deadlines`, aDeadline(overrides))).deadlineId as string;
      d.upcoming = await deadline({ title: 'Written contributions due', dueAt: '2030-07-07T23:59:00-04:00', timezone: 'America/New_York' });
      d.moved = await deadline({ title: 'Opt-out deadline', kind: 'opt-out', dueAt: '2031-12-31T23:59:59+01:00', timezone: 'Europe/Zurich' });
      await write(`/api/processes/${processId}/deadlines/${d.moved}/moves`, { dueAt: '2032-01-31T23:59:59+01:00', reason: 'Extended by the committee' });
      d.met = await deadline({ title: 'Report transmitted', kind: 'report', dueAt: '2020-09-14T18:00:00-04:00' });
      await write(`/api/processes/${processId}/deadlines/${d.met}/completion`);
      d.cancelled = await deadline({ title: 'Second New York consultation', kind: 'consultation', dueAt: '2030-08-01T10:00:00-04:00' });
      await write(`/api/processes/${processId}/deadlines/${d.cancelled}/cancellation`, { reason: 'Dropped by the co-facilitators' });
      d.overdue = await deadline({ title: 'Review by the General Assembly', kind: 'review', dueAt: '2020-04-09T23:59:00-04:00' });
      // One hour from now, in a zone where that is still the same calendar day whenever the test runs.
      const zone = ['Pacific/Kiritimati', 'Asia/Tokyo', 'Europe/Zurich', 'America/New_York', 'Pacific/Honolulu'].find((z) => {
        const hour = DateTime.now().setZone(z).hour;
        return hour >= 1 && hour <= 21;
      })!;
      const dueToday = DateTime.now().setZone(zone).plus({ hours: 1 }).startOf('second');
      d.dueToday = await deadline({ title: 'Comments on the draft', dueAt: dueToday.toISO({ suppressMilliseconds: true }), timezone: zone });
    });

    const progressOf = async (caller: Caller) => (await read(`/api/processes/${processId}/progress`, caller)).items as any[];
    const cited = {
      recentPublic: { occurredOn: daysAgo(30), kind: 'consultation' },
      oldInternal: { occurredOn: daysAgo(730), kind: 'meeting' },
      recentConfidential: { occurredOn: daysAgo(10), kind: 'consultation' },
    };
    const evidence = (key: keyof typeof cited) => ({ milestoneId: m[key], title: titles[key], ...cited[key] });
    const unavailable = (key: string) => ({ milestoneId: m[key], available: false });

    describe('GET /api/processes/:id/progress', () => {
      it('answers the seven building blocks with their names, the unassessed ones empty', async () => {
        const items = await progressOf('anonymous');
        expect(items.map((item) => [item.buildingBlock, item.name])).toEqual([
          [1, 'Collaborative and inclusive'],
          [2, 'Rights holders and victims paramount'],
          [3, 'Ambitious, no least common denominator'],
          [4, 'Consensual, talented leadership'],
          [5, 'Good practices shared across treaty bodies'],
          [6, 'Avoid over-politicization'],
          [7, 'Strategy against curtailing independence'],
        ]);
        expect(items[3]).toEqual({
          buildingBlock: 4,
          name: 'Consensual, talented leadership',
          current: null,
          history: [],
          activity: { milestones: 0, stakeholderGroups: [], stakeholderGroupsLast12Months: [], lastActivityOn: null },
        });
      });

      it('gives the latest assessment as current and the history newest first', async () => {
        const [block1] = await progressOf('viewer');
        expect(block1.current).toMatchObject({ assessmentId: a.second, rating: 'partly-honoured', rationale: 'Governments heard too', assessedBy: 'test editor' });
        expect(Date.parse(block1.current.assessedAt)).not.toBeNaN();
        expect(block1.history.map((h: any) => [h.assessmentId, h.rating])).toEqual([
          [a.second, 'partly-honoured'],
          [a.first, 'at-risk'],
        ]);
        expect(block1.history[1].evidence).toEqual([evidence('recentPublic')]);
      });

      it('shows each caller only the evidence it may see; the rest as unavailable, in the order cited', async () => {
        expect((await progressOf('anonymous'))[0].current.evidence).toEqual([evidence('recentPublic'), unavailable('oldInternal'), unavailable('recentConfidential')]);
        expect((await progressOf('viewer'))[0].current.evidence).toEqual([evidence('recentPublic'), evidence('oldInternal'), unavailable('recentConfidential')]);
        expect((await progressOf('auditor'))[0].current.evidence).toEqual([evidence('recentPublic'), evidence('oldInternal'), evidence('recentConfidential')]);
        expect((await progressOf('anonymous'))[6].current).toMatchObject({ assessmentId: a.block7, evidence: [unavailable('recentConfidential')] });
      });

      it('measures activity from the milestones each caller may see, never from retracted ones', async () => {
        const block1 = async (caller: Caller) => (await progressOf(caller))[0].activity;
        expect(await block1('anonymous')).toEqual({
          milestones: 1,
          stakeholderGroups: ['CivilSociety', 'NHRIs'],
          stakeholderGroupsLast12Months: ['CivilSociety', 'NHRIs'],
          lastActivityOn: daysAgo(30),
        });
        expect(await block1('viewer')).toEqual({
          milestones: 2,
          stakeholderGroups: ['States', 'CivilSociety', 'NHRIs', 'OHCHR'],
          stakeholderGroupsLast12Months: ['CivilSociety', 'NHRIs'],
          lastActivityOn: daysAgo(30),
        });
        expect(await block1('auditor')).toEqual({
          milestones: 3,
          stakeholderGroups: ['States', 'CivilSociety', 'NHRIs', 'OHCHR', 'Academia'],
          stakeholderGroupsLast12Months: ['CivilSociety', 'NHRIs', 'Academia'],
          lastActivityOn: daysAgo(10),
        });
        const anonymous = await progressOf('anonymous');
        expect(anonymous[2].activity).toMatchObject({ milestones: 1, stakeholderGroups: ['TreatyBodies'], stakeholderGroupsLast12Months: [], lastActivityOn: '2020-06-01' });
        expect(anonymous[6].activity).toEqual({ milestones: 0, stakeholderGroups: [], stakeholderGroupsLast12Months: [], lastActivityOn: null });
      });

      it('leaks nothing hidden to an anonymous caller', async () => {
        const body = JSON.stringify(await read(`/api/processes/${processId}/progress`));
        for (const hidden of [titles.oldInternal, titles.recentConfidential, titles.retracted, 'Academia', 'States', 'PGA']) expect(body).not.toContain(hidden);
      });
    });

    describe('GET /api/processes/:id/deadlines', () => {
      it('lists every deadline by due instant with its status in its own time zone', async () => {
        const { items } = await read(`/api/processes/${processId}/deadlines`);
        expect(items.map((item: any) => [item.deadlineId, item.status])).toEqual([
          [d.overdue, 'overdue'],
          [d.met, 'met'],
          [d.dueToday, 'due-today'],
          [d.upcoming, 'upcoming'],
          [d.cancelled, 'cancelled'],
          [d.moved, 'upcoming'],
        ]);
        expect(items.find((item: any) => item.deadlineId === d.cancelled).statusReason).toBe('Dropped by the co-facilitators');
        expect(items.find((item: any) => item.deadlineId === d.upcoming)).toEqual({
          deadlineId: d.upcoming,
          title: 'Written contributions due',
          kind: 'call-for-input',
          dueAt: '2030-07-07T23:59:00-04:00',
          dueAtUtc: '2030-07-08T03:59:00.000Z',
          timezone: 'America/New_York',
          localDueDate: '2030-07-07',
          remindBefore: ['P30D', 'P7D', 'P1D'],
          notifyOverdue: true,
          status: 'upcoming',
          statusReason: null,
          moves: [],
        });
        expect((await read(`/api/processes/${processId}/deadlines`, 'viewer')).items.find((item: any) => item.deadlineId === d.upcoming).reminderCounts).toEqual({
          planned: 0,
          queued: 0,
          sent: 0,
          failed: 0,
          skipped: 0,
        });
      });

      it('shows a moved deadline at its new instant with every move', async () => {
        const { items } = await read(`/api/processes/${processId}/deadlines`, 'viewer');
        const moved = items.find((item: any) => item.deadlineId === d.moved);
        expect(moved).toMatchObject({
          dueAt: '2032-01-31T23:59:59+01:00',
          dueAtUtc: '2032-01-31T22:59:59.000Z',
          timezone: 'Europe/Zurich',
          localDueDate: '2032-01-31',
          moves: [{ from: '2031-12-31T23:59:59+01:00', to: '2032-01-31T23:59:59+01:00', reason: 'Extended by the committee', at: expect.any(String) }],
        });
      });

      it('exports the same deadlines as CSV and XLSX, header row in the language asked for', async () => {
        const { items } = await read(`/api/processes/${processId}/deadlines`);
        const download = async (path: string) =>
          (await t.http.get(`/api/processes/${processId}/${path}`).buffer(true).parse(bytesOf).expect(200)).body as Buffer;
        const csv: string[][] = parse(await download('deadlines.csv?lang=fr'), { bom: true });
        expect(csv[0].slice(0, 4)).toEqual(['Identifiant de l’échéance', 'Titre', 'Type', 'Échéance']);
        expect(csv.slice(1).map((row) => [row[0], row[7]])).toEqual(items.map((item: any) => [item.deadlineId, item.status]));
        const upcoming = csv.find((row) => row[0] === d.upcoming)!;
        expect(upcoming).toEqual([d.upcoming, 'Written contributions due', 'call-for-input', '2030-07-07T23:59:00-04:00', '2030-07-08T03:59:00.000Z', 'America/New_York', '2030-07-07', 'upcoming', '', 'P30D; P7D; P1D', 'true']);

        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(new Uint8Array(await download('deadlines.xlsx?lang=es')).buffer);
        const sheet = workbook.worksheets[0];
        expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
        expect(sheet.getRow(1).getCell(1).value).toBe('Identificador del plazo');
        const row = sheet.getRow(csv.indexOf(upcoming) + 1);
        expect(row.getCell(5).value).toEqual(new Date('2030-07-08T03:59:00.000Z'));
        expect(row.getCell(7).value).toEqual(new Date('2030-07-07T00:00:00Z'));
        expect(row.getCell(11).value).toBe(true);
        expect(sheet.rowCount).toBe(items.length + 1);
      });
    });

    describe('GET /api/processes and /api/processes/:id', () => {
      it('summarises the process with counts that honour the caller', async () => {
        const counts = async (caller: Caller) => (await read(`/api/processes/${processId}`, caller)).counts;
        expect(await counts('anonymous')).toEqual({ milestones: 2, assessments: 3, openDeadlines: 4 });
        expect(await counts('viewer')).toEqual({ milestones: 3, assessments: 3, openDeadlines: 4 });
        expect(await counts('auditor')).toEqual({ milestones: 4, assessments: 3, openDeadlines: 4 });
      });

      it('names the next open deadline in the future and the latest visible milestone', async () => {
        const process = await read(`/api/processes/${processId}`);
        expect(process).toMatchObject({
          id: processId,
          title: aProcess().title,
          mandate: aProcess().mandate,
          description: null,
          reviewDueAt: '2020-04-09',
          timezone: 'America/New_York',
          nextDeadline: { deadlineId: d.dueToday, title: 'Comments on the draft', dueAt: expect.any(String), timezone: expect.any(String) },
          lastActivity: { milestoneId: m.recentPublic, title: titles.recentPublic, occurredOn: daysAgo(30) },
        });
        expect((await read(`/api/processes/${processId}`, 'auditor')).lastActivity).toEqual({
          milestoneId: m.recentConfidential,
          title: titles.recentConfidential,
          occurredOn: daysAgo(10),
        });
      });

      it('follows the stream version for those who see every event, and lists the same summary', async () => {
        const before = await read(`/api/processes/${processId}`, 'auditor');
        const publicBefore = await read(`/api/processes/${processId}`);
        const written = await write(`/api/processes/${processId}/milestones`, aMilestone({ visibility: 'internal', buildingBlocks: [] }));
        const after = await read(`/api/processes/${processId}`, 'auditor');
        expect(after.version).toBe(written.version);
        expect(after.version).toBe(before.version + 1);
        expect(Date.parse(after.lastRecordedAt)).toBeGreaterThanOrEqual(Date.parse(before.lastRecordedAt));
        expect(after.counts.milestones).toBe(before.counts.milestones + 1);
        expect((await read(`/api/processes/${processId}`)).counts).toEqual(publicBefore.counts);

        const listed = await listAll('viewer');
        expect(listed.find((p) => p.id === processId)).toEqual(await read(`/api/processes/${processId}`, 'viewer'));
      });

      it('reveals no hidden activity: a confidential milestone changes nothing in the summary of a reader who cannot see it', async () => {
        const anonymous = await read(`/api/processes/${processId}`);
        const viewer = await read(`/api/processes/${processId}`, 'viewer');
        const editor = await read(`/api/processes/${processId}`, 'editor');
        for (const summary of [anonymous, viewer, editor]) {
          expect(summary.version).toBeUndefined();
          expect(summary.lastRecordedAt).toBeUndefined();
        }
        const auditorBefore = await read(`/api/processes/${processId}`, 'auditor');
        await write(`/api/processes/${processId}/milestones`, aMilestone({ visibility: 'confidential', title: 'Meeting with a confidential source', occurredOn: daysAgo(1) }));
        expect(await read(`/api/processes/${processId}`)).toEqual(anonymous);
        expect(await read(`/api/processes/${processId}`, 'viewer')).toEqual(viewer);
        expect(await read(`/api/processes/${processId}`, 'editor')).toEqual(editor);
        expect((await listAll('anonymous')).find((p) => p.id === processId)).toEqual(anonymous);
        expect((await read(`/api/processes/${processId}`, 'auditor')).version).toBe(auditorBefore.version + 1);
      });
    });
  });

  async function listAll(caller: Caller, limit = 2): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await read(`/api/processes?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, caller);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  describe('the process list', () => {
    it('pages through every process oldest first, with no repeat and no gap', async () => {
      const opened = [await openProcess({ title: 'First' }), await openProcess({ title: 'Second' }), await openProcess({ title: 'Third' })];
      const all = await listAll('anonymous');
      const ids = all.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => opened.includes(id))).toEqual(opened);
      expect(all.map((p) => p.openedAt)).toEqual([...all.map((p) => p.openedAt)].sort());
      expect(all.find((p) => p.id === opened[0])).toMatchObject({
        title: 'First',
        counts: { milestones: 0, assessments: 0, openDeadlines: 0 },
        nextDeadline: null,
        lastActivity: null,
      });
      expect((await read('/api/processes?limit=100')).items.map((p: any) => p.id)).toEqual(ids);
    });

    it('refuses a cursor it did not give and a limit over 100', async () => {
      for (const query of ['cursor=nonsense', 'cursor=WyJ4Il0', 'limit=101', 'limit=0', 'minPosition=-1', 'unknown=1']) {
        const res = await t.http.get(`/api/processes?${query}`).expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('read your writes', () => {
    it('answers each write on the next read when given its position', async () => {
      for (let i = 0; i < 5; i++) {
        const opened = await t.http.post('/api/processes').set(bearer(t.tokens.editor)).send(aProcess({ title: `Process ${i}` })).expect(201);
        const processId = opened.body.id;
        const got = await t.http.get(`/api/processes/${processId}?minPosition=${opened.body.position}`).set(bearer(t.tokens.auditor)).expect(200);
        expect(got.body).toMatchObject({ id: processId, version: 1 });

        const milestone = await t.http.post(`/api/processes/${processId}/milestones`).set(bearer(t.tokens.editor)).send(aMilestone()).expect(201);
        const assessed = await t.http
          .post(`/api/processes/${processId}/assessments`)
          .set(bearer(t.tokens.editor))
          .send(anAssessment([milestone.body.milestoneId], { rating: 'honoured' }))
          .expect(201);
        const progress = await t.http.get(`/api/processes/${processId}/progress?minPosition=${assessed.body.position}`).expect(200);
        expect(progress.body.items[0].current).toMatchObject({ rating: 'honoured', evidence: [{ milestoneId: milestone.body.milestoneId, title: aMilestone().title }] });

        const set = await t.http.post(`/api/processes/${processId}/deadlines`).set(bearer(t.tokens.editor)).send(aDeadline()).expect(201);
        const deadlines = await t.http.get(`/api/processes/${processId}/deadlines?minPosition=${set.body.position}`).expect(200);
        expect(deadlines.body.items.map((item: any) => item.deadlineId)).toEqual([set.body.deadlineId]);
      }
    });
  });

  describe('errors', () => {
    it.each([[''], ['/progress'], ['/deadlines']])('answers 404 for an unknown process (%s)', async (suffix) => {
      const res = await t.http.get(`/api/processes/${randomUUID()}${suffix}`).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404, code: 'not-found' });
    });

    it.each([[''], ['/progress'], ['/deadlines']])('answers 400 naming the id when it is not a UUID (%s)', async (suffix) => {
      const res = await t.http.get(`/api/processes/not-a-uuid${suffix}`).expect(400);
      expect(res.body).toMatchObject({ status: 400, errors: [{ field: 'id', message: 'must be a UUID' }] });
    });

    it('answers 401 to a bad token, even on a public read', async () => {
      await t.http.get('/api/processes').set(bearer('trt_unknown')).expect(401);
    });
  });
});
