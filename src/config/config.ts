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
  /** The key-encryption key of personal-data keys, from DATA_KEY (32 bytes). */
  readonly dataKey?: Buffer;
  /** Where the key-encryption key is kept, from DATA_KEY_FILE; DATA_DIR/data-key on the embedded database. */
  readonly dataKeyFile?: string;
  /** How long an Idempotency-Key's reply is kept (and the key reserved). */
  readonly idempotencyRetentionHours: number;

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

/** A whole number from 1 to max. */
function wholeNumber(env: Env, name: string, fallback: number, max: number): number {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  if (!/^[1-9]\d{0,8}$/.test(value) || Number(value) > max) throw new ConfigError(name, `must be a whole number from 1 to ${max} (got "${value}")`);
  return Number(value);
}

export const DATA_KEY_BYTES = 32;

/** A base64 key of 32 bytes, as `openssl rand -base64 32` prints it. */
export function parseDataKey(text: string, name: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text.trim()) || key.length !== DATA_KEY_BYTES) {
    throw new ConfigError(name, `must hold ${DATA_KEY_BYTES} bytes in base64, as openssl rand -base64 ${DATA_KEY_BYTES} prints`);
  }
  return key;
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
  const dataKey = optional(env, 'DATA_KEY');
  const dataKeyFile = optional(env, 'DATA_KEY_FILE');
  if (dataKey !== undefined && dataKeyFile !== undefined) throw new ConfigError('DATA_KEY', 'and DATA_KEY_FILE are both set: set one');
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
    dataKey: dataKey === undefined ? undefined : parseDataKey(dataKey, 'DATA_KEY'),
    dataKeyFile: dataKeyFile === undefined ? undefined : resolve(dataKeyFile),
    idempotencyRetentionHours: wholeNumber(env, 'IDEMPOTENCY_RETENTION_HOURS', 24, 8760),
  });
}
