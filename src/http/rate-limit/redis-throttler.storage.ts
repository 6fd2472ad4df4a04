import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * One fixed window per key, counted atomically: INCR, PEXPIRE on the first hit, and a block key set
 * once the limit is passed (as @nestjs/throttler's own store blocks for blockDuration).
 * Returns hits, milliseconds left in the window, blocked (0/1), milliseconds left in the block.
 */
const INCREMENT = `
local hits_key, block_key = KEYS[1], KEYS[2]
local ttl, limit, block = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local block_left = redis.call('PTTL', block_key)
if block_left > 0 then
  return { tonumber(redis.call('GET', hits_key) or '0'), math.max(redis.call('PTTL', hits_key), 0), 1, block_left }
end
local hits = redis.call('INCR', hits_key)
local hits_left = redis.call('PTTL', hits_key)
if hits_left < 0 then
  redis.call('PEXPIRE', hits_key, ttl)
  hits_left = ttl
end
if hits > limit then
  redis.call('SET', block_key, '1', 'PX', block)
  return { hits, hits_left, 1, block }
end
return { hits, hits_left, 0, 0 }`;

interface ThrottleCommand {
  throttle(hitsKey: string, blockKey: string, ttl: number, limit: number, block: number): Promise<[number, number, number, number]>;
}

/**
 * The rate limiter's counters in Redis, so every instance of the service counts a client's requests
 * together. While Redis cannot be reached each instance counts on its own (the in-memory store)
 * rather than refusing or failing every request.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly redis: Redis & ThrottleCommand;
  private readonly local = new ThrottlerStorageService();
  private unreachable = false;

  constructor(
    options: RedisOptions,
    private readonly prefix: string,
  ) {
    // Fail fast: a request must not wait for Redis to come back.
    this.redis = new Redis({ ...options, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 }) as Redis & ThrottleCommand;
    this.redis.defineCommand('throttle', { numberOfKeys: 2, lua: INCREMENT });
    this.redis.on('error', () => undefined);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    // The hash tag keeps both keys of a client in one Redis Cluster slot, as a script needs.
    const base = `${this.prefix}:throttle:{${throttlerName}:${key}}`;
    try {
      const [totalHits, windowLeft, blocked, blockLeft] = await this.redis.throttle(`${base}:hits`, `${base}:block`, ttl, limit, Math.max(blockDuration, 1));
      if (this.unreachable) this.logger.log('Redis is back: rate limits are counted across instances again');
      this.unreachable = false;
      return { totalHits, timeToExpire: Math.ceil(windowLeft / 1000), isBlocked: blocked === 1, timeToBlockExpire: Math.ceil(blockLeft / 1000) };
    } catch (error) {
      if (!this.unreachable) this.logger.warn(`Redis unreachable (${(error as Error).message}): rate limits are counted per instance until it is back`);
      this.unreachable = true;
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
    // Counters need no goodbye; QUIT would wait for a Redis that may be gone.
    this.redis.disconnect();
  }
}
