import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/config.js';
import { IdempotencyStore } from './idempotency.store.js';

export const IDEMPOTENCY_PURGE_INTERVAL_MS = 15 * 60_000;

/** Deletes expired idempotency records on a schedule, in the process that runs the background work. */
@Injectable()
export class IdempotencyPurgeScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(IdempotencyPurgeScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    void this.purgeNow();
    this.timer = setInterval(() => void this.purgeNow(), IDEMPOTENCY_PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async purgeNow(): Promise<void> {
    try {
      const purged = await this.store.purgeExpired();
      if (purged > 0) this.logger.log(`Purged ${purged} expired idempotency records`);
    } catch (error) {
      this.logger.error(`Purging idempotency records failed: ${(error as Error).message}`);
    }
  }
}
