/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { aProcess } from '../builders/request-bodies.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';
import { lowContrast } from './contrast.js';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? join(tmpdir(), 'trt-screenshots');
const SLOW = 120_000;

const HEADER = 'Date,Kind,Title,Stakeholders,Visibility,Document symbol';
const GOOD_ROWS = [
  '2021-03-10,consultation,Informal consultation with States on the draft,States,public,A/75/601',
  '2021-04-22,statement,Joint civil society statement on the draft,CivilSociety,public,',
];
// 31 April does not exist: the preview refuses that cell and the file is corrected.
const BAD_ROW = '2021-04-31,submission,Written submission by NHRIs,NHRIs,public,';
const FIXED_ROW = '2021-04-30,submission,Written submission by NHRIs,NHRIs,public,';
const BAD_FILE = [HEADER, ...GOOD_ROWS, BAD_ROW].join('\n');
const FIXED_FILE = [HEADER, ...GOOD_ROWS, FIXED_ROW].join('\n');
const TITLES = ['Informal consultation with States on the draft', 'Joint civil society statement on the draft', 'Written submission by NHRIs'];

/** Upload, preview, fix, apply, see: the scenario through the page, as an editor. */
describe('importing a spreadsheet on the web page (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let processId: string;
  /** Console errors and uncaught exceptions of every page a test opened. */
  let problems: string[] = [];

  const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  /** The preview of this upload, not the one already on screen: the counts are awaited, not read. */
  async function preview(name: string, text: string, counts: RegExp) {
    await page.getByLabel('Spreadsheet file (CSV or XLSX)').setInputFiles(csv(name, text));
    const uploaded = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes('/imports'));
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    expect((await uploaded).status()).toBe(201);
    await page.getByRole('heading', { name: `Preview of ${name}` }).waitFor();
    await page.getByTestId('import-counts').filter({ hasText: counts }).waitFor({ timeout: 10_000 });
  }

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    t = await createTestApp();
    processId = (await t.http.post('/api/processes').set(bearer(t.tokens.editor)).send(aProcess()).expect(201)).body.id;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 900 } });
    await context.addInitScript((token) => sessionStorage.setItem('trt.token', token), t.tokens.editor);
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  }, SLOW);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => {
    problems = [];
  });

  afterEach(() => {
    expect(problems).toEqual([]);
  });

  it('offers the import to editors only', async () => {
    await page.goto(`${t.service.baseUrl}/processes/${processId}`);
    await page.getByRole('navigation', { name: 'This process' }).getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import a spreadsheet' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/processes/${processId}/import`);
    for (const [button, fileName] of [['Template (CSV)', 'import-template.csv'], ['Timeline (XLSX)', `timeline-${processId}.xlsx`]]) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: button }).click();
      expect((await download).suggestedFilename()).toBe(fileName);
    }

    const viewerContext = await browser.newContext({ locale: 'en-US' });
    await viewerContext.addInitScript((token) => sessionStorage.setItem('trt.token', token), t.tokens.viewer);
    const viewer = await viewerContext.newPage();
    await viewer.goto(`${t.service.baseUrl}/processes/${processId}`);
    await viewer.getByTestId('timeline-count').waitFor();
    expect(await viewer.getByRole('navigation', { name: 'This process' }).getByRole('link', { name: 'Import' }).count()).toBe(0);
    await viewer.goto(`${t.service.baseUrl}/processes/${processId}/import`);
    await viewer.getByText('Only editors and administrators can import into this process.').waitFor();
    await viewerContext.close();
  }, SLOW);

  it('a file with a bad date: the preview refuses that row, naming the row, the column and why', async () => {
    await preview('calendar.csv', BAD_FILE, /2 new\s*0 unchanged\s*0 changed\s*1 refused/);
    const refused = page.locator('tr.import-row--refused');
    await expect(refused.locator('td').nth(1).innerText()).resolves.toBe('refused');
    await expect(refused.locator('.import-reason').innerText()).resolves.toBe('Row 4, column Date: not a real date (write it as YYYY-MM-DD or DD/MM/YYYY)');

    await page.getByLabel('Refused only').check();
    await page.locator('tr.import-row').first().locator('td').first().filter({ hasText: '4' }).waitFor();
    expect(await page.locator('tr.import-row').count()).toBe(1);
    await page.getByLabel('All rows').check();
    await page.locator('tr.import-row').nth(2).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/import-preview.png`, fullPage: true });
    await expect(lowContrast(page)).resolves.toEqual([]);
  }, SLOW);

  it('a long preview pages through its rows, 100 at a time', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `2019-01-${String((i % 28) + 1).padStart(2, '0')},meeting,Meeting number ${i + 1},States,public,`);
    await preview('long.csv', [HEADER, ...rows].join('\n'), /150 new\s*0 unchanged\s*0 changed\s*0 refused/);
    const firstCells = () => page.locator('tr.import-row td:first-child').allTextContents();
    expect((await firstCells()).length).toBe(100);
    await page.getByRole('button', { name: 'Next rows' }).click();
    await page.locator('tr.import-row[data-row="102"]').waitFor();
    expect(await firstCells()).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 102)));
    expect(await page.getByRole('button', { name: 'Next rows' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Previous rows' }).click();
    await page.locator('tr.import-row[data-row="2"]').waitFor();
  }, SLOW);

  it('the corrected file previews all new; the apply shows its progress, then the timeline shows the rows', async () => {
    await preview('calendar-fixed.csv', FIXED_FILE, /3 new\s*0 unchanged\s*0 changed\s*0 refused/);
    await page.getByRole('button', { name: 'Apply the import' }).click();
    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    await progress.waitFor();
    await page.getByTestId('import-progress').filter({ hasText: /^\d of 3 rows written$/ }).waitFor();
    await page.getByTestId('import-result').filter({ hasText: 'Logged 3, corrected 0' }).waitFor();
    await expect(page.getByTestId('import-progress').innerText()).resolves.toBe('3 of 3 rows written');
    await expect(progress.getAttribute('value')).resolves.toBe('3');

    await page.getByRole('link', { name: 'See the timeline' }).click();
    await page.getByTestId('timeline-count').filter({ hasText: '3 milestones' }).waitFor();
    expect((await page.locator('.milestone-title').allTextContents()).sort()).toEqual([...TITLES].sort());
    // The symbol links to the document on the UN Official Document System.
    const symbol = page.getByRole('link', { name: 'A/75/601' });
    await expect(symbol.getAttribute('href')).resolves.toBe('https://docs.un.org/en/A/75/601');
  }, SLOW);

  it('importing the same file again finds every row unchanged, and nothing is left to apply', async () => {
    await page.getByRole('navigation', { name: 'This process' }).getByRole('link', { name: 'Import' }).click();
    await preview('calendar-fixed.csv', FIXED_FILE, /0 new\s*3 unchanged\s*0 changed\s*0 refused/);
    await page.getByText('No row to write: every row is unchanged or refused.').waitFor();
    await expect(page.getByRole('button', { name: 'Apply the import' }).isDisabled()).resolves.toBe(true);
  }, SLOW);

  it('a file the service cannot read is refused with its reason, and nothing is previewed', async () => {
    await page.getByLabel('Spreadsheet file (CSV or XLSX)').setInputFiles(csv('notes.csv', 'just,some\nwords,here\n'));
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).not.toBe('');
    // The browser logs the 400 of the upload as a console error: it is the refusal this test provoked.
    problems = problems.filter((problem) => !/status of 400/.test(problem));
  }, SLOW);
});
