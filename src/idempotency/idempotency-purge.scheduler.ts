import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/config.js';
import { repeatInBackground } from '../config/repeat-in-background.js';
import { IdempotencyStore } from './idempotency.store.js';

export const IDEMPOTENCY_PURGE_INTERVAL_MS = 15 * 60_000;

/** Deletes expired idempotency records on a schedule, in the process that runs the background work. */
@Injectable()
export class IdempotencyPurgeScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stop?: () => void;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    const purge = async () => {
      const purged = await this.store.purgeExpired();
      return purged > 0 ? `Purged ${purged} expired idempotency records` : undefined;
    };
    this.stop = repeatInBackground({ what: 'Purging idempotency records', everyMs: IDEMPOTENCY_PURGE_INTERVAL_MS, atOnce: true, run: purge }, new Logger(IdempotencyPurgeScheduler.name));
  }

  beforeApplicationShutdown(): void {
    this.stop?.();
  }
}
