import { BullModule, Processor } from '@nestjs/bullmq';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { AppConfig } from '../config/config.js';
import { ProcessesModule } from '../processes/processes.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { QueueDashboard } from './http/queue-dashboard.js';
import { ReminderDispatcher } from './dispatcher/reminder-dispatcher.js';
import { ReminderReconciler } from './dispatcher/reminder-reconciler.js';
import { ReminderLedgerModule } from './ledger/reminder-ledger.module.js';
import { ReminderLedgerStore } from './ledger/reminder-ledger.store.js';
import { ReminderOutcomes } from './processor/reminder-outcomes.js';
import { SendReminderProcessor } from './processor/send-reminder.processor.js';
import { QueueHealthIndicator } from './queue/queue.health.js';
import { queueBackend, REMINDER_JOB_OPTIONS, REMINDERS_QUEUE } from './queue/reminder-queue.js';
import { RedisSettingsCheck } from './queue/redis-settings.check.js';

export const WORKER_CONCURRENCY = 50;

/**
 * Reminders: the ledger projection, the queue (Redis or BullMQ's PostgreSQL backend), the dispatcher
 * and reconciler that feed it from the ledger, and, in processes that run workers, the send-reminder worker.
 */
@Module({})
export class RemindersModule {
  static forRoot({ config, databaseUrl }: { config: AppConfig; databaseUrl: string }): DynamicModule {
    const backend = queueBackend(config, databaseUrl);
    const providers: Provider[] = [
      ReminderLedgerStore,
      ReminderOutcomes,
      ReminderDispatcher,
      ReminderReconciler,
      QueueHealthIndicator,
      RedisSettingsCheck,
      QueueDashboard,
    ];
    if (config.runsWorkers) {
      // Worker options depend on the configuration, so the decorator is applied here rather than on the class.
      Processor(REMINDERS_QUEUE, {
        connection: backend.worker,
        ...(backend.prefix && { prefix: backend.prefix }),
        concurrency: WORKER_CONCURRENCY,
        // A killed worker's jobs are taken over after at most lockDuration + stalledInterval.
        lockDuration: 15_000,
        stalledInterval: 5_000,
      })(SendReminderProcessor);
      providers.push(SendReminderProcessor);
    }
    return {
      module: RemindersModule,
      imports: [
        BullModule.forRoot({ connection: backend.producer, ...(backend.prefix && { prefix: backend.prefix }) }),
        BullModule.registerQueue({ name: REMINDERS_QUEUE, defaultJobOptions: REMINDER_JOB_OPTIONS }),
        ChannelsModule,
        ProcessesModule,
        ReminderLedgerModule,
        TerminusModule,
      ],
      providers,
      exports: [QueueHealthIndicator],
    };
  }
}
