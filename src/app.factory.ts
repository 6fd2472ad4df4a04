import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { migrateAsOwner } from './database/run-migrations.js';
import { configureHttp } from './http/http-setup.js';

/** The whole service, as main.ts starts it and as the end-to-end tests drive it. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  // Before any module connects: BullMQ's PostgreSQL backend creates its schema at once, with the rights granted here.
  if (config.databaseMigrationUrl) await migrateAsOwner(config.databaseMigrationUrl, databaseUrl, { queueOnPostgres: config.redisUrl === undefined });
  const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl }), {
    bufferLogs: true,
    bodyParser: false,
    forceCloseConnections: true,
    // A failed start (a wrong DATA_KEY) reaches main's one-line report instead of Nest's stack trace.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  configureHttp(app);
  return app;
}
