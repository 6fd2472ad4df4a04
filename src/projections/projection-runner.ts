import { Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import pg, { Pool } from 'pg';
import { AppConfig } from '../config/config.js';
import { DatabaseTarget } from '../config/config.module.js';
import { APPENDED_CHANNEL } from '../event-store/append-notifier.js';
import { EventStore } from '../event-store/event-store.js';
import { ProjectionProgress } from './projection-progress.js';
import { ProjectionRegistry } from './projection-registry.js';
import { ProjectionWorker, type WorkerStatus } from './projection-worker.js';

export const PROJECTION_BATCH_SIZE = 500;
const POLL_MS = 500;
const STANDBY_MS = 2_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Runs every registered projection in this instance (roles `worker` and `all`), woken by appends of this
 * process, by NOTIFY from others, and by polling, since the embedded database delivers no NOTIFY.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private workers: ProjectionWorker[] = [];
  private listener?: pg.Client;
  private stopped = false;
  private unsubscribe?: () => void;

  constructor(
    private readonly registry: ProjectionRegistry,
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly progress: ProjectionProgress,
    private readonly config: AppConfig,
    private readonly target: DatabaseTarget,
  ) {
    this.unsubscribe = store.onAppended(() => this.wakeAll());
  }

  // After every module's onModuleInit, where the feature modules register their projections.
  onApplicationBootstrap(): void {
    this.workers = this.registry.all().map(
      (projection) =>
        new ProjectionWorker(
          projection,
          this.pool,
          this.store,
          { batchSize: PROJECTION_BATCH_SIZE, pollMs: POLL_MS, standbyMs: STANDBY_MS, maxBackoffMs: MAX_BACKOFF_MS },
          this.logger,
          (name, cursor) => this.progress.announce(name, cursor),
        ),
    );
    if (!this.config.runsWorkers) return;
    for (const worker of this.workers) worker.start();
    void this.listen();
  }

  // Before TypeORM closes the pool, which waits for the connections the workers hold.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.listener?.end().catch(() => undefined);
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }

  status(): WorkerStatus[] {
    return this.workers.map((worker) => worker.status());
  }

  private wakeAll(): void {
    for (const worker of this.workers) worker.wake();
  }

  /** LISTEN on its own connection; lost connections are re-established while polling covers the gap. */
  private async listen(): Promise<void> {
    while (!this.stopped) {
      const client = new pg.Client({ connectionString: this.target.url });
      try {
        await client.connect();
        client.on('notification', () => this.wakeAll());
        const closed = new Promise<void>((resolve) => {
          client.on('error', () => resolve());
          client.on('end', () => resolve());
        });
        await client.query(`LISTEN ${APPENDED_CHANNEL}`);
        this.listener = client;
        await closed;
      } catch {
        await client.end().catch(() => undefined);
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, STANDBY_MS));
    }
  }
}
