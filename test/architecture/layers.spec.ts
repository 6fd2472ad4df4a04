import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderCycles, placementOf, readSources, upwardImports, type SourceFile } from './layers.js';

const src = fileURLToPath(new URL('../../src', import.meta.url));

describe('layers that only look down', () => {
  const files = readSources(src);

  it('reads the whole of src/', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(files.find((file) => file.path === join('processes', 'commands', 'log-milestone', 'log-milestone.command.ts'))?.imports).toContain(join('event-store', 'write-context.ts'));
  });

  it('has no import running back up a layer', () => {
    expect(upwardImports(files)).toEqual([]);
  });

  it('has no two folders importing each other, directly or round a cycle', () => {
    expect(folderCycles(files)).toEqual([]);
  });
});

describe('the rule itself', () => {
  const planted = (path: string, ...imports: string[]): SourceFile => ({ path, imports });

  it('refuses the write side importing HTTP, and a consumer importing delivery', () => {
    expect(upwardImports([planted('processes/process.repository.ts', 'http/write-request.decorator.ts')])).toHaveLength(1);
    expect(upwardImports([planted('projections/projection-runner.ts', 'operations/metrics.service.ts')])).toHaveLength(1);
    expect(upwardImports([planted('event-store/event-store.ts', 'processes/process-stream.ts')])).toHaveLength(1);
  });

  it('lets delivery files import anything, wherever their feature keeps them', () => {
    expect(placementOf('projections/timeline/timeline.controller.ts').delivery).toBe(true);
    expect(placementOf('reminders/http/queue-dashboard.ts').delivery).toBe(true);
    expect(upwardImports([planted('processes/processes.controller.ts', 'http/write-request.decorator.ts', 'auth/access.decorator.ts')])).toEqual([]);
  });

  it('refuses a folder nobody placed', () => {
    expect(upwardImports([planted('newsletters/digest.ts')])).toEqual([expect.stringContaining('src/newsletters/ is in no layer')]);
  });

  it('finds a cycle between two folders of one layer, and one through modules', () => {
    const cycle = folderCycles([planted('projections/projection-runner.ts', 'reminders/ledger/reminder-plan.ts'), planted('reminders/ledger/reminder-ledger.projection.ts', 'projections/projection.ts')]);
    expect(cycle).toEqual([expect.stringContaining('projections → reminders → projections')]);
    expect(folderCycles([planted('projections/projections.module.ts', 'reminders/ledger/reminder-ledger.module.ts'), planted('reminders/reminders.module.ts', 'projections/projections.module.ts')])).not.toEqual([]);
    expect(folderCycles([planted('reminders/ledger/reminder-ledger.projection.ts', 'projections/projection.ts')])).toEqual([]);
  });
});
