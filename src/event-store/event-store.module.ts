import { Global, Module } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from './event-store.js';
import { LogIntegrity } from './integrity/log-integrity.js';
import { SealScheduler } from './integrity/seal.scheduler.js';

@Global()
@Module({
  providers: [
    { provide: EventStore, inject: [Pool], useFactory: (pool: Pool) => new EventStore(pool) },
    { provide: LogIntegrity, inject: [Pool], useFactory: (pool: Pool) => new LogIntegrity(pool) },
    SealScheduler,
  ],
  exports: [EventStore, LogIntegrity],
})
export class EventStoreModule {}
