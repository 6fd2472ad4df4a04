import { isIP } from 'node:net';
import { resolve } from 'node:path';

export const ROLES = ['api', 'worker', 'all'] as const;
export type ProcessRole = (typeof ROLES)[number];

/** The one typed configuration of the service; nothing else reads process.env. */
export class AppConfig {
  readonly port: number;
  readonly dataDir: string;
  /** Unset means: start the embedded PostgreSQL (PGlite) under dataDir. */
  readonly databaseUrl?: string;
  /** Unset means: BullMQ runs on its PostgreSQL backend in the same database. */
  readonly redisUrl?: string;
  /** Unset means: e-mails are written as .eml files under dataDir/outbox. */
  readonly smtpUrl?: string;
  readonly bootstrapAdminToken?: string;
  readonly publicBaseUrl: string;
  readonly webhookAllowPrivate: boolean;
  readonly role: ProcessRole;
  readonly logLevel: string;
  /** Requests per minute per client address before 429, or off when a proxy in front limits them. */
  readonly rateLimitPerMinute: number | 'off';
  /** Express's `trust proxy`: which proxies' X-Forwarded-For names the client (false: the socket's address). */
  readonly trustProxy: TrustProxy;
  /** A bearer token for Prometheus scrapers on /metrics; admin tokens open it too. */
  readonly metricsToken?: string;

  constructor(values: Omit<AppConfig, 'runsHttp' | 'runsWorkers'>) {
    Object.assign(this, values);
  }

  get runsHttp(): boolean {
    return this.role !== 'worker';
  }

  get runsWorkers(): boolean {
    return this.role !== 'api';
  }
}

/** false, true (the nearest hop), a number of hops, or the proxies' addresses and networks (Express's names loopback, linklocal, uniquelocal too). */
export type TrustProxy = boolean | number | string[];

/** A bad value: the message is the one line printed before the start stops. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const value = optional(env, name);
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `is not a valid URL (expected e.g. ${protocols[0]}//host)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
  }
  return value;
}

function port(env: Env, name: string, fallback: number): number {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < 0 || parsed > 65535) {
    throw new ConfigError(name, `must be a port number from 0 to 65535 (got "${value}")`);
  }
  return parsed;
}

/** A whole number of requests per minute, or off. */
function rateLimit(env: Env, name: string, fallback: number): number | 'off' {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  if (value.toLowerCase() === 'off') return 'off';
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new ConfigError(name, `must be a whole number above 0, or off (got "${value}")`);
  return Number(value);
}

const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrNetwork(item: string): boolean {
  if (TRUST_PROXY_NAMES.includes(item)) return true;
  const [address, prefix, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

function trustProxy(env: Env, name: string): TrustProxy {
  const value = optional(env, name);
  if (value === undefined || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  if (/^\d{1,2}$/.test(value)) return Number(value) === 0 ? false : Number(value);
  const items = value.split(',').map((item) => item.trim());
  if (!items.every(isAddressOrNetwork)) {
    throw new ConfigError(name, `must be false, true, a number of hops, or a comma-separated list of proxy addresses or CIDRs (got "${value}")`);
  }
  return items;
}

function bool(env: Env, name: string): boolean {
  const value = optional(env, name)?.toLowerCase();
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}

export function loadConfig(env: Env = process.env): AppConfig {
  const listenPort = port(env, 'PORT', 3000);
  const role = optional(env, 'ROLE') ?? 'all';
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new ConfigError('ROLE', `must be one of ${ROLES.join(', ')} (got "${role}")`);
  }
  const bootstrapAdminToken = optional(env, 'BOOTSTRAP_ADMIN_TOKEN');
  if (bootstrapAdminToken !== undefined && bootstrapAdminToken.length < 16) {
    throw new ConfigError('BOOTSTRAP_ADMIN_TOKEN', 'must be at least 16 characters long');
  }
  const metricsToken = optional(env, 'METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters long');
  }
  const publicBaseUrl =
    url(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${listenPort}`;
  return new AppConfig({
    port: listenPort,
    dataDir: resolve(optional(env, 'DATA_DIR') ?? './data'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    bootstrapAdminToken,
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
    webhookAllowPrivate: bool(env, 'WEBHOOK_ALLOW_PRIVATE'),
    role: role as ProcessRole,
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    rateLimitPerMinute: rateLimit(env, 'RATE_LIMIT_PER_MINUTE', 1200),
    trustProxy: trustProxy(env, 'TRUST_PROXY'),
    metricsToken,
  });
}
