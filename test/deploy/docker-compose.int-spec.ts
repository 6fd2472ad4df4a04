import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: unknown[];
  profiles?: string[];
  restart?: string;
}

interface ComposeConfig {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** The shell's own values must not decide the outcome: the file has to validate without them. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['BOOTSTRAP_ADMIN_TOKEN', 'PUBLIC_BASE_URL', 'SMTP_URL', 'LOG_LEVEL', 'APP_ROLE', 'TRACKER_APP_PASSWORD', 'SEAL_SIGNING_KEY', 'AUDIT_WITNESS_URLS', 'AUDIT_WITNESS_SECRET']) {
    delete env[name];
  }
  for (const name of Object.keys(env)) if (name.startsWith('COMPOSE_')) delete env[name];
  return env;
}

function compose(args: string[], input?: string): string {
  try {
    return execFileSync('docker-compose', args, { cwd: root, env: cleanEnv(), encoding: 'utf8', input, stdio: 'pipe' });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new Error('docker-compose is not installed: apt-get install docker-compose (.ci/run does it)');
    }
    throw new Error(`docker-compose ${args.join(' ')} failed:\n${failure.stderr ?? failure.message}`);
  }
}

/**
 * The resolved configuration as data. Compose v2 prints JSON itself; Debian's v1 client only prints
 * YAML, so that is read with the PyYAML its own interpreter already depends on (no new npm package).
 */
function resolvedConfig(): ComposeConfig {
  try {
    return JSON.parse(compose(['config', '--format', 'json'])) as ComposeConfig;
  } catch {
    const yaml = compose(['config']);
    const script = execFileSync('sh', ['-c', 'command -v docker-compose'], { encoding: 'utf8' }).trim();
    const shebang = readFileSync(script, 'utf8').split('\n', 1)[0];
    const python = shebang.startsWith('#!') ? shebang.slice(2).trim().split(/\s+/) : ['python3'];
    const json = execFileSync(
      python[0],
      [...python.slice(1), '-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
      { input: yaml, encoding: 'utf8' },
    );
    return JSON.parse(json) as ComposeConfig;
  }
}

function commandLine(command: string | string[] | undefined): string {
  return Array.isArray(command) ? command.join(' ') : (command ?? '');
}

describe('docker-compose.yml', () => {
  let config: ComposeConfig;

  beforeAll(() => {
    config = resolvedConfig();
  });

  it('validates without BOOTSTRAP_ADMIN_TOKEN or any other variable set', () => {
    expect(() => compose(['config', '-q'])).not.toThrow();
  });

  it('has no obsolete version key', () => {
    expect(readFileSync(`${root}/docker-compose.yml`, 'utf8')).not.toMatch(/^version\s*:/m);
  });

  it('runs PostgreSQL 17 with a healthcheck and a named volume', () => {
    const postgres = config.services.postgres;
    expect(postgres.image).toMatch(/^postgres:17(\b|$)/);
    expect(postgres.environment).toMatchObject({ POSTGRES_USER: 'tracker', POSTGRES_PASSWORD: 'tracker', POSTGRES_DB: 'tracker' });
    expect(commandLine(postgres.healthcheck?.test)).toContain('pg_isready');
    expect(Object.keys(config.volumes ?? {})).toContain('postgres-data');
  });

  it('runs Redis with append-only persistence and no eviction', () => {
    const redis = config.services.redis;
    expect(redis.image).toMatch(/^redis:7(\b|$)/);
    const command = commandLine(redis.command);
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--appendfsync everysec');
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(commandLine(redis.healthcheck?.test)).toContain('redis-cli ping');
  });

  it('starts the app only once PostgreSQL and Redis are healthy', () => {
    const app = config.services.app;
    expect(app.build).toBeDefined();
    expect(app.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(app.depends_on?.redis?.condition).toBe('service_healthy');
    expect(app.environment).toMatchObject({
      DATABASE_URL: 'postgres://tracker_app:tracker_app@postgres:5432/tracker',
      DATABASE_MIGRATION_URL: 'postgres://tracker:tracker@postgres:5432/tracker',
      REDIS_URL: 'redis://redis:6379',
    });
    expect(commandLine(app.healthcheck?.test)).toContain('/health');
    expect(app.restart).toBe('unless-stopped');
    expect(JSON.stringify(app.ports)).toContain('3000');
  });

  it('runs the app and the workers as a role that owns nothing, created by an init script; the owner migrates', () => {
    const postgres = config.services.postgres as ComposeService & { volumes?: (string | { source?: string; target?: string })[] };
    const init = (postgres.volumes ?? []).map((volume) => (typeof volume === 'string' ? volume : `${volume.source}:${volume.target}`)).find((volume) => volume.includes('docker-entrypoint-initdb.d'));
    expect(init).toBeDefined();
    const script = readFileSync(`${root}/deploy/postgres/create-service-role.sh`, 'utf8');
    expect(script).toMatch(/CREATE ROLE tracker_app LOGIN NOSUPERUSER/);
    expect(postgres.environment?.TRACKER_APP_PASSWORD).toBe('tracker_app');
    for (const name of ['app', 'worker']) {
      const environment = config.services[name].environment ?? {};
      expect(new URL(environment.DATABASE_URL!).username).toBe('tracker_app');
      expect(new URL(environment.DATABASE_MIGRATION_URL!).username).toBe(postgres.environment?.POSTGRES_USER);
    }
  });

  it('offers a worker with ROLE=worker only under the workers profile', () => {
    const worker = config.services.worker;
    expect(worker.profiles).toEqual(['workers']);
    expect(worker.environment?.ROLE).toBe('worker');
    expect(worker.depends_on?.postgres?.condition).toBe('service_healthy');
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(`${root}/Dockerfile`, 'utf8');

  it('builds in one stage and runs in another', () => {
    expect(dockerfile.match(/^FROM\s/gim)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    expect(dockerfile).toContain('npm prune --omit=dev');
  });

  it('runs as node, checks /health and starts the compiled entry', () => {
    const runtime = dockerfile.slice(dockerfile.search(/^FROM\s(?![\s\S]*^FROM\s)/m));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK\s[\s\S]*\/health/m);
    expect(runtime).toContain('ENV NODE_ENV=production');
    expect(runtime).toContain('CMD ["node", "dist/src/main.js"]');
  });
});
