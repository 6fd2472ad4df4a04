import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { EventStore } from '../src/event-store/event-store.js';
import { metadataOf, type WriteContext } from '../src/event-store/write-context.js';
import { ApplyImportCommand } from '../src/imports/commands/apply-import/apply-import.command.js';
import { APPLY_BATCH, ApplyImportHandler } from '../src/imports/commands/apply-import/apply-import.handler.js';
import { ImportPreviewer } from '../src/imports/import-previewer.js';
import { ImportsStore } from '../src/imports/imports.store.js';
import { UploadLimit } from '../src/imports/parsing/upload-limit.js';
import { decide } from '../src/processes/domain/process.decisions.js';
import type { ProcessEvent } from '../src/processes/domain/process.events.js';
import { processStreamId } from '../src/processes/process-stream.js';
import { ProcessRepository } from '../src/processes/process.repository.js';
import { round2 } from './load.js';
import { startService } from './service.js';
import type { BenchContext, BenchSuite, SuiteReport } from './support/suite.js';
import { percent, type Table } from './support/table.js';

const ROWS = 10_000;
const MEMORY_ROWS = 100_000;
const MEMORY_SAMPLE_MS = 20;
const KINDS = ['consultation', 'meeting', 'submission', 'report', 'statement'];

const writeContext = (): WriteContext => ({ actor: { id: 'bench-token', name: 'Benchmark editor', role: 'editor' }, correlationId: randomUUID() });

/** A CSV of `rows` distinct milestones with the export's English headers. */
function aCsv(rows: number): Buffer {
  const lines = ['Date,Kind,Title,Stakeholders,Building blocks,Location,Visibility'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2010, 0, 1) + (i % 4_000) * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${day},${KINDS[i % KINDS.length]},Milestone number ${i},"States; CivilSociety","1; ${(i % 7) + 1}",Geneva,public`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

const bodyOf = (file: Buffer) => Readable.from([file]).pipe(new UploadLimit());

/** Preview and apply of a 10,000-row CSV, beside appending the same events with appendToStream in batches; and the service's memory during a 100,000-row preview. */
async function run(context: BenchContext): Promise<SuiteReport> {
  const database = await context.createDatabase();
  const service = await startService(database, 'api', { listen: false });
  try {
    const processes = service.app.get(ProcessRepository);
    const previewer = service.app.get(ImportPreviewer);
    const openProcess = async () => {
      const processId = randomUUID();
      await processes.execute(processId, (state) => decide({ type: 'OpenProcess', processId, title: 'Benchmark review' }, state), writeContext());
      return processId;
    };
    const rows = context.count(ROWS, 100);
    const file = aCsv(rows);

    const target = await openProcess();
    const previewStart = performance.now();
    const preview = await previewer.preview({ processId: target, fileName: 'bench.csv', format: 'csv', body: bodyOf(file), uploadedBy: 'bench' });
    const previewSeconds = (performance.now() - previewStart) / 1000;
    context.log(`preview of ${rows} rows: ${previewSeconds.toFixed(2)} s (${preview.counts.new} new)`);

    const applyStart = performance.now();
    await service.app.get(ApplyImportHandler).execute(new ApplyImportCommand(target, preview.importId, false, writeContext()));
    const applySeconds = (performance.now() - applyStart) / 1000;
    context.log(`apply: ${applySeconds.toFixed(2)} s`);

    // The same events, appended bare to a process of their own in batches as large as the apply's.
    const store = service.app.get(EventStore);
    const bare = await openProcess();
    const events: ProcessEvent[] = [];
    for (let after = 0; ; ) {
      const page = await service.app.get(ImportsStore).acceptedRows(preview.importId, after, APPLY_BATCH);
      if (page.length === 0) break;
      for (const row of page) events.push({ type: 'MilestoneLogged', data: { milestoneId: randomUUID(), ...row.fields } } as ProcessEvent);
      after = page[page.length - 1].row;
    }
    const bareStart = performance.now();
    let version = 1;
    for (let i = 0; i < events.length; i += APPLY_BATCH) {
      const batch = events.slice(i, i + APPLY_BATCH);
      await store.appendToStream(processStreamId(bare), batch, { expectedVersion: version }, metadataOf(writeContext()));
      version += batch.length;
    }
    const bareSeconds = (performance.now() - bareStart) / 1000;

    const memoryRows = context.count(MEMORY_ROWS, 1_000);
    /** The peak of RSS and of the V8 heap over their values at rest, while one preview of `count` rows runs. */
    const peakDuring = async (count: number) => {
      const file = aCsv(count);
      const processId = await openProcess();
      global.gc?.();
      const idle = process.memoryUsage();
      let peakRss = idle.rss;
      let peakHeap = idle.heapUsed;
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakHeap = Math.max(peakHeap, now.heapUsed);
      }, MEMORY_SAMPLE_MS);
      try {
        await previewer.preview({ processId, fileName: 'large.csv', format: 'csv', body: bodyOf(file), uploadedBy: 'bench' });
      } finally {
        clearInterval(sampler);
      }
      global.gc?.();
      const retained = process.memoryUsage().heapUsed - idle.heapUsed;
      return { idleRss: idle.rss, rssOver: peakRss - idle.rss, heapOver: peakHeap - idle.heapUsed, retained, fileBytes: file.length };
    };
    // The same preview at a tenth of the rows first: flat memory means the two peaks are alike.
    const small = await peakDuring(Math.max(1_000, Math.round(memoryRows / 10)));
    const large = await peakDuring(memoryRows);
    const mib = (bytes: number) => round2(bytes / 1024 / 1024);

    const figures = {
      rows,
      previewRowsPerSecond: Math.round(rows / previewSeconds),
      applyRowsPerSecond: Math.round(rows / applySeconds),
      bareEventsPerSecond: Math.round(events.length / bareSeconds),
      applyShareOfBare: round2(bareSeconds / applySeconds),
      memoryRows,
      idleRssMiB: mib(large.idleRss),
      peakOverIdleMiB: mib(large.rssOver),
      heapPeakOverIdleMiB: mib(large.heapOver),
      heapRetainedMiB: mib(large.retained),
      tenthOfTheRows: { peakOverIdleMiB: mib(small.rssOver), heapPeakOverIdleMiB: mib(small.heapOver), heapRetainedMiB: mib(small.retained) },
    };
    const tables: Table[] = [
      {
        title: `Import of a ${rows.toLocaleString('en')}-row CSV into an empty process, in-process (one run)`,
        columns: ['step', 'seconds', 'rows/s'],
        rows: [
          ['preview (parse, classify with decide, keep the rows)', round2(previewSeconds), figures.previewRowsPerSecond],
          [`apply (decide again, append in batches of ${APPLY_BATCH}, ImportApplied)`, round2(applySeconds), figures.applyRowsPerSecond],
          ['appendToStream of the same events in the same batches', round2(bareSeconds), figures.bareEventsPerSecond],
        ],
        notes: [
          `apply as a share of the bare appends: ${percent(figures.applyShareOfBare)} (target ≥ 50%)`,
          `memory during a ${memoryRows.toLocaleString('en')}-row preview: RSS ${figures.peakOverIdleMiB} MiB over ${figures.idleRssMiB} MiB at rest, V8 heap ${figures.heapPeakOverIdleMiB} MiB over, ${figures.heapRetainedMiB} MiB retained after a full GC (target: within 50 MiB; the file itself, ${mib(large.fileBytes)} MiB, is held by the benchmark)`,
          `the same at a tenth of the rows: RSS ${figures.tenthOfTheRows.peakOverIdleMiB} MiB over, V8 heap ${figures.tenthOfTheRows.heapPeakOverIdleMiB} MiB over, ${figures.tenthOfTheRows.heapRetainedMiB} MiB retained (flat memory: the two alike)`,
        ],
      },
    ];
    return { tables, figures };
  } finally {
    await service.close();
  }
}

export const importBench: BenchSuite = {
  name: 'import',
  description: 'spreadsheet import: preview and apply of 10,000 rows beside bare appends of the same events; memory during a 100,000-row preview',
  run,
};
