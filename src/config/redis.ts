import type { RedisOptions } from 'bullmq';

/** ioredis options from a redis:// or rediss:// URL (ioredis takes a URL only as a constructor argument). */
export function redisOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
    ...(db && { db: Number(db) }),
    ...(parsed.protocol === 'rediss:' && { tls: {} }),
  };
}

/** Services on one Redis keep apart by database name: each has its own ledger, jobs and rate-limit counters. */
export function redisKeyPrefix(databaseUrl: string): string {
  return `trt:${new URL(databaseUrl).pathname.replace(/^\//, '') || 'postgres'}`;
}
