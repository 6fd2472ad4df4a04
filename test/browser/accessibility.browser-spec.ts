/// <reference lib="dom" />
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { aDeadline, aMilestone, aSubscription } from '../builders/request-bodies.js';
import { freePort } from '../support/service-process.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SLOW = 240_000;
const LANGUAGES = ['en', 'fr', 'es', 'ar', 'zh', 'ru'] as const;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LOADING = Object.fromEntries(LANGUAGES.map((lang) => [lang, (JSON.parse(readFileSync(`locales/${lang}.json`, 'utf8')) as Record<string, string>)['web.app.loading']]));

interface Violation {
  id: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it stands, one line per rule and element. */
async function wcagViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => ({ target: n.target.map(String) })) }));
  });
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}`));
}

/**
 * Every page of the tracker, signed out and signed in as a person who administers it, in each of
 * the UN's six languages, judged by axe-core against WCAG 2.1 A and AA.
 */
describe('WCAG 2.1 AA by axe-core, on every page in six languages (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let processId: string;
  let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;
  const contexts: BrowserContext[] = [];

  async function open(lang: string, options: { signedIn: boolean }): Promise<BrowserContext> {
    // bypassCSP lets axe's source in as an inline script; the page's own policy is proved in web.browser-spec.ts.
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 900 }, bypassCSP: true, storageState: options.signedIn ? signedIn : undefined });
    contexts.push(context);
    await context.addInitScript((chosen) => localStorage.setItem('trt.language', chosen), lang);
    return context;
  }

  /** Opens `path` and waits until the page has drawn its heading and nothing is loading. */
  async function visit(page: Page, path: string, lang: (typeof LANGUAGES)[number]): Promise<void> {
    await page.goto(`${t.service.baseUrl}${path}`);
    await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
    await page.waitForFunction(
      (loading) => document.querySelector('main h1, .sign-in h2, .sign-in h1') !== null && ![...document.querySelectorAll('[role=status]')].some((e) => e.textContent === loading),
      LOADING[lang],
    );
  }

  beforeAll(async () => {
    const port = String(await freePort());
    t = await createTestApp({ PORT: port, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` });
    const { stdout } = await promisify(execFile)(process.execPath, ['dist/src/cli/seed.js'], { env: { ...process.env, DATABASE_URL: t.db.url } });
    processId = /\(([0-9a-f-]{36})\)/.exec(stdout)![1];
    const base = `/api/processes/${processId}`;
    const admin = bearer(t.tokens.admin);
    await t.http.post(`${base}/milestones`).set(admin).send(aMilestone({ title: 'Internal note', visibility: 'internal', occurredOn: '2020-09-01', buildingBlocks: [1], source: { symbol: 'A/75/601' } })).expect(201);
    await t.http.post(`${base}/deadlines`).set(admin).send(aDeadline({ title: 'Comments on the next review cycle due' })).expect(201);
    await t.http.post(`${base}/subscriptions`).set(admin).send(aSubscription()).expect(201);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    // The first administrator signs up through the link the first start printed: a person, so every page opens.
    const line = await t.service.waitForLine(/#\/sign-in\/first-admin\?token=/);
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    await page.goto(/https?:\/\/\S+/.exec(line)![0]);
    await page.getByLabel('E-mail address').fill('first.admin@example.org');
    await page.getByLabel('Name').fill('Farida Admin');
    await page.getByRole('button', { name: 'Become the administrator' }).click();
    await page.getByText('Signed in as Farida Admin (administrator)').waitFor();
    signedIn = await context.storageState();
    await context.close();
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  const processPages = () => [`/processes/${processId}`, `/processes/${processId}/building-blocks`, `/processes/${processId}/deadlines`];

  it('finds a violation planted in the page, so its silence means something', async () => {
    const page = await (await open('en', { signedIn: false })).newPage();
    await visit(page, '/', 'en');
    await page.evaluate(() => document.querySelector('main')!.append(Object.assign(document.createElement('input'), { type: 'text' })));
    expect(await wcagViolations(page)).toEqual(['label input']);
  }, SLOW);

  it.each(LANGUAGES)('%s: no violation on any page, signed out', async (lang) => {
    const page = await (await open(lang, { signedIn: false })).newPage();
    const found: string[] = [];
    for (const path of ['/', ...processPages(), '/audit', '/admin', '/profile', '/#/sign-in', '/#/sign-in/first-admin?token=unused']) {
      await visit(page, path, lang);
      found.push(...(await wcagViolations(page)).map((v) => `${path}: ${v}`));
    }
    expect(found).toEqual([]);
  }, SLOW);

  it.each(LANGUAGES)('%s: no violation on any page and form, signed in as an administrator', async (lang) => {
    const page = await (await open(lang, { signedIn: true })).newPage();
    const found: string[] = [];
    for (const path of ['/', ...processPages(), `/processes/${processId}/import`, '/audit', '/admin', '/profile']) {
      await visit(page, path, lang);
      await page.getByTestId('who').waitFor();
      // Folded parts (reminders, token lists) are opened so their contents are judged too.
      await page.locator('main details').evaluateAll((folded) => folded.forEach((details) => ((details as HTMLDetailsElement).open = true)));
      found.push(...(await wcagViolations(page)).map((v) => `${path}: ${v}`));
    }
    expect(found).toEqual([]);
  }, SLOW);
});
