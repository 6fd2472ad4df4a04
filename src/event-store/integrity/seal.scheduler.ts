import { Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/config.js';
import { LogIntegrity } from './log-integrity.js';

export const SEAL_INTERVAL_MS = 60_000;

/** Seals the global log on a schedule, in the process that runs the background work. */
@Injectable()
export class SealScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SealScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly integrity: LogIntegrity,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    this.timer = setInterval(() => void this.sealNow(), SEAL_INTERVAL_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async sealNow(): Promise<void> {
    try {
      const seals = await this.integrity.seal();
      if (seals.length > 0) this.logger.log(`Sealed up to position ${seals[seals.length - 1].lastPosition}`);
    } catch (error) {
      this.logger.error(`Sealing failed: ${(error as Error).message}`);
    }
  }
}
