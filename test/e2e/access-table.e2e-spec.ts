import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Role } from '../../src/auth/roles.js';
import { mailHeader, mailParts } from '../../src/channels/testing/raw-mail.js';
import { aDeadline, aMilestone, aProcess, aSubscription } from '../builders/request-bodies.js';
import { eventually } from '../support/eventually.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

/** A row of the table in docs/access.md: a route (`METHOD /path` as the OpenAPI document names it) and whether each caller is let through. */
interface AccessRow {
  route: string;
  allowed: Map<string, boolean>;
}

const TABLE_DOC = join(process.cwd(), 'docs/access.md');

async function accessTable(): Promise<{ callers: string[]; rows: AccessRow[] }> {
  const lines = (await readFile(TABLE_DOC, 'utf8')).split('\n');
  const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());
  const start = lines.findIndex((line) => cells(line)[0] === 'route');
  if (start < 0) throw new Error(`${TABLE_DOC} has no table whose first column is "route"`);
  const header = cells(lines[start]);
  const callers = header.slice(1, -1);
  if (header[header.length - 1] !== 'note') throw new Error('the access table ends with a note column');
  const rows: AccessRow[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [route, ...rest] = cells(line);
    const marks = rest.slice(0, callers.length);
    const bad = marks.find((mark) => mark !== '✓' && mark !== '✗');
    if (bad !== undefined || marks.length !== callers.length) throw new Error(`the row of ${route} has a cell that is neither ✓ nor ✗: ${line}`);
    rows.push({ route: route.replace(/`/g, ''), allowed: new Map(callers.map((caller, i) => [caller, marks[i] === '✓'])) });
  }
  return { callers, rows };
}

/** The ids a route of one process is called with. */
interface ProcessFixture {
  id: string;
  milestoneId: string;
  deadlineId: string;
  subscriptionId: string;
  /** The key its calendar feed is read with; never revoked here. */
  feedKey: string;
  /** A second feed key, for the routes that revoke one. */
  spareFeedKeyId: string;
  /** A previewed spreadsheet import, for the routes that read and apply one. */
  importId: string;
}

interface Caller {
  /** Headers that carry its credential; none for anonymous. */
  headers: Record<string, string>;
  process: ProcessFixture;
  /** A token of the caller's own (anonymous: someone's), for DELETE /api/me/tokens/{tokenId}; never the one it calls with. */
  spareTokenId: string;
}

/** Routes that end the caller's own sessions run after every other, everywhere before this one. */
const ENDS_SESSIONS = ['POST /api/sign-out/everywhere', 'POST /api/sign-out'];

describe('the access table of docs/access.md (e2e)', () => {
  let t: TestApp;
  let table: Awaited<ReturnType<typeof accessTable>>;
  let document: { paths: Record<string, Record<string, unknown>> };
  const callers = new Map<string, Caller>();
  /** The person the people routes act on: never a caller, so no allowed deactivation or revocation takes a caller's access away. */
  let victim: { personId: string; tokenId: string };
  let spareTrackerTokenId: string;
  const admin = () => bearer(t.tokens.admin);

  async function openProcess(title: string): Promise<ProcessFixture> {
    const id = (await t.http.post('/api/processes').set(admin()).send(aProcess({ title })).expect(201)).body.id as string;
    const milestoneId = (await t.http.post(`/api/processes/${id}/milestones`).set(admin()).send(aMilestone({ visibility: 'internal' })).expect(201)).body.milestoneId as string;
    const deadlineId = (await t.http.post(`/api/processes/${id}/deadlines`).set(admin()).send(aDeadline()).expect(201)).body.deadlineId as string;
    const subscriptionId = (await t.http.post(`/api/processes/${id}/subscriptions`).set(admin()).send(aSubscription()).expect(201)).body.subscriptionId as string;
    const feedKey = (await t.http.post(`/api/processes/${id}/feed-keys`).set(admin()).send({ label: 'calendar' }).expect(201)).body.key as string;
    const spareFeedKeyId = (await t.http.post(`/api/processes/${id}/feed-keys`).set(admin()).send({ label: 'to revoke' }).expect(201)).body.keyId as string;
    const importId = (await t.http.post(`/api/processes/${id}/imports`).set(admin()).set('Content-Type', 'text/csv').send('Date,Kind,Title\n2020-01-01,meeting,Imported\n').expect(201)).body.importId as string;
    return { id, milestoneId, deadlineId, subscriptionId, feedKey, spareFeedKeyId, importId };
  }

  /** Invites a person, signs them in with the e-mailed invitation link, and makes them a token and a spare one. */
  async function aPerson(role: Role, processRoles: { processId: string; role: Role }[] = []) {
    const email = `person-${randomUUID()}@example.org`;
    const personId = (await t.http.post('/api/people').set(admin()).send({ email, displayName: `A ${role}`, language: 'en', role, processRoles }).expect(201)).body.personId as string;
    const linkToken = await invitationLinkTo(email);
    const signedIn = await t.http.post('/api/sign-in/link').send({ token: linkToken }).expect(200);
    const session = ([] as string[]).concat(signedIn.headers['set-cookie'] ?? []).find((line) => line.startsWith('trt_session='))!.split(';')[0];
    const cookie = { Cookie: session, Origin: t.service.baseUrl };
    const makeToken = async (name: string) => (await t.http.post('/api/me/tokens').set(cookie).send({ name, role }).expect(201)).body as { tokenId: string; token: string };
    const token = await makeToken('calls');
    const spare = await makeToken('spare');
    return { personId, cookie, token, spareTokenId: spare.tokenId };
  }

  async function invitationLinkTo(email: string): Promise<string> {
    const dir = join(t.dataDir, 'outbox');
    let token: string | undefined;
    await eventually(async () => {
      for (const name of (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.eml'))) {
        const raw = await readFile(join(dir, name), 'utf8');
        if (!mailHeader(raw, 'To')?.includes(email)) continue;
        const text = mailParts(raw).find((part) => part.contentType.startsWith('text/plain'))!.body;
        token = /#\/sign-in\/link\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
      }
      return token !== undefined;
    }, 10_000);
    if (token === undefined) throw new Error(`no invitation e-mail to ${email}`);
    return token;
  }

  /** The path with every parameter filled with a real id, as this caller calls it. */
  function pathFor(route: string, caller: Caller): string {
    const [, template] = route.split(' ');
    const process = caller.process;
    const values: Record<string, string | undefined> = {
      id: template.startsWith('/api/processes/') ? process.id : template.startsWith('/api/tokens/') ? spareTrackerTokenId : undefined,
      milestoneId: process.milestoneId,
      deadlineId: process.deadlineId,
      subscriptionId: process.subscriptionId,
      keyId: process.spareFeedKeyId,
      importId: process.importId,
      personId: victim.personId,
      processId: process.id,
      tokenId: template.startsWith('/api/me/') ? caller.spareTokenId : victim.tokenId,
    };
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`${route}: no id to fill {${name}} with; give the test one`);
      return value;
    });
    return template.endsWith('/deadlines.ics') ? `${path}?key=${encodeURIComponent(process.feedKey)}` : path;
  }

  /**
   * The status of one call, and the problem's code when refused; the body is an empty JSON object,
   * so an allowed write stops at validation where it can.
   */
  async function answerTo(route: string, caller: Caller): Promise<{ status: number; code?: string }> {
    const [method] = route.split(' ');
    const response = await fetch(`${t.service.baseUrl}${pathFor(route, caller)}`, {
      method,
      headers: { ...caller.headers, ...(method !== 'GET' && { 'Content-Type': 'application/json' }) },
      body: method === 'GET' ? undefined : '{}',
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 401 || response.status === 403) return { status: response.status, code: ((await response.json()) as { code?: string }).code };
    // The live stream never ends on its own: its status is all this needs.
    await response.body?.cancel();
    return { status: response.status };
  }

  beforeAll(async () => {
    t = await createTestApp();
    [table, document] = await Promise.all([accessTable(), t.http.get('/docs-json').expect(200).then((res) => res.body)]);
    const [p, q] = [await openProcess('P'), await openProcess('Q')];
    spareTrackerTokenId = (await t.http.post('/api/tokens').set(admin()).send({ name: 'to revoke', role: 'viewer' }).expect(201)).body.id as string;
    const victimPerson = await aPerson('viewer');
    victim = { personId: victimPerson.personId, tokenId: victimPerson.spareTokenId };

    callers.set('anonymous', { headers: {}, process: p, spareTokenId: victim.tokenId });
    const trackerWide = (['viewer', 'editor', 'auditor', 'admin'] as const).map(async (role) => {
      const person = await aPerson(role);
      return [role, { headers: bearer(person.token.token), process: p, spareTokenId: person.spareTokenId }] as const;
    });
    // One person per column, so one column's sign-out never ends another's session.
    const withRoleOnP = [
      ['A', 'viewer', 'editor', 'cookie'],
      ['B', 'viewer', 'admin', 'cookie'],
      ['C', 'editor', 'viewer', 'token'],
    ] as const;
    const perProcess = withRoleOnP.flatMap(([name, trackerRole, roleOnP, credential]) =>
      ([['P', p], ['Q', q]] as const).map(async ([at, process]) => {
        const person = await aPerson(trackerRole, [{ processId: p.id, role: roleOnP }]);
        return [`${name} at ${at}`, { headers: credential === 'cookie' ? person.cookie : bearer(person.token.token), process, spareTokenId: person.spareTokenId }] as const;
      }),
    );
    for (const [name, caller] of await Promise.all([...trackerWide, ...perProcess])) callers.set(name, caller);
  }, 120_000);

  afterAll(() => t?.close());

  it('has a row for every route of the OpenAPI document, and none for a route it lacks', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    const rows = table.rows.map((row) => row.route);
    expect(documented.filter((route) => !rows.includes(route))).toEqual([]);
    expect(rows.filter((route) => !documented.includes(route))).toEqual([]);
    expect(new Set(rows).size).toBe(rows.length);
    expect(table.callers).toEqual([...callers.keys()]);
  });

  it('answers every route as the table says, for every caller', async () => {
    const last = (route: string) => ENDS_SESSIONS.indexOf(route);
    const routes = [...table.rows].sort((a, b) => last(a.route) - last(b.route));
    const wrong: string[] = [];
    for (const { route, allowed } of routes) {
      for (const [name, caller] of callers) {
        const { status, code } = await answerTo(route, caller);
        const expected = allowed.get(name)!;
        // The guard's refusal: a 403 for another reason (a cross-origin write) is not what the table means.
        const refusal = name === 'anonymous' ? { status: 401, code: 'unauthorized' } : { status: 403, code: 'forbidden' };
        if (expected ? status === 401 || status === 403 : status !== refusal.status || code !== refusal.code) {
          wrong.push(`${route} as ${name}: ${status} ${code ?? ''}, the table says ${expected ? '✓' : `✗ (${refusal.status} ${refusal.code})`}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
