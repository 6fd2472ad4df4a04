import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/config.js';
import { Wakeup } from '../../projections/projection-worker.js';
import { ReminderLedgerStore } from '../ledger/reminder-ledger.store.js';
import { REMINDERS_QUEUE, type SendReminderJob } from '../queue/reminder-queue.js';
import { addReminderJobs } from './reminder-jobs.js';

export const RECONCILE_EVERY_MS = 60_000;
const PAGE = 1_000;

/**
 * At start and every minute, gives a job again to every pending ledger row whose job the queue
 * lost (Redis flushed, restarted empty, a job dropped after its retries); one already due goes out at once.
 */
@Injectable()
export class ReminderReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private readonly wakeup = new Wakeup();
  private running = false;
  private loop?: Promise<void>;

  constructor(
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue<SendReminderJob>,
    private readonly ledger: ReminderLedgerStore,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakeup.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const { missing, late } = await this.reconcileOnce();
        if (missing > 0) this.logger.warn(`Reminder reconciler re-created ${missing} missing jobs (${late} already due: sent now, marked late)`);
      } catch (error) {
        this.logger.warn(`Reminder reconciler could not run: ${(error as Error).message}; trying again in a minute`);
      }
      await this.wakeup.wait(RECONCILE_EVERY_MS);
    }
  }

  async reconcileOnce(): Promise<{ missing: number; late: number }> {
    let after = '00000000-0000-0000-0000-000000000000';
    let missing = 0;
    let late = 0;
    for (;;) {
      const page = await this.ledger.pending(after, PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1].id;
      const jobs = await Promise.all(page.map((r) => this.queue.getJob(r.id)));
      const lost = page.filter((_, i) => !jobs[i]);
      const now = Date.now();
      await addReminderJobs(this.queue, lost, now);
      await this.ledger.markQueued(lost.map((r) => r.id));
      missing += lost.length;
      late += lost.filter((r) => r.dueAt.getTime() <= now).length;
      if (page.length < PAGE) break;
    }
    return { missing, late };
  }
}
