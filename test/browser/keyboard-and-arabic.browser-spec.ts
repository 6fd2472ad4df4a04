/// <reference lib="dom" />
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { aDeadline, aMilestone } from '../builders/request-bodies.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? join(tmpdir(), 'trt-screenshots');
const SLOW = 120_000;
const SEEDED: { buildingBlocks: number[] }[] = JSON.parse(readFileSync('src/seed/data/milestones-2009-2022.json', 'utf8')).milestones;
const SYMBOL = 'A/75/601';
const DEADLINE_TITLE = 'Written contributions on the draft due';

describe('the page with a keyboard only, in Arabic right to left, and at 320 px and 200 % (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let processId: string;
  const contexts: BrowserContext[] = [];
  let problems: string[] = [];

  async function open(path: string, options: { token?: string; lang?: string; viewport?: { width: number; height: number }; deviceScaleFactor?: number } = {}): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: options.viewport ?? { width: 1280, height: 900 }, deviceScaleFactor: options.deviceScaleFactor });
    contexts.push(context);
    if (options.token) await context.addInitScript((token) => sessionStorage.setItem('trt.token', token), options.token);
    if (options.lang) await context.addInitScript((lang) => localStorage.setItem('trt.language', lang), options.lang);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    await page.goto(`${t.service.baseUrl}${path}`);
    return page;
  }

  /** What has the focus: the page's top (`body`) when a keyboard user has lost their place. */
  const focused = (page: Page) => page.evaluate(() => {
    const e = document.activeElement;
    return e === null || e === document.body ? 'body' : `${e.tagName.toLowerCase()}${e.getAttribute('name') ? `[name=${e.getAttribute('name')}]` : ''} ${(e.textContent ?? '').trim().slice(0, 40)}`.trim();
  });

  /** Presses Tab until the focused element matches `selector`, as a keyboard user would. */
  async function tabTo(page: Page, selector: string, limit = 800): Promise<void> {
    for (let presses = 0; presses < limit; presses++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    t = await createTestApp();
    const { stdout } = await promisify(execFile)(process.execPath, ['dist/src/cli/seed.js'], { env: { ...process.env, DATABASE_URL: t.db.url } });
    processId = /\(([0-9a-f-]{36})\)/.exec(stdout)![1];
    const base = `/api/processes/${processId}`;
    await t.http.post(`${base}/milestones`).set(bearer(t.tokens.admin)).send(aMilestone({ title: 'Geneva consultation on the co-facilitators’ report', occurredOn: '2020-08-28', source: { symbol: SYMBOL } })).expect(201);
    await t.http.post(`${base}/deadlines`).set(bearer(t.tokens.admin)).send(aDeadline({ title: DEADLINE_TITLE })).expect(201);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => {
    problems = [];
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(problems).toEqual([]);
  });

  it('signs in with a token and out again by keyboard, keeping the focus in the page', async () => {
    const page = await open('/');
    await page.getByRole('heading', { name: 'Review processes' }).waitFor();
    await tabTo(page, 'header button.link-button');
    await page.keyboard.press('Enter');
    await tabTo(page, 'summary');
    await page.keyboard.press('Enter');
    await tabTo(page, 'input[name=token]');
    await page.keyboard.type(t.tokens.editor);
    await page.keyboard.press('Enter');
    await page.getByText('Signed in as test editor (editor)').waitFor();
    expect(await focused(page)).not.toBe('body');
    await tabTo(page, 'header button.link-button');
    await page.keyboard.press('Enter');
    await page.getByText('Public view: only public milestones').waitFor();
    expect(await focused(page)).not.toBe('body');
  }, SLOW);

  it('applies a filter by keyboard, keeping the focus in the page', async () => {
    const page = await open(`/processes/${processId}`);
    await page.getByTestId('timeline-count').waitFor();
    await tabTo(page, 'select[name=buildingBlock]');
    await page.keyboard.type('7');
    await tabTo(page, 'form.filters button[type=submit]');
    await page.keyboard.press('Enter');
    const expected = SEEDED.filter((m) => m.buildingBlocks.includes(7)).length;
    await page.getByTestId('timeline-count').filter({ hasText: new RegExp(`^${expected} milestones?$`) }).waitFor();
    expect(await focused(page)).not.toBe('body');
  }, SLOW);

  it('logs a milestone by keyboard, keeping the focus in the page', async () => {
    const page = await open(`/processes/${processId}`, { token: t.tokens.editor });
    await page.getByTestId('milestone-form').waitFor();
    await tabTo(page, '[data-testid=milestone-form] select[name=kind]');
    await page.keyboard.type('report');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Coalition answers the call for input');
    await tabTo(page, '[data-testid=milestone-form] input[name=occurredOn]');
    await page.keyboard.type('11152022');
    await tabTo(page, '[data-testid=milestone-form] button[type=submit]');
    await page.keyboard.press('Enter');
    await page.getByTestId('milestone-form').getByText('Saved.').waitFor();
    expect(await focused(page)).not.toBe('body');
    await page.locator('.milestone-title', { hasText: 'Coalition answers the call for input' }).waitFor();
  }, SLOW);

  it('moves a deadline by keyboard, keeping the focus in the page', async () => {
    const page = await open(`/processes/${processId}/deadlines`, { token: t.tokens.editor });
    const card = page.locator('.deadline', { has: page.getByRole('heading', { name: DEADLINE_TITLE }) });
    await card.waitFor();
    const move = `.deadline[data-deadline-id="${await card.getAttribute('data-deadline-id')}"] button[data-action=move]`;
    await tabTo(page, move);
    await page.keyboard.press('Enter');
    // The form that replaced the button has the focus, on its first field.
    await card.locator('input[name=dueAt]').waitFor();
    await expect(page.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe('dueAt');
    // Month, day, a year (which takes up to six digits, so the arrow moves on), then the time.
    await page.keyboard.type('08082030');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.type('1200P');
    await tabTo(page, 'input[name=reason]');
    await page.keyboard.type('The co-facilitators asked for one more month');
    await page.keyboard.press('Enter');
    await card.getByText('Moved (1)').waitFor();
    // Back on the button that opened the form.
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-action'))).resolves.toBe('move');
  }, SLOW);

  it('in Arabic, the page is mirrored: the navigation starts on the right, and a document symbol reads left to right', async () => {
    const page = await open(`/processes/${processId}`, { lang: 'ar' });
    await page.locator('html[dir="rtl"][lang="ar"]').waitFor({ state: 'attached' });
    await page.getByTestId('timeline-count').waitFor();
    const brand = (await page.locator('.brand').boundingBox())!;
    const tools = (await page.locator('.tools').boundingBox())!;
    expect(brand.x).toBeGreaterThan(tools.x);
    expect(brand.x).toBeGreaterThan(640);
    const tabs = await page.locator('.tabs li').evaluateAll((items) => items.map((li) => li.getBoundingClientRect().x));
    expect(tabs).toEqual([...tabs].sort((a, b) => b - a));
    const rail = await page.locator('.milestones').first().evaluate((list) => getComputedStyle(list).borderRightWidth);
    expect(rail).toBe('2px');
    const symbol = page.locator('.source bdi', { hasText: SYMBOL }).first();
    await expect(symbol.evaluate((e) => [getComputedStyle(e).direction, getComputedStyle(e).unicodeBidi])).resolves.toEqual(['ltr', 'isolate']);
    await expect(symbol.textContent()).resolves.toBe(SYMBOL);
    // A title written in English keeps its own direction, so its closing parenthesis stays at its end.
    await expect(page.locator('.milestone-title').first().evaluate((e) => getComputedStyle(e).direction)).resolves.toBe('ltr');
    await page.screenshot({ path: `${SCREENSHOTS}/timeline-ar.png` });
  }, SLOW);

  it('in Chinese, the timeline reads in Chinese with its dates', async () => {
    const page = await open(`/processes/${processId}`, { lang: 'zh' });
    await page.getByRole('heading', { name: '时间线' }).waitFor();
    await page.getByTestId('timeline-count').filter({ hasText: /^\d+个里程碑$/ }).waitFor();
    await expect(page.locator('.when time').first().textContent()).resolves.toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    await page.screenshot({ path: `${SCREENSHOTS}/timeline-zh.png` });
  }, SLOW);

  it('in Arabic at 320 px wide, no page scrolls sideways', async () => {
    for (const path of ['/', `/processes/${processId}`, `/processes/${processId}/building-blocks`, `/processes/${processId}/deadlines`]) {
      const page = await open(path, { lang: 'ar', token: t.tokens.admin, viewport: { width: 320, height: 640 } });
      await page.locator('main h1').waitFor();
      await page.waitForTimeout(300);
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(320);
    }
  }, SLOW);

  it('at 200 % zoom, the timeline and its form fit the width and stay usable', async () => {
    // 200 % zoom of a 1280 × 900 window: half as many CSS pixels, each drawn twice as large.
    const page = await open(`/processes/${processId}`, { token: t.tokens.editor, viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
    await page.getByTestId('timeline-count').waitFor();
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(640);
    const save = page.getByTestId('milestone-form').getByRole('button', { name: 'Save' });
    await save.scrollIntoViewIfNeeded();
    const box = (await save.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(640);
    await page.getByRole('link', { name: 'Deadlines' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Deadlines', level: 1 }).waitFor();
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(640);
  }, SLOW);
});
