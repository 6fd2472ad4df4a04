import { Global, Module } from '@nestjs/common';
import { Pool } from 'pg';
import { DatabaseTarget } from '../config/config.module.js';
import { AppendNotifier } from './append-notifier.js';
import { EventStore } from './event-store.js';
import { LogIntegrity } from './integrity/log-integrity.js';
import { SealScheduler } from './integrity/seal.scheduler.js';

@Global()
@Module({
  providers: [
    {
      provide: EventStore,
      inject: [Pool, DatabaseTarget],
      useFactory: (pool: Pool, target: DatabaseTarget) => new EventStore(pool, { prepareStatements: !target.embedded }),
    },
    { provide: LogIntegrity, inject: [Pool], useFactory: (pool: Pool) => new LogIntegrity(pool) },
    SealScheduler,
    AppendNotifier,
  ],
  exports: [EventStore, LogIntegrity],
})
export class EventStoreModule {}
