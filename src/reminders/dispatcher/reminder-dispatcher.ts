import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/config.js';
import { ProjectionProgress } from '../../projections/projection-progress.js';
import { Wakeup } from '../../projections/projection-worker.js';
import { ReminderLedgerStore } from '../ledger/reminder-ledger.store.js';
import { REMINDERS_QUEUE, type SendReminderJob } from '../queue/reminder-queue.js';
import { addReminderJobs } from './reminder-jobs.js';

const BATCH = 1_000;
const POLL_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

/** Gives every planned ledger row its delayed job, as soon as the ledger projection writes it. */
@Injectable()
export class ReminderDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private readonly wakeup = new Wakeup();
  private running = false;
  private loop?: Promise<void>;
  private unsubscribe?: () => void;

  constructor(
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue<SendReminderJob>,
    private readonly ledger: ReminderLedgerStore,
    private readonly progress: ProjectionProgress,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    this.unsubscribe = this.progress.onProjected((name) => {
      if (name === 'reminder-ledger') this.wakeup.wake();
    });
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wakeup.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const dispatched = await this.dispatchOnce();
        if (failures > 0) this.logger.log('Reminder dispatcher recovered');
        failures = 0;
        if (dispatched < BATCH) await this.wakeup.wait(POLL_MS);
      } catch (error) {
        if (failures++ === 0) this.logger.warn(`Reminder dispatcher cannot queue reminders yet: ${(error as Error).message}; retrying`);
        await this.wakeup.wait(Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** Math.min(failures, 5)));
      }
    }
  }

  /** No transaction spans the queue call: on the embedded database the queue shares the one session. */
  async dispatchOnce(): Promise<number> {
    const planned = await this.ledger.planned(BATCH);
    await addReminderJobs(this.queue, planned);
    await this.ledger.markQueued(planned.map((r) => r.id));
    return planned.length;
  }
}
