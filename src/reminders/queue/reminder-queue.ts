import { createPostgresBackend, setDefaultBackendFactory, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import type { AppConfig } from '../../config/config.js';
import { redisKeyPrefix, redisOptions } from '../../config/redis.js';

export const REMINDERS_QUEUE = 'reminders';
export const SEND_REMINDER = 'send-reminder';

/** Ids and the due time only: the ledger and the log hold everything else. */
export interface SendReminderJob {
  reminderId: string;
  dueAt: string;
}

export const MAX_ATTEMPTS = 5;
export const BACKOFF_MS = 1_000;

export const REMINDER_JOB_OPTIONS: DefaultJobOptions = {
  attempts: MAX_ATTEMPTS,
  backoff: { type: 'exponential', delay: BACKOFF_MS },
  // The ledger keeps the history; a finished job only takes room (and its id must be free for a re-plan).
  removeOnComplete: true,
  removeOnFail: true,
};

export interface QueueBackend {
  kind: 'redis' | 'postgres';
  /** For Queue (producers, health, the dashboard): fails fast when the server is away. */
  producer: ConnectionOptions;
  /** For Worker: waits out a lost server instead of failing its blocking commands. */
  worker: ConnectionOptions;
  prefix?: string;
}

/**
 * Redis when REDIS_URL is set (options as BullMQ's production guide says), else BullMQ's
 * PostgreSQL backend in the service's own database (schema `bullmq`). Selecting the backend is
 * process-wide in BullMQ, so this is called once, before any queue is made.
 */
export function queueBackend(config: AppConfig, databaseUrl: string): QueueBackend {
  if (config.redisUrl) {
    setDefaultBackendFactory();
    const base = redisOptions(config.redisUrl);
    return {
      kind: 'redis',
      producer: { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
      worker: { ...base, maxRetriesPerRequest: null },
      prefix: redisKeyPrefix(databaseUrl),
    };
  }
  setDefaultBackendFactory(createPostgresBackend as Parameters<typeof setDefaultBackendFactory>[0]);
  const postgres = (max: number) => ({ connectionString: databaseUrl, migrate: true, max, connectionTimeoutMillis: 10_000 }) as unknown as ConnectionOptions;
  // The worker's pool serves 50 concurrent jobs' fetches, lock renewals and completions.
  return { kind: 'postgres', producer: postgres(4), worker: postgres(12) };
}
