import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../config/config.js';
import { EmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { DemoSeed } from '../seed/demo-seed.js';
import { SeedModule } from '../seed/seed.module.js';
import { runCli } from './run-cli.js';

/** `npm run seed`: loads the demonstration data on DATABASE_URL or the embedded database; a second run changes nothing. */
async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start(config.dataDir, 'npm run seed');
  try {
    const app = await NestFactory.createApplicationContext(SeedModule.forRoot(config, config.databaseUrl ?? embedded!.url), {
      logger: ['error', 'warn'],
    });
    try {
      const r = await app.get(DemoSeed).run();
      console.log(
        `Seeded '${r.title}' (${r.processId}): ${r.milestones} milestones, ${r.deadlines} deadlines, ${r.assessments} assessments; ` +
          `${r.appended} events appended, ${r.skipped} already there`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

runCli(main);
