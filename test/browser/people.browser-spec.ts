/// <reference lib="dom" />
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mailHeader, mailParts } from '../../src/channels/testing/raw-mail.js';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/service-process.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';
import { lowContrast } from './contrast.js';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? join(tmpdir(), 'trt-screenshots');
const SLOW = 120_000;
const EDITOR = { email: 'edith.editor@example.org', name: 'Edith Editor' };
const PROCESS_TITLE = 'Review of the treaty body follow-up procedures';

/**
 * The scenario, through the page only: a tracker started on an empty database, e-mails
 * written to DATA_DIR/outbox, the first admin signing in with the link the first start printed.
 * The tests run in order and share the people they make.
 */
describe('people on the web page, from the first start (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: Page;
  let editor: Page;
  let editorContext: BrowserContext;
  let processId: string;
  let demoId: string;
  const contexts: BrowserContext[] = [];
  /** Console errors and uncaught exceptions of every page; a test drops the refusals it provokes. */
  let problems: string[] = [];

  async function open(url: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    await page.goto(url);
    return page;
  }

  /** The link of the newest e-mail to this address, as the person would click it. */
  async function linkMailedTo(address: string): Promise<string> {
    const dir = join(t.dataDir, 'outbox');
    let link: string | undefined;
    const arrived = await eventually(async () => {
      const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.eml'));
      for (const name of names) {
        const raw = await readFile(join(dir, name), 'utf8');
        if (!mailHeader(raw, 'To')?.includes(address)) continue;
        const text = mailParts(raw).find((part) => part.contentType.startsWith('text/plain'))!.body;
        link = /https?:\/\/\S+#\/sign-in\/link\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
      }
      return link !== undefined;
    }, 10_000);
    if (!arrived) throw new Error(`no e-mail to ${address} in ${dir}`);
    return link!;
  }

  /** What the service makes of a page's session cookie now: access changes reach it within a second. */
  async function sessionOf(context: BrowserContext): Promise<{ signedIn: boolean; role?: string }> {
    const cookie = (await context.cookies()).find((c) => c.name === 'trt_session');
    const response = await fetch(`${t.service.baseUrl}/api/session`, { headers: cookie ? { Cookie: `trt_session=${cookie.value}` } : {} });
    return (await response.json()) as { signedIn: boolean; role?: string };
  }

  const personCard = (name: string) => admin.locator('.person', { has: admin.getByRole('heading', { name, exact: true }) });

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    // PUBLIC_BASE_URL is where the browser opens the page: the links in e-mails and the cookie's origin check agree with it.
    const port = String(await freePort());
    t = await createTestApp({ PORT: port, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  }, SLOW);

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => {
    problems = [];
  });

  afterEach(() => {
    // No console errors on any page but the refusals a test provoked and dropped.
    expect(problems).toEqual([]);
  });

  it('serves the admin and profile pages', async () => {
    for (const path of ['/admin', '/profile']) {
      const response = await fetch(`${t.service.baseUrl}${path}`);
      expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 200, 'text/html; charset=utf-8']);
    }
  });

  it('the link the first start printed signs the first admin up through the page, and leaves no secret in the address bar', async () => {
    const line = await t.service.waitForLine(/#\/sign-in\/first-admin\?token=/);
    const link = /https?:\/\/\S+/.exec(line)![0];
    expect(link.startsWith(`${t.service.baseUrl}/#/sign-in/first-admin?token=`)).toBe(true);
    admin = await open(link);
    await admin.getByRole('heading', { name: 'Welcome: set up the first administrator' }).waitFor();
    await admin.getByLabel('E-mail address').fill('first.admin@example.org');
    await admin.getByLabel('Name').fill('Farida Admin');
    await admin.getByLabel('Language').last().selectOption('en');
    await admin.screenshot({ path: `${SCREENSHOTS}/first-admin.png` });
    await admin.getByRole('button', { name: 'Become the administrator' }).click();
    await admin.getByText('Signed in as Farida Admin (administrator)').waitFor();
    expect(new URL(admin.url()).hash).toBe('');
    await expect(sessionOf(admin.context())).resolves.toMatchObject({ signedIn: true, role: 'admin' });
  }, SLOW);

  it('on the empty tracker, the admin chooses to load the 2009–2022 demo and lands on it', async () => {
    await admin.getByRole('heading', { name: 'The tracker is empty' }).waitFor();
    await admin.screenshot({ path: `${SCREENSHOTS}/empty-tracker.png` });
    await expect(lowContrast(admin)).resolves.toEqual([]);
    await admin.getByRole('button', { name: 'Load the 2009–2022 demo' }).click();
    await admin.waitForURL(/\/processes\/[0-9a-f-]{36}$/);
    await admin.getByTestId('timeline-count').filter({ hasText: /^\d+ milestones$/ }).waitFor();
    await admin.locator('.process-title', { hasText: 'Review of General Assembly resolution 68/268' }).waitFor();
    demoId = /\/processes\/([0-9a-f-]{36})$/.exec(admin.url())![1];
  }, SLOW);

  it('the admin creates and describes a process from the processes page', async () => {
    await admin.getByRole('link', { name: 'Processes' }).click();
    await admin.getByRole('button', { name: 'Create a process' }).click();
    const form = admin.getByTestId('process-form');
    await form.getByLabel('Title').fill(PROCESS_TITLE);
    await form.getByLabel('Mandate').fill('Chairs’ conclusions, 2023');
    await form.getByLabel('Description').fill('How the treaty bodies align their follow-up procedures.');
    await form.getByLabel('Review due (optional)').fill('2027-06-30');
    await form.getByLabel('Time zone').fill('Europe/Zurich');
    await form.getByRole('button', { name: 'Save' }).click();
    await admin.waitForURL(/\/processes\/[0-9a-f-]{36}$/);
    processId = /\/processes\/([0-9a-f-]{36})$/.exec(admin.url())![1];
    await admin.locator('.process-title', { hasText: PROCESS_TITLE }).waitFor();
    const process = (await t.http.get(`/api/processes/${processId}`).expect(200)).body as Record<string, unknown>;
    expect(process).toMatchObject({ title: PROCESS_TITLE, mandate: 'Chairs’ conclusions, 2023', timezone: 'Europe/Zurich' });
  }, SLOW);

  it('the admin invites an editor, who signs in in another browser with the link of the invitation e-mail', async () => {
    await admin.getByRole('link', { name: 'People and access' }).click();
    await admin.getByRole('heading', { name: 'People and access', level: 1 }).waitFor();
    const invite = admin.getByTestId('invite-form');
    await invite.getByLabel('E-mail address').fill(EDITOR.email);
    await invite.getByLabel('Name').fill(EDITOR.name);
    await invite.getByLabel('Role on the whole tracker').selectOption('editor');
    await invite.getByRole('button', { name: 'Send the invitation' }).click();
    await invite.getByText('Invited: the e-mail is on its way.').waitFor();
    await personCard(EDITOR.name).getByText('invited', { exact: true }).waitFor();
    await admin.screenshot({ path: `${SCREENSHOTS}/admin.png`, fullPage: true });
    await expect(lowContrast(admin)).resolves.toEqual([]);

    const link = await linkMailedTo(EDITOR.email);
    expect(link.startsWith(`${t.service.baseUrl}/#/sign-in/link?token=`)).toBe(true);
    editor = await open(link);
    editorContext = editor.context();
    await editor.getByText(`Signed in as ${EDITOR.name} (editor)`).waitFor();
    expect(new URL(editor.url()).hash).toBe('');
  }, SLOW);

  it('the editor logs a milestone through the page', async () => {
    await editor.goto(`${t.service.baseUrl}/processes/${processId}`);
    const form = editor.getByTestId('milestone-form');
    await form.getByLabel('Kind').selectOption('meeting');
    await form.getByLabel('Title', { exact: true }).fill('Chairs discuss aligned follow-up');
    await form.getByLabel('Date', { exact: true }).fill('2024-06-03');
    await form.getByLabel('Treaty bodies', { exact: true }).check();
    await form.getByLabel('5. Good practices shared across treaty bodies').check();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved.').waitFor();
    await editor.locator('.milestone-title', { hasText: 'Chairs discuss aligned follow-up' }).waitFor();
  }, SLOW);

  it('the admin lowers the editor to viewer, and the editor’s next write is refused on the page', async () => {
    // The list was read before the editor joined: a reload shows them active.
    await admin.reload();
    const card = personCard(EDITOR.name);
    await card.getByText('active', { exact: true }).waitFor();
    await card.getByLabel('Role on the whole tracker').selectOption('viewer');
    await card.getByRole('button', { name: 'Change role' }).click();
    await card.getByText('Role changed.').waitFor();
    expect(await eventually(async () => (await sessionOf(editorContext)).role === 'viewer', 5_000)).toBe(true);

    // The editor's page still shows the form it loaded as an editor: the service refuses the write.
    const form = editor.getByTestId('milestone-form');
    await form.getByLabel('Kind').selectOption('report');
    await form.getByLabel('Title', { exact: true }).fill('Written after losing the editor role');
    await form.getByLabel('Date', { exact: true }).fill('2024-07-01');
    await form.getByLabel('Treaty bodies', { exact: true }).check();
    await form.getByLabel('5. Good practices shared across treaty bodies').check();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.locator('.form-message--error').waitFor();
    const timeline = (await t.http.get(`/api/processes/${processId}/timeline`).set(bearer(t.tokens.admin)).expect(200)).body.items as { title: string }[];
    expect(timeline.map((m) => m.title)).not.toContain('Written after losing the editor role');
    // Chromium logs the 403 itself: it is what this test provokes.
    problems = problems.filter((line) => !/status of 403/.test(line));
  }, SLOW);

  it('the admin deactivates the editor, and the editor’s open session ends: a reload shows the public view', async () => {
    const card = personCard(EDITOR.name);
    await card.getByRole('button', { name: 'Deactivate' }).click();
    await card.getByText('deactivated', { exact: true }).waitFor();
    expect(await eventually(async () => !(await sessionOf(editorContext)).signedIn, 5_000)).toBe(true);
    await editor.reload();
    await editor.getByText('Public view: only public milestones').waitFor();
    await expect(editor.getByRole('button', { name: 'Sign in' }).count()).resolves.toBe(1);
    await expect(editor.getByTestId('milestone-form').count()).resolves.toBe(0);
    // The live feed of the page that was open may be refused once the session ended.
    problems = problems.filter((line) => !/status of 401/.test(line));
  }, SLOW);

  it('a used link says so and offers a new one by e-mail', async () => {
    const used = await linkMailedTo(EDITOR.email);
    const page = await open(used);
    await page.getByText('This sign-in link was used already or has expired.').waitFor();
    expect(new URL(page.url()).hash).toBe('');
    await page.getByRole('button', { name: 'Send me a new link' }).click();
    await page.getByLabel('Your e-mail address').fill('someone.unknown@example.org');
    await page.screenshot({ path: `${SCREENSHOTS}/sign-in.png` });
    await expect(lowContrast(page)).resolves.toEqual([]);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await page.getByText('Check your e-mail: if this address may sign in, a link is on its way.').waitFor();
    // Beyond 5 links an address in 15 minutes, the page says to wait (429), not that a link is coming.
    const email = page.getByTestId('email-sign-in');
    for (let request = 2; request <= 6; request++) {
      await email.getByLabel('Your e-mail address').fill('someone.unknown@example.org');
      await email.getByRole('button', { name: 'Send me a sign-in link' }).click();
      await email.locator('.form-message').waitFor();
    }
    await email.getByRole('alert').getByText(/^Too many sign-in e-mails were asked for .*: try again in \d+ minutes$/).waitFor();
    problems = problems.filter((line) => !/status of (401|429)/.test(line));
  }, SLOW);

  it('a refusal from the organisation’s provider lands on the sign-in panel as a sentence', async () => {
    const page = await open(`${t.service.baseUrl}/#/sign-in?error=oidc-unknown-person`);
    await page.getByRole('alert').getByText('Your account is not a member of this tracker. Ask an administrator to invite you.').waitFor();
    await page.getByLabel('Your e-mail address').waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('sign-in-title');
  }, SLOW);

  it('the profile page makes a token shown once, and revokes it', async () => {
    await admin.getByRole('link', { name: 'Profile' }).click();
    await admin.getByRole('heading', { name: 'Your profile', level: 1 }).waitFor();
    const form = admin.getByTestId('new-token');
    await form.getByLabel('Name').fill('Coalition spreadsheet');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Make the token' }).click();
    const secret = await form.getByLabel('New token (shown once)').inputValue();
    expect(secret).toMatch(/^trt_/);
    await expect(fetch(`${t.service.baseUrl}/api/session`, { headers: bearer(secret) }).then((r) => r.json())).resolves.toMatchObject({ signedIn: true, role: 'viewer' });
    const row = admin.locator('table.tokens tr', { hasText: 'Coalition spreadsheet' });
    await row.waitFor();
    await admin.screenshot({ path: `${SCREENSHOTS}/profile.png`, fullPage: true });
    await expect(lowContrast(admin)).resolves.toEqual([]);
    await row.getByRole('button', { name: 'Revoke Coalition spreadsheet' }).click();
    await row.getByText(/^revoked /).waitFor();
    expect(await eventually(async () => (await fetch(`${t.service.baseUrl}/api/session`, { headers: bearer(secret) })).status === 401, 5_000)).toBe(true);
  }, SLOW);

  it('erasing a person asks first, in a dialog, and then forgets their address', async () => {
    await admin.getByRole('link', { name: 'People and access' }).click();
    const card = personCard(EDITOR.name);
    await card.getByRole('button', { name: 'Erase' }).click();
    const dialog = admin.getByRole('dialog', { name: `Erase ${EDITOR.name}?` });
    await dialog.waitFor();
    await expect(dialog.evaluate((element) => element.contains(document.activeElement))).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(card.getByText(EDITOR.email).count()).resolves.toBe(1);

    await card.getByRole('button', { name: 'Erase' }).click();
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await card.getByText('Erased: the address is forgotten everywhere.').waitFor();
    await card.getByText('address erased', { exact: true }).waitFor();
    await expect(card.getByText(EDITOR.email).count()).resolves.toBe(0);
    // The Erase button is gone: the keyboard stays on the person's card.
    await expect(card.getByRole('heading', { name: EDITOR.name }).evaluate((element) => element === document.activeElement)).resolves.toBe(true);
  }, SLOW);

  it('an invitation with a role on one process: a viewer elsewhere gets the editing forms on that process only', async () => {
    await admin.getByRole('link', { name: 'People and access' }).click();
    const invite = admin.getByTestId('invite-form');
    await invite.getByLabel('E-mail address').fill('pat.process@example.org');
    await invite.getByLabel('Name').fill('Pat Process');
    await invite.getByLabel('Role on the whole tracker').selectOption('viewer');
    await invite.getByLabel('Process', { exact: true }).selectOption({ label: PROCESS_TITLE });
    await invite.getByLabel('Role on this process').selectOption('editor');
    await invite.getByRole('button', { name: 'Send the invitation' }).click();
    await personCard('Pat Process').getByText(`editor on ${PROCESS_TITLE}`).waitFor();

    const pat = await open(await linkMailedTo('pat.process@example.org'));
    await pat.getByText('Signed in as Pat Process (viewer)').waitFor();
    await pat.goto(`${t.service.baseUrl}/processes/${processId}`);
    await pat.getByTestId('milestone-form').waitFor();
    await pat.goto(`${t.service.baseUrl}/processes/${demoId}`);
    await pat.getByTestId('timeline-count').waitFor();
    await pat.getByText('Signed in as Pat Process (viewer)').waitFor();
    await expect(pat.getByTestId('milestone-form').count()).resolves.toBe(0);
  }, SLOW);
});
