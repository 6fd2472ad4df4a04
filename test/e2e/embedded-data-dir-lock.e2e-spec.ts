import { execFile } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startService, type ServiceProcess } from '../support/service-process.js';

const run = promisify(execFile);

/** A built command line on the embedded database under dataDir; resolves with its exit code and output. */
async function cli(dataDir: string, script: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'REDIS_URL', 'DATA_DIR'].includes(key)));
  return run(process.execPath, [`dist/src/cli/${script}.js`, ...args], { env: { ...env, DATA_DIR: dataDir } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

async function startEmbedded(dataDir: string): Promise<ServiceProcess> {
  const service = await startService({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  await service.healthy();
  return service;
}

// Each test starts embedded PostgreSQL up to six times (service, command lines): minutes on a busy machine, not a limit to assert.
const EMBEDDED_STARTS = 180_000;

const exists = (path: string) => access(path).then(() => true, () => false);

describe('one process at a time on an embedded DATA_DIR', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'trt-lock-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses the command lines and a second start while the service runs, writing nothing; after the stop they work', async () => {
    const service = await startEmbedded(dataDir);
    let created: Awaited<ReturnType<typeof cli>>;
    try {
      const refusal = `The service is running on DATA_DIR ${dataDir} (pid ${service.child.pid}): stop it first, or use the API`;

      created = await cli(dataDir, 'token', 'create', '--role', 'editor', '--name', 'written while running');
      expect(created).toEqual({ code: 1, stdout: '', stderr: `${refusal}\n` });
      expect(await cli(dataDir, 'seed')).toEqual({ code: 1, stdout: '', stderr: `${refusal}\n` });

      const second = await startService({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
      expect(await second.exited).toBe(1);
      expect(second.output().trim()).toBe(refusal);
    } finally {
      expect(await service.stop('SIGTERM')).toBe(0);
    }
    expect(await exists(join(dataDir, 'lock'))).toBe(false);

    const listed = await cli(dataDir, 'token', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('first admin');
    expect(listed.stdout).not.toContain('written while running');
    created = await cli(dataDir, 'token', 'create', '--role', 'editor', '--name', 'written after the stop');
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining('Created editor token') });
  }, EMBEDDED_STARTS);

  it('takes over the lock of a service that was killed', async () => {
    const killed = await startEmbedded(dataDir);
    await killed.stop('SIGKILL');
    expect(await exists(join(dataDir, 'lock'))).toBe(true);

    expect(await cli(dataDir, 'token', 'list')).toMatchObject({ code: 0, stdout: expect.stringContaining('first admin') });
    const restarted = await startEmbedded(dataDir);
    await restarted.stop('SIGTERM');
  }, EMBEDDED_STARTS);
});
