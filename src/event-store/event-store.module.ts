import { Global, Module } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '../config/config.js';
import { DatabaseTarget } from '../config/config.module.js';
import { AppendNotifier } from './append-notifier.js';
import { EventStore } from './event-store.js';
import { LogIntegrity } from './integrity/log-integrity.js';
import { SealScheduler } from './integrity/seal.scheduler.js';
import { loadSealSigningKey } from './integrity/seal-signing-key.js';

@Global()
@Module({
  providers: [
    {
      provide: EventStore,
      inject: [Pool, DatabaseTarget],
      useFactory: (pool: Pool, target: DatabaseTarget) => new EventStore(pool, { prepareStatements: !target.embedded }),
    },
    {
      provide: LogIntegrity,
      inject: [Pool, AppConfig],
      // Only the process that seals holds the private key; an API-only instance never loads or creates one.
      useFactory: async (pool: Pool, config: AppConfig) => new LogIntegrity(pool, config.runsWorkers ? await loadSealSigningKey(config) : undefined),
    },
    SealScheduler,
    AppendNotifier,
  ],
  exports: [EventStore, LogIntegrity],
})
export class EventStoreModule {}
