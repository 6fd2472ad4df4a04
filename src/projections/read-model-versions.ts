import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '../config/config.js';
import { ProjectionProgress } from './projection-progress.js';

export const VERSION_POLL_MS = 100;
/** Past this without a successful poll, the versions are unknown: a cache must not answer from them. */
const TRUSTED_FOR_MS = 1_000;

/**
 * A counter per read model that changes whenever the model may have changed: at once after a batch
 * of this instance's runner, and within VERSION_POLL_MS of a batch or rebuild swap of any instance,
 * seen by polling the checkpoints (polling loses nothing; a NOTIFY can be lost, and the embedded
 * database delivers none between connections).
 */
@Injectable()
export class ReadModelVersions implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly checkpoints = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  private polledAt = Number.NEGATIVE_INFINITY;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly config: AppConfig,
    progress: ProjectionProgress,
  ) {
    progress.onProjected((name) => this.bump(name));
  }

  onApplicationBootstrap(): void {
    // Only the instances that answer reads keep caches.
    if (this.config.runsHttp) this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  /** The read model's version, or undefined while the checkpoints cannot be read (then nothing may be cached). */
  current(name: string): number | undefined {
    if (Date.now() - this.polledAt > TRUSTED_FOR_MS) return undefined;
    return this.versions.get(name) ?? 0;
  }

  private bump(name: string): void {
    this.versions.set(name, (this.versions.get(name) ?? 0) + 1);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => this.schedule(VERSION_POLL_MS));
    }, delayMs);
  }

  private async poll(): Promise<void> {
    const startedAt = Date.now();
    try {
      const result = await this.pool.query<{ name: string; checkpoint: string }>(
        `SELECT name, concat_ws(' ', last_transaction_id, last_position, updated_at) AS checkpoint FROM projection_checkpoints`,
      );
      for (const { name, checkpoint } of result.rows) {
        if (this.checkpoints.get(name) === checkpoint) continue;
        this.checkpoints.set(name, checkpoint);
        this.bump(name);
      }
      this.polledAt = startedAt;
    } catch {
      // Unreachable database: the versions age out of trust, so caches stop answering.
    }
  }
}
