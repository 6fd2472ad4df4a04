import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { REMINDERS_QUEUE, type SendReminderJob } from './reminder-queue.js';

const TIMEOUT_MS = 3_000;

/** The reminder queue answers (Redis, or BullMQ's PostgreSQL backend), with its job counts. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue<SendReminderJob>,
  ) {}

  async check(key: string) {
    const session = this.indicator.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      const counts = await Promise.race([
        this.queue.getJobCounts('waiting', 'delayed', 'active', 'failed'),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS))),
      ]);
      return session.up(counts);
    } catch (error) {
      return session.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
