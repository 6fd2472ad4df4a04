import fc from 'fast-check';
import { aMilestone, anAssessment, aProcess } from '../builders/request-bodies.js';
import { bytesOf, xlsxText } from '../support/spreadsheet-files.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The promise the visibility design exists for, checked from outside on random histories: no reader
 * ever sees a milestone above their clearance, at any moment, through any read path. Every text
 * written into a milestone carries a unique marker, so a leak shows in any response body; the
 * oracle below is computed from the commands sent, independently of the service's code.
 */

type Visibility = 'public' | 'internal' | 'confidential';
type Reader = 'anonymous' | 'viewer' | 'editor' | 'auditor';

const VISIBILITIES: Visibility[] = ['public', 'internal', 'confidential'];
const RANK: Record<Visibility, number> = { public: 0, internal: 1, confidential: 2 };
const CLEARANCE: Record<Reader, number> = { anonymous: 0, viewer: 1, editor: 1, auditor: 2 };
const READERS: Reader[] = ['anonymous', 'viewer', 'editor', 'auditor'];
const LANGUAGES = ['en', 'fr', 'es'] as const;

type Command =
  | { kind: 'log'; visibility: Visibility; notes: boolean; translations: boolean }
  | { kind: 'correct-text'; target: number; notes: boolean; translations: boolean; visibility: Visibility | null }
  | { kind: 'change-visibility'; target: number; visibility: Visibility }
  | { kind: 'retract'; target: number }
  | { kind: 'assess'; targets: number[] };

const visibility = fc.constantFrom(...VISIBILITIES);
const target = fc.nat({ max: 11 });
const logCommand = fc.record({ kind: fc.constant('log' as const), visibility, notes: fc.boolean(), translations: fc.boolean() });
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: logCommand, weight: 3 },
  {
    arbitrary: fc.record({ kind: fc.constant('correct-text' as const), target, notes: fc.boolean(), translations: fc.boolean(), visibility: fc.option(visibility) }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('change-visibility' as const), target, visibility }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('retract' as const), target }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('assess' as const), targets: fc.array(target, { minLength: 1, maxLength: 3 }) }), weight: 1 },
);
const history = fc.tuple(logCommand, fc.array(command, { minLength: 1, maxLength: 11 })).map(([first, rest]) => [first, ...rest]);

/** What a milestone holds at one moment: each text field's marker. */
interface MilestoneModel {
  milestoneId: string;
  visibility: Visibility;
  retracted: boolean;
  texts: Record<string, string>;
}
type Moment = Map<string, MilestoneModel>;

/** An event the history wrote, with the milestone it touched as it was right after, and the markers it carried. */
interface WrittenEvent {
  position: number;
  milestoneId?: string;
  written: string[];
  after: Moment;
}

const copy = (moment: Moment): Moment => new Map([...moment].map(([id, m]) => [id, { ...m, texts: { ...m.texts } }]));

/** The oracle: what m is read under at a moment is the most restrictive of its visibility then and now, internal if retracted now. */
function levelOf(then: MilestoneModel, now: Moment): number {
  const current = now.get(then.milestoneId)!;
  return Math.max(RANK[then.visibility], RANK[current.visibility], current.retracted ? RANK.internal : RANK.public);
}

function allowedAt(then: Moment, now: Moment, reader: Reader): Set<string> {
  const allowed = new Set<string>();
  for (const m of then.values()) if (levelOf(m, now) <= CLEARANCE[reader]) for (const marker of Object.values(m.texts)) allowed.add(marker);
  return allowed;
}

function allowedInEvent(event: WrittenEvent, now: Moment, reader: Reader): Set<string> {
  if (event.milestoneId === undefined) return new Set();
  const then = event.after.get(event.milestoneId)!;
  return levelOf(then, now) <= CLEARANCE[reader] ? new Set([...Object.values(then.texts), ...event.written]) : new Set();
}

interface SseMessage {
  position: number;
  raw: string;
}

/** Reads a Server-Sent Events replay until it has been idle for a moment. */
async function readReplay(url: string, headers: Record<string, string>): Promise<SseMessage[]> {
  const controller = new AbortController();
  const messages: SseMessage[] = [];
  let lastActivity = Date.now();
  const idle = setInterval(() => {
    if (Date.now() - lastActivity > 400) controller.abort();
  }, 50);
  try {
    const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
    expect(res.status).toBe(200);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      lastActivity = Date.now();
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data:'));
        if (data) messages.push({ position: JSON.parse(data.slice(5)).position, raw: block });
      }
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    clearInterval(idle);
  }
  return messages;
}

describe('visibility property: no reader ever sees a milestone above their clearance (fast-check, random histories)', () => {
  let t: TestApp;
  let run = 0;

  beforeAll(async () => {
    t = await createTestApp({ LIVE_STREAMS_PER_CLIENT: '1000' });
  });

  afterAll(async () => {
    await t.close();
  });

  const headersOf = (reader: Reader): Record<string, string> => (reader === 'anonymous' ? {} : bearer(t.tokens[reader]));

  it('holds on every read path, for every reader, at every recorded moment', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (commands) => {
        run += 1;
        let counter = 0;
        const everyMarker: string[] = [];
        // Fixed width, so no marker is a prefix of another; letters and digits, so search sees one word.
        const marker = () => {
          const m = `mrk${String(run).padStart(4, '0')}n${String(counter++).padStart(4, '0')}x`;
          everyMarker.push(m);
          return m;
        };
        const editor = bearer(t.tokens.editor);
        const opened = await t.http.post('/api/processes').set(editor).send(aProcess()).expect(201);
        const processId: string = opened.body.id;
        const p = `/api/processes/${processId}`;
        const milestoneIds: string[] = [];
        const moment: Moment = new Map();
        const events: WrittenEvent[] = [{ position: opened.body.position, written: [], after: new Map() }];
        let markersBefore = 0;
        /** The event a command wrote, with every marker made for that command. */
        const record = (position: number, milestoneId: string | undefined) =>
          events.push({ position, milestoneId, written: everyMarker.slice(markersBefore), after: copy(moment) });
        const pick = (index: number) => (milestoneIds.length === 0 ? undefined : moment.get(milestoneIds[index % milestoneIds.length])!);

        for (const c of commands) {
          markersBefore = everyMarker.length;
          if (c.kind === 'log') {
            const texts: Record<string, string> = { title: marker(), location: marker() };
            if (c.notes) texts.notes = marker();
            if (c.translations) Object.assign(texts, { fr: marker(), es: marker() });
            const res = await t.http
              .post(`${p}/milestones`)
              .set(editor)
              .send(
                aMilestone({
                  title: `Consultation ${texts.title}`,
                  location: `Geneva ${texts.location}`,
                  visibility: c.visibility,
                  ...(texts.notes && { notes: `Notes ${texts.notes}` }),
                  ...(texts.fr && { translations: { fr: { title: `Consultation ${texts.fr}` }, es: { title: `Consulta ${texts.es}` } } }),
                }),
              )
              .expect(201);
            milestoneIds.push(res.body.milestoneId);
            moment.set(res.body.milestoneId, { milestoneId: res.body.milestoneId, visibility: c.visibility, retracted: false, texts });
            record(res.body.position, res.body.milestoneId);
            continue;
          }
          if (c.kind === 'assess') {
            const evidence = [...new Set(c.targets.map(pick).filter((m) => m && !m.retracted).map((m) => m!.milestoneId))];
            if (evidence.length === 0) continue;
            const res = await t.http.post(`${p}/assessments`).set(editor).send(anAssessment(evidence)).expect(201);
            record(res.body.position, undefined);
            continue;
          }
          const m = pick(c.target);
          if (!m || m.retracted) continue;
          const reason = marker();
          if (c.kind === 'retract') {
            const res = await t.http.post(`${p}/milestones/${m.milestoneId}/retraction`).set(editor).send({ reason: `Duplicate ${reason}` }).expect(201);
            m.retracted = true;
            record(res.body.position, m.milestoneId);
            continue;
          }
          const changes: Record<string, unknown> = {};
          if (c.kind === 'correct-text') {
            m.texts.title = marker();
            changes.title = `Corrected ${m.texts.title}`;
            if (c.notes) {
              m.texts.notes = marker();
              changes.notes = `Corrected notes ${m.texts.notes}`;
            }
            if (c.translations) {
              Object.assign(m.texts, { fr: marker(), es: marker() });
              changes.translations = { fr: { title: `Corrigé ${m.texts.fr}` }, es: { title: `Corregido ${m.texts.es}` } };
            }
          }
          if (c.visibility !== null && c.visibility !== m.visibility) {
            changes.visibility = c.visibility;
            m.visibility = c.visibility;
          }
          if (Object.keys(changes).length === 0) continue;
          const res = await t.http.post(`${p}/milestones/${m.milestoneId}/corrections`).set(editor).send({ changes, reason: `Because ${reason}` }).expect(201);
          record(res.body.position, m.milestoneId);
        }

        const now = moment;
        const head = events[events.length - 1].position;
        const byPosition = new Map(events.map((e) => [e.position, e]));
        const leaks: string[] = [];
        /** Records every marker of this run in a body that the reader may not see. */
        const check = (where: string, reader: Reader, body: string, allowed: Set<string>) => {
          for (const m of everyMarker) if (body.includes(m) && !allowed.has(m)) leaks.push(`${reader} read ${m} in ${where}`);
        };

        const recorded = await t.http.get(`${p}/events`).set(bearer(t.tokens.auditor)).expect(200);
        const recordedAt = new Map<number, number>(recorded.body.items.map((e: { position: number; recordedAt: string }) => [e.position, Date.parse(e.recordedAt)]));
        /** The moment as the service reads "as of T": every event whose recording (up to its running maximum) is at or before T. */
        const momentAsOf = (instant: number): Moment => {
          let then: Moment = new Map();
          let latest = 0;
          for (const e of events) {
            latest = Math.max(latest, recordedAt.get(e.position)!);
            if (latest > instant) break;
            then = e.after;
          }
          return then;
        };

        const body = (res: { text?: string; body?: unknown }) => res.text ?? JSON.stringify(res.body);
        await Promise.all(
          READERS.map(async (reader) => {
            const get = (path: string) => t.http.get(path).set(headersOf(reader));
            const spreadsheet = async (path: string) => xlsxText((await get(path).buffer(true).parse(bytesOf).expect(200)).body as Buffer);
            const current = allowedAt(now, now, reader);
            for (const lang of LANGUAGES) {
              const timeline = await get(`${p}/timeline?minPosition=${head}&lang=${lang}`).expect(200);
              check(`timeline?lang=${lang}`, reader, timeline.text, current);
              if (lang === 'en') {
                // The positive side: what the reader may see now is there, so the property cannot hold vacuously.
                for (const m of now.values()) {
                  if (!m.retracted && levelOf(m, now) <= CLEARANCE[reader]) expect(timeline.text).toContain(m.texts.title);
                }
              }
              check(`timeline.csv?lang=${lang}`, reader, (await get(`${p}/timeline.csv?minPosition=${head}&lang=${lang}`).expect(200)).text, current);
              const workbook = await spreadsheet(`${p}/timeline.xlsx?minPosition=${head}&lang=${lang}`);
              check(`timeline.xlsx?lang=${lang}`, reader, workbook, current);
              // The workbook is read for real: what the reader may see is in it.
              if (lang === 'en') for (const m of now.values()) if (!m.retracted && levelOf(m, now) <= CLEARANCE[reader]) expect(workbook).toContain(m.texts.title);
            }
            for (const m of everyMarker) check(`timeline?q=${m}`, reader, (await get(`${p}/timeline?q=${m}`).expect(200)).text, current);
            for (const [i, e] of events.entries()) {
              const instant = recordedAt.get(e.position)!;
              const asOf = new Date(instant).toISOString();
              const then = allowedAt(momentAsOf(instant), now, reader);
              const lang = LANGUAGES[i % LANGUAGES.length];
              const past = await get(`${p}/timeline?asOf=${asOf}&lang=${lang}`).expect(200);
              check(`timeline?asOf=${asOf}&lang=${lang}`, reader, past.text, then);
              if (reader === 'auditor' && lang === 'en') {
                for (const m of momentAsOf(instant).values()) if (!m.retracted) expect(past.text).toContain(m.texts.title);
              }
              for (const m of e.written) check(`timeline?asOf=${asOf}&q=${m}`, reader, (await get(`${p}/timeline?asOf=${asOf}&q=${m}`).expect(200)).text, then);
              check(`timeline.csv?asOf=${asOf}&lang=${lang}`, reader, (await get(`${p}/timeline.csv?asOf=${asOf}&lang=${lang}`).expect(200)).text, then);
              check(`timeline.xlsx?asOf=${asOf}&lang=${lang}`, reader, await spreadsheet(`${p}/timeline.xlsx?asOf=${asOf}&lang=${lang}`), then);
            }
            check('deadlines', reader, body(await get(`${p}/deadlines?minPosition=${head}`).expect(200)), new Set());
            check('deadlines.csv', reader, (await get(`${p}/deadlines.csv?minPosition=${head}`).expect(200)).text, new Set());
            check('deadlines.xlsx', reader, await spreadsheet(`${p}/deadlines.xlsx?minPosition=${head}`), new Set());
            check('progress', reader, body(await get(`${p}/progress?minPosition=${head}`).expect(200)), current);
            check('processes', reader, body(await get(`/api/processes?minPosition=${head}`).expect(200)), current);
            check('processes/:id', reader, body(await get(`${p}?minPosition=${head}`).expect(200)), current);
            const firstPosition = events[0].position;
            // Seals are public: digests and ranges only.
            check('audit/seals', reader, body(await get('/api/audit/seals').expect(200)), new Set());
            for (const path of [`${p}/events`, `/api/audit?after=${firstPosition - 1}&limit=500`, `/api/audit.ndjson?after=${firstPosition - 1}`]) {
              const res = await get(path);
              if (reader === 'auditor') expect(res.status).toBe(200);
              else {
                expect([401, 403]).toContain(res.status);
                check(path, reader, body(res), new Set());
              }
            }
            const replays = await Promise.all(
              [0, ...events.map((e) => e.position)].map(async (from) => ({
                from,
                messages: await readReplay(`${t.service.baseUrl}${p}/live`, { ...headersOf(reader), 'Last-Event-ID': String(from) }),
              })),
            );
            if (reader === 'auditor') {
              const fromTheStart = replays[0].messages.map((message) => message.position);
              for (const e of events) if (e.milestoneId !== undefined) expect(fromTheStart).toContain(e.position);
            }
            for (const { from, messages } of replays) {
              for (const message of messages) {
                const event = byPosition.get(message.position);
                if (!event) {
                  leaks.push(`${reader} got position ${message.position}, not of this process, in live from ${from}`);
                  continue;
                }
                check(`live from Last-Event-ID ${from} (event at ${message.position})`, reader, message.raw, allowedInEvent(event, now, reader));
              }
            }
          }),
        );
        expect(leaks).toEqual([]);
      }),
      { numRuns: 25, seed: 14 },
    );
  }, 600_000);
});
