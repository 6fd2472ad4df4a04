import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';
import { AppConfig, loadConfig } from '../config/config.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { EmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { EventStore } from '../event-store/event-store.js';
import { EventStoreModule } from '../event-store/event-store.module.js';
import { ProjectionRegistry } from '../projections/projection-registry.js';
import { ProjectionsModule } from '../projections/projections.module.js';
import { READ_MODEL_MODULES } from '../read-model-modules.js';
import { RebuildAlreadyRunning, rebuildProjection, type RebuildProgress } from '../projections/rebuild.js';
import { runCli } from './run-cli.js';

@Module({})
class RebuildModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: RebuildModule,
      imports: [
        ConfigModule.forRoot(config, databaseUrl),
        DatabaseModule,
        EventStoreModule,
        ProjectionsModule,
        ...READ_MODEL_MODULES,
      ],
    };
  }
}

function bar({ covered, total, eventsPerSecond }: RebuildProgress): string {
  const share = total === 0 ? 1 : Math.min(1, covered / total);
  const filled = Math.round(share * 30);
  return `[${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${covered.toLocaleString('en')}/${total.toLocaleString('en')} events  ${Math.round(eventsPerSecond).toLocaleString('en')} events/s`;
}

/** `npm run projections:rebuild [name]`: replays the log into fresh tables and swaps them in. */
async function main(): Promise<number> {
  const wanted = process.argv[2];
  // This process only rebuilds: it runs no projection workers of its own.
  const config = new AppConfig({ ...loadConfig(), role: 'api' });
  const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start(config.dataDir, 'npm run projections:rebuild');
  // A rebuild creates, drops and renames tables: with a restricted service role that is the owner's work.
  const databaseUrl = config.databaseMigrationUrl ?? config.databaseUrl ?? embedded!.url;
  const app = await NestFactory.createApplicationContext(RebuildModule.forRoot(config, databaseUrl), { logger: ['error', 'warn'] });
  try {
    const projections = app.get(ProjectionRegistry).all();
    const chosen = wanted ? projections.filter((p) => p.name === wanted) : projections;
    if (chosen.length === 0) {
      console.error(`There is no projection "${wanted}". Projections: ${projections.map((p) => p.name).join(', ')}`);
      return 2;
    }
    for (const projection of chosen) {
      const interactive = process.stderr.isTTY;
      let lastPrinted = 0;
      const result = await rebuildProjection(projection, app.get(Pool), app.get(EventStore), (progress) => {
        if (interactive) process.stderr.write(`\r${projection.name.padEnd(16)} ${bar(progress)}`);
        else if (Date.now() - lastPrinted > 2000) {
          lastPrinted = Date.now();
          console.error(`${projection.name} ${bar(progress)}`);
        }
      });
      if (interactive) process.stderr.write('\n');
      console.log(`Rebuilt ${projection.name}: ${result.covered.toLocaleString('en')} events in ${result.seconds.toFixed(1)} s (${Math.round(result.eventsPerSecond).toLocaleString('en')} events/s)`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof RebuildAlreadyRunning)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

runCli(main);
