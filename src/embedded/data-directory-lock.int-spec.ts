import { spawn } from 'node:child_process';
import { access, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryInUse, DataDirectoryLock, SERVICE_HOLDER } from './data-directory-lock.js';

const owner = (pid: number, holder = SERVICE_HOLDER) => JSON.stringify({ pid, holder });

describe('the DATA_DIR lock', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'trt-lock-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("writes the owner's pid, privately, and removes it on release", async () => {
    const lock = await DataDirectoryLock.acquire(dataDir, 'npm run seed');
    const file = join(dataDir, 'lock');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ pid: process.pid, holder: 'npm run seed' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await lock.release();
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('refuses while a live process holds it, naming that process', async () => {
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      await writeFile(join(dataDir, 'lock'), owner(alive.pid!));
      await expect(DataDirectoryLock.acquire(dataDir, 'npm run token')).rejects.toThrow(
        new DataDirectoryInUse(dataDir, { pid: alive.pid!, holder: SERVICE_HOLDER }),
      );
      expect(await readFile(join(dataDir, 'lock'), 'utf8')).toBe(owner(alive.pid!));
    } finally {
      alive.kill('SIGKILL');
    }
  });

  it.each([
    ['a dead pid', async () => {
      const dead = spawn(process.execPath, ['-e', '']);
      await new Promise((resolve) => dead.once('exit', resolve));
      return owner(dead.pid!);
    }],
    // A container restarted by its runtime runs the service as the same pid (often 1) again.
    ['this pid, from an earlier life of the process', async () => owner(process.pid)],
    ['a half-written file', async () => '{"pi'],
  ])('takes over a lock left with %s', async (_, leftOver) => {
    await writeFile(join(dataDir, 'lock'), await leftOver());
    const lock = await DataDirectoryLock.acquire(dataDir, SERVICE_HOLDER);
    expect(JSON.parse(await readFile(join(dataDir, 'lock'), 'utf8'))).toEqual({ pid: process.pid, holder: SERVICE_HOLDER });
    await lock.release();
  });

  it('refuses a second claim from the same process while the first holds it', async () => {
    const lock = await DataDirectoryLock.acquire(dataDir, SERVICE_HOLDER);
    await expect(DataDirectoryLock.acquire(dataDir, SERVICE_HOLDER)).rejects.toBeInstanceOf(DataDirectoryInUse);
    await lock.release();
    await expect(access(join(dataDir, 'lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
