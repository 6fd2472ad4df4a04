import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/config.js';
import { redisOptions } from '../../config/redis.js';

/** Reads one field of an INFO answer ("name:value" lines). */
export function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/**
 * BullMQ needs Redis to keep every key: with an eviction policy, Redis under memory pressure
 * silently drops jobs. Warned at start (INFO, since managed Redis often forbids CONFIG GET).
 */
@Injectable()
export class RedisSettingsCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reminders');

  constructor(private readonly config: AppConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.redisUrl) return;
    const redis = new Redis({ ...redisOptions(this.config.redisUrl), lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3_000, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      const info = await redis.info('memory');
      const policy = infoField(info, 'maxmemory_policy');
      if (policy !== undefined && policy !== 'noeviction') {
        this.logger.warn(
          `Redis maxmemory-policy is "${policy}": under memory pressure Redis may evict BullMQ jobs. Set maxmemory-policy noeviction (docs/operations.md)`,
        );
      }
    } catch (error) {
      this.logger.warn(`Could not read Redis settings at start: ${(error as Error).message}`);
    } finally {
      redis.disconnect();
    }
  }
}
