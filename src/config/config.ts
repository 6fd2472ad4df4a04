import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseEd25519PrivateKey } from './ed25519-private-key.js';

export const ROLES = ['api', 'worker', 'all'] as const;
export type ProcessRole = (typeof ROLES)[number];

/** The one typed configuration of the service; nothing else reads process.env. */
export class AppConfig {
  readonly port: number;
  readonly dataDir: string;
  /** Unset means: start the embedded PostgreSQL (PGlite) under dataDir. */
  readonly databaseUrl?: string;
  /** The owner role's connection for migrations; databaseUrl is then a role that may not rewrite history. */
  readonly databaseMigrationUrl?: string;
  /** Unset means: BullMQ runs on its PostgreSQL backend in the same database. */
  readonly redisUrl?: string;
  /** Unset means: e-mails are written as .eml files under dataDir/outbox. */
  readonly smtpUrl?: string;
  readonly bootstrapAdminToken?: string;
  readonly publicBaseUrl: string;
  /** The origin of PUBLIC_BASE_URL when it is set; unset means: a cookie write must come from the request's own host. */
  readonly publicOrigin?: string;
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
  /** Unset means: generated once into dataDir/seal-signing-key by the process that seals. */
  readonly sealSigningKey?: KeyObject;
  /** Outside receivers of every new seal (signed webhooks), each with its own delivery cursor. */
  readonly auditWitnessUrls: string[];
  readonly auditWitnessSecret?: string;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For names the client (false: the socket's address). */
  readonly trustProxy: TrustProxy;
  /** A bearer token for Prometheus scrapers on /metrics; admin tokens open it too. */
  readonly metricsToken?: string;
  /** How long one live stream (SSE) stays open before it ends and the browser reconnects. */
  readonly liveStreamMaxMinutes: number;
  /** Live streams open at once per client address on one instance; 429 beyond. */
  readonly liveStreamsPerClient: number;
  /** Live streams open at once on one instance; 429 beyond. */
  readonly liveStreamsTotal: number;
  /** A session unused this long ends (SESSION_IDLE_HOURS). */
  readonly sessionIdleHours: number;
  /** A session ends this long after sign-in, used or not (SESSION_MAX_DAYS). */
  readonly sessionMaxDays: number;
  /** Sign-in with the organisation's identity provider (OpenID Connect); unset means: e-mail links only. */
  readonly oidc?: OidcConfig;

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

/** The client the tracker is at the organisation's OpenID provider, from OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the sign-in button: "Sign in with <providerName>". */
  providerName: string;
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

/** A whole number from 1 to max. */
function wholeNumber(env: Env, name: string, fallback: number, max: number): number {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  if (!/^[1-9]\d{0,8}$/.test(value) || Number(value) > max) throw new ConfigError(name, `must be a whole number from 1 to ${max} (got "${value}")`);
  return Number(value);
}

/** A number of minutes above 0, decimals allowed (0.05 is 3 seconds), up to max. */
function minutes(env: Env, name: string, fallback: number, max: number): number {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,5}(\.\d{1,6})?$/.test(value) || Number(value) <= 0 || Number(value) > max) {
    throw new ConfigError(name, `must be a number of minutes above 0 and at most ${max}, decimals allowed (got "${value}")`);
  }
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

/** The Ed25519 key that signs seals, given inline or as a file; never both. */
function sealSigningKey(env: Env): KeyObject | undefined {
  const inline = optional(env, 'SEAL_SIGNING_KEY');
  const file = optional(env, 'SEAL_SIGNING_KEY_FILE');
  if (inline !== undefined && file !== undefined) throw new ConfigError('SEAL_SIGNING_KEY_FILE', 'cannot be set together with SEAL_SIGNING_KEY');
  const [name, text] = inline !== undefined ? ['SEAL_SIGNING_KEY', inline] : ['SEAL_SIGNING_KEY_FILE', file];
  if (text === undefined) return undefined;
  let key = text;
  if (file !== undefined) {
    try {
      key = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(name, `names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  try {
    return parseEd25519PrivateKey(key);
  } catch (error) {
    throw new ConfigError(name, (error as Error).message);
  }
}

function witnessUrls(env: Env): string[] {
  const list = optional(env, 'AUDIT_WITNESS_URLS');
  if (list === undefined) return [];
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => url({ AUDIT_WITNESS_URLS: item }, 'AUDIT_WITNESS_URLS', ['https:', 'http:'])!);
}

/** A Standard Webhooks signing secret: whsec_ and the base64 of 24 to 64 random bytes. */
function webhookSecret(env: Env, name: string): string | undefined {
  const value = optional(env, name);
  if (value === undefined) return undefined;
  const bytes = /^whsec_[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value.slice('whsec_'.length), 'base64').length : 0;
  if (bytes < 24 || bytes > 64) throw new ConfigError(name, 'must be whsec_ followed by the base64 of 24 to 64 random bytes (e.g. whsec_$(openssl rand -base64 32))');
  return value;
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

const OIDC_VARIABLES = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** All three OIDC_ variables or none; the issuer over https, or http on loopback for a provider tried on the same machine. */
function oidc(env: Env): OidcConfig | undefined {
  const given = OIDC_VARIABLES.filter((name) => optional(env, name) !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < OIDC_VARIABLES.length) {
    const missing = OIDC_VARIABLES.filter((name) => !given.includes(name));
    throw new ConfigError(missing[0], `must be set too: sign-in with an identity provider needs ${OIDC_VARIABLES.join(', ')} (${given.join(', ')} set, ${missing.join(', ')} missing)`);
  }
  const issuer = url(env, 'OIDC_ISSUER', ['https:', 'http:'])!;
  const parsed = new URL(issuer);
  if (parsed.protocol === 'http:' && !LOOPBACK_HOSTS.includes(parsed.hostname)) {
    throw new ConfigError('OIDC_ISSUER', `must use https: (http: only on localhost, for a provider on the same machine)`);
  }
  if (parsed.search || parsed.hash) throw new ConfigError('OIDC_ISSUER', 'must be the issuer identifier, with no query or fragment');
  return {
    issuer,
    clientId: optional(env, 'OIDC_CLIENT_ID')!,
    clientSecret: optional(env, 'OIDC_CLIENT_SECRET')!,
    providerName: optional(env, 'OIDC_PROVIDER_NAME') ?? 'your organisation',
  };
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
  const metricsToken = optional(env, 'METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters long');
  }
  const givenBaseUrl = url(env, 'PUBLIC_BASE_URL', ['http:', 'https:']);
  const publicBaseUrl = givenBaseUrl ?? `http://localhost:${listenPort}`;
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseMigrationUrl = url(env, 'DATABASE_MIGRATION_URL', ['postgres:', 'postgresql:']);
  if (databaseMigrationUrl !== undefined && databaseUrl === undefined) {
    throw new ConfigError('DATABASE_MIGRATION_URL', 'needs DATABASE_URL: the embedded database has a single role');
  }
  const auditWitnessUrls = witnessUrls(env);
  const auditWitnessSecret = webhookSecret(env, 'AUDIT_WITNESS_SECRET');
  if (auditWitnessUrls.length > 0 && auditWitnessSecret === undefined) {
    throw new ConfigError('AUDIT_WITNESS_SECRET', 'must be set when AUDIT_WITNESS_URLS is: witnesses check the signature of what they receive');
  }
  return new AppConfig({
    port: listenPort,
    dataDir: resolve(optional(env, 'DATA_DIR') ?? './data'),
    databaseUrl,
    databaseMigrationUrl,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    bootstrapAdminToken,
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
    publicOrigin: givenBaseUrl === undefined ? undefined : new URL(givenBaseUrl).origin,
    webhookAllowPrivate: bool(env, 'WEBHOOK_ALLOW_PRIVATE'),
    role: role as ProcessRole,
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    rateLimitPerMinute: rateLimit(env, 'RATE_LIMIT_PER_MINUTE', 1200),
    dataKey: dataKey === undefined ? undefined : parseDataKey(dataKey, 'DATA_KEY'),
    dataKeyFile: dataKeyFile === undefined ? undefined : resolve(dataKeyFile),
    idempotencyRetentionHours: wholeNumber(env, 'IDEMPOTENCY_RETENTION_HOURS', 24, 8760),
    sealSigningKey: sealSigningKey(env),
    auditWitnessUrls,
    auditWitnessSecret,
    trustProxy: trustProxy(env, 'TRUST_PROXY'),
    metricsToken,
    liveStreamMaxMinutes: minutes(env, 'LIVE_STREAM_MAX_MINUTES', 60, 1440),
    liveStreamsPerClient: wholeNumber(env, 'LIVE_STREAMS_PER_CLIENT', 16, 1_000_000),
    liveStreamsTotal: wholeNumber(env, 'LIVE_STREAMS_TOTAL', 2000, 1_000_000),
    sessionIdleHours: wholeNumber(env, 'SESSION_IDLE_HOURS', 72, 8760),
    sessionMaxDays: wholeNumber(env, 'SESSION_MAX_DAYS', 30, 3650),
    oidc: oidc(env),
  });
}
