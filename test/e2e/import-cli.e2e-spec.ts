import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { aProcess } from '../builders/request-bodies.js';
import { anXlsx } from '../support/spreadsheet-files.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);

describe('npm run import (the built command line)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    dir = await mkdtemp(join(tmpdir(), 'import-cli-'));
  });

  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const importCli = (...args: string[]) => run(process.execPath, ['dist/src/cli/import.js', ...args], { env: { ...process.env, DATABASE_URL: t.db.url } });
  const eventCount = async (processId: string) =>
    (await t.http.get(`/api/processes/${processId}/events`).set(bearer(t.tokens.admin)).expect(200)).body.items.length as number;

  it('prints the preview with each refused cell and writes nothing; --apply writes; again: every row unchanged', async () => {
    const processId = (await t.http.post('/api/processes').set(bearer(t.tokens.editor)).send(aProcess()).expect(201)).body.id as string;
    const file = join(dir, 'calendar.csv');
    await writeFile(file, 'Date;Kind;Title;Visibility\n28/08/2020;consultation;Geneva consultation;public\n31/02/2020;meeting;Bad date;public\n');

    const preview = await importCli(processId, file);
    expect(preview.stdout).toMatch(/of calendar\.csv: 1 new, 0 changed, 0 unchanged, 1 refused/);
    expect(preview.stdout).toContain('row 3, Date: occurredOn must be a real date as YYYY-MM-DD');
    expect(await eventCount(processId)).toBe(1);

    const applied = await importCli(processId, file, '--apply', '--as-drafts');
    expect(applied.stdout).toMatch(/Applied: 1 logged, 0 corrected, 0 deadlines set, 0 deadlines changed, 0 unchanged, 1 refused/);
    const events = (await t.http.get(`/api/processes/${processId}/events`).set(bearer(t.tokens.admin)).expect(200)).body.items;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['ProcessOpened', 'MilestoneLogged', 'ImportApplied']);
    expect(events[1].data).toMatchObject({ title: 'Geneva consultation', visibility: 'internal' });

    // The file says public; as drafts, it never changes who sees a milestone, so nothing is left to write.
    const again = await importCli(processId, file, '--apply', '--as-drafts');
    expect(again.stdout).toMatch(/0 new, 1 changed, 0 unchanged, 1 refused\n {2}row 2: changes visibility/);
    expect(again.stdout).toMatch(/Applied: 0 logged, 0 corrected, 0 deadlines set, 0 deadlines changed, 1 unchanged, 1 refused/);
    expect(await eventCount(processId)).toBe(3);

    const published = await importCli(processId, file, '--apply');
    expect(published.stdout).toMatch(/Applied: 0 logged, 1 corrected, 0 deadlines set, 0 deadlines changed, 0 unchanged, 1 refused/);
    expect(await eventCount(processId)).toBe(5);
  }, 60_000);

  it('reads an XLSX the same way', async () => {
    const processId = (await t.http.post('/api/processes').set(bearer(t.tokens.editor)).send(aProcess()).expect(201)).body.id as string;
    const file = join(dir, 'calendar.xlsx');
    await writeFile(file, await anXlsx([['Date', 'Kind', 'Title'], [new Date('2020-03-01T00:00:00Z'), 'report', 'Report']]));
    expect((await importCli(processId, file)).stdout).toMatch(/1 new, 0 changed, 0 unchanged, 0 refused/);
  }, 60_000);

  it('refuses a missing process, and shows the usage for a file it cannot read', async () => {
    const file = join(dir, 'calendar.csv');
    await expect(importCli('00000000-0000-4000-8000-000000000000', file)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('process-not-found') });
    await expect(importCli('x', join(dir, 'notes.txt'))).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('Usage') });
  }, 60_000);
});
