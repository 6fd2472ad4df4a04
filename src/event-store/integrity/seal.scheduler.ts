import { Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/config.js';
import { repeatInBackground } from '../../config/repeat-in-background.js';
import { LogIntegrity } from './log-integrity.js';

export const SEAL_INTERVAL_MS = 60_000;

/** Seals the global log on a schedule, in the process that runs the background work. */
@Injectable()
export class SealScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stop?: () => void;

  constructor(
    private readonly integrity: LogIntegrity,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    const seal = async () => {
      const seals = await this.integrity.seal();
      return seals.length > 0 ? `Sealed up to position ${seals[seals.length - 1].lastPosition}` : undefined;
    };
    this.stop = repeatInBackground({ what: 'Sealing', everyMs: SEAL_INTERVAL_MS, run: seal }, new Logger(SealScheduler.name));
  }

  beforeApplicationShutdown(): void {
    this.stop?.();
  }
}
