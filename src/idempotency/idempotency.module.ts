import { Module } from '@nestjs/common';
import { IdempotencyPurgeScheduler } from './idempotency-purge.scheduler.js';
import { IdempotencyStore } from './idempotency.store.js';

/** The replies kept for Idempotency-Key retries, and their expiry. */
@Module({
  providers: [IdempotencyStore, IdempotencyPurgeScheduler],
  exports: [IdempotencyStore],
})
export class IdempotencyModule {}
