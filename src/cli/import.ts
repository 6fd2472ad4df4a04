import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig, type AppConfig } from '../config/config.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { EmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { ApplicationError } from '../errors/application-error.js';
import type { Actor } from '../event-store/event-store.types.js';
import { EventStoreModule } from '../event-store/event-store.module.js';
import { ApplyImportCommand } from '../imports/commands/apply-import/apply-import.command.js';
import { ApplyImportHandler } from '../imports/commands/apply-import/apply-import.handler.js';
import { ImportPreviewer, type ImportFormat } from '../imports/import-previewer.js';
import { ImportsStore } from '../imports/imports.store.js';
import { UploadLimit } from '../imports/parsing/upload-limit.js';
import { ProcessRepository } from '../processes/process.repository.js';
import { runCli } from './run-cli.js';

const USAGE = `Usage:
  npm run import -- <processId> <file.csv|file.xlsx> [--apply] [--as-drafts]`;

const CLI_ACTOR: Actor = { id: 'command-line', name: 'npm run import', role: 'editor' };
const FORMATS: Record<string, ImportFormat> = { '.csv': 'csv', '.xlsx': 'xlsx' };
const SHOWN_ROWS = 1_000;

/** Just enough of the service for an import: the database (migrations run at start), the event store, the import. */
@Module({})
class ImportCliModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: ImportCliModule,
      imports: [ConfigModule.forRoot(config, databaseUrl), DatabaseModule, EventStoreModule],
      providers: [ProcessRepository, ImportsStore, ImportPreviewer, ApplyImportHandler],
    };
  }
}

/** `npm run import`: the preview the web page shows, printed; with --apply, written as the API writes it. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { apply: { type: 'boolean' }, 'as-drafts': { type: 'boolean' } } });
  const [processId, file] = positionals;
  const format = file === undefined ? undefined : FORMATS[extname(file).toLowerCase()];
  if (processId === undefined || format === undefined || positionals.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start(config.dataDir, 'npm run import');
  try {
    const app = await NestFactory.createApplicationContext(ImportCliModule.forRoot(config, config.databaseUrl ?? embedded!.url), { logger: ['error', 'warn'] });
    try {
      const body = new UploadLimit();
      // A read failure reaches the preview through the body; the pipeline's own rejection says nothing more.
      pipeline(createReadStream(file), body).catch(() => undefined);
      const preview = await app.get(ImportPreviewer).preview({ processId, fileName: basename(file), format, body, uploadedBy: CLI_ACTOR.name });
      const { counts } = preview;
      console.log(`Import ${preview.importId} of ${preview.fileName}: ${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged, ${counts.refused} refused`);
      const store = app.get(ImportsStore);
      for (const row of await store.rows(preview.importId, 0, SHOWN_ROWS, 'changed')) console.log(`  row ${row.row}: changes ${row.changedFields.join(', ')}`);
      for (const row of await store.rows(preview.importId, 0, SHOWN_ROWS, 'refused')) {
        for (const error of row.errors) console.log(`  row ${error.row}${error.column === '' ? '' : `, ${error.column}`}: ${error.message}`);
      }
      if (!values.apply) {
        console.log(`Nothing written. Run again with --apply to write the ${counts.new + counts.changed} accepted rows.`);
        return 0;
      }
      const write = { actor: CLI_ACTOR, correlationId: `cli-${preview.importId}` };
      const result = await app.get(ApplyImportHandler).execute(new ApplyImportCommand(processId, preview.importId, values['as-drafts'] ?? false, write));
      console.log(
        `Applied: ${result.logged} logged, ${result.corrected} corrected, ${result.deadlinesSet} deadlines set, ${result.deadlinesChanged} deadlines changed, ` +
          `${result.unchanged} unchanged, ${result.refused} refused; process at version ${result.version}`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof ApplicationError)) throw error;
      console.error(`Refused (${error.code}): ${error.message}`);
      return 1;
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

runCli(main);
