import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config/config.js';
import { DataDirectoryInUse, SERVICE_HOLDER } from './embedded/data-directory-lock.js';
import { EmbeddedPostgres, PASSWORD_FILE } from './embedded/embedded-postgres.js';
import { logUnhandledRejections } from './unhandled-rejections.js';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start(config.dataDir, SERVICE_HOLDER);
  const app = await createApp(config, config.databaseUrl ?? embedded!.url);
  logUnhandledRejections((reason) => app.get(Logger).error({ err: reason }, 'Unhandled promise rejection (the service keeps running)'));
  const shutdown = async (signal: string) => {
    app.get(Logger).log(`${signal} received: finishing work in progress, then stopping`);
    await app.close();
    // The embedded database closes last, after every connection of the app is gone.
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  if (embedded) app.get(Logger).log(`Embedded PostgreSQL at ${embedded.address} (data in ${config.dataDir}, password in ${PASSWORD_FILE} there)`);
  if (!config.runsHttp) {
    // A worker runs projections, reminders and seals; it serves no HTTP.
    await app.init();
    app.get(Logger).log(`Worker started (${embedded ? 'embedded PostgreSQL' : 'PostgreSQL'})`);
    return;
  }
  await app.listen(config.port, '0.0.0.0');
  app.get(Logger).log(`Listening on ${config.publicBaseUrl} (${embedded ? 'embedded PostgreSQL' : 'PostgreSQL'})`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirectoryInUse) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
