/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser } from 'playwright-core';
import { EventStore } from '../src/event-store/event-store.js';
import { appendHistory, ProcessHistory } from './history.js';
import { round2 } from './load.js';
import { startService } from './service.js';
import type { BenchContext, BenchSuite, SuiteReport } from './support/suite.js';
import { formatNumber, type Table } from './support/table.js';
import { median } from './support/throughput.js';

const MILESTONES = 1_000;
const LOADS_PER_ROUND = 5;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The timeline page's first render in Chromium: from navigation to the first milestone on screen,
 * with an empty cache each time (a new browser context), on a process of 1,000 milestones.
 */
async function run(context: BenchContext): Promise<SuiteReport> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  const database = await context.createDatabase();
  const service = await startService(database, 'all', { listen: true });
  let browser: Browser | undefined;
  try {
    const milestones = context.count(MILESTONES, 50);
    const history = new ProcessHistory('milestones', 21, 1);
    await appendHistory(service.app.get(EventStore), history, milestones + 1, 500);
    const url = `${service.baseUrl}/processes/${history.processId}`;
    // Waits until the timeline projection has every milestone, so each load reads the same page.
    for (;;) {
      const response = await fetch(`${service.baseUrl}/api/processes/${history.processId}`);
      if (response.ok && ((await response.json()) as { counts: { milestones: number } }).counts.milestones >= milestones) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const load = async (lang: string): Promise<{ firstMilestoneMs: number; scriptBytes: number }> => {
      const page = await (await browser!.newContext({ locale: lang, timezoneId: 'UTC', viewport: { width: 1280, height: 900 } })).newPage();
      let scriptBytes = 0;
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script' || /\.js(on)?$/.test(new URL(response.url()).pathname)) {
          void response.body().then((body) => (scriptBytes += body.length), () => undefined);
        }
      });
      await page.addInitScript((language) => localStorage.setItem('trt.language', language), lang);
      const started = performance.now();
      await page.goto(url, { waitUntil: 'commit' });
      await page.locator('.milestone-title').first().waitFor();
      const firstMilestoneMs = performance.now() - started;
      await page.context().close();
      return { firstMilestoneMs, scriptBytes };
    };
    const languages = ['en', 'ar'];
    for (const lang of languages) await load(lang);
    const runs = new Map<string, { firstMilestoneMs: number; scriptBytes: number }[]>(languages.map((lang) => [lang, []]));
    for (let round = 0; round < context.rounds; round++) {
      for (const lang of round % 2 === 0 ? languages : [...languages].reverse()) {
        for (let i = 0; i < LOADS_PER_ROUND; i++) runs.get(lang)!.push(await load(lang));
      }
      context.log(`round ${round + 1}/${context.rounds}: ${languages.map((lang) => `${lang} ${formatNumber(median(runs.get(lang)!.map((r) => r.firstMilestoneMs)))} ms`).join(', ')}`);
    }
    const figures = Object.fromEntries(
      [...runs].map(([lang, loads]) => [
        lang,
        { firstMilestoneMsMedian: round2(median(loads.map((r) => r.firstMilestoneMs))), loads: loads.length, scriptBytes: Math.max(...loads.map((r) => r.scriptBytes)) },
      ]),
    );
    const tables: Table[] = [
      {
        title: `Timeline page in Chromium, a process of ${milestones.toLocaleString('en')} milestones: navigation to the first milestone on screen, empty cache each load`,
        columns: ['language', 'first milestone, ms (median)', 'loads', 'script bytes received (uncompressed)'],
        rows: [...Object.entries(figures)].map(([lang, f]) => [lang, f.firstMilestoneMsMedian, String(f.loads), f.scriptBytes]),
        notes: ['the language is the one the page remembers (localStorage), as after a reader chose it; a language other than English loads its catalogue chunk too'],
      },
    ];
    return { tables, figures: { milestones, ...figures } };
  } finally {
    await browser?.close();
    await service.close();
  }
}

export const pageBench: BenchSuite = {
  name: 'page',
  description: 'the timeline page in Chromium: time from navigation to the first milestone on screen, 1,000 milestones, in English and Arabic',
  run,
};
