import { unlinkSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What `npm start` writes in the lock; a command line writes its own name (`npm run token`…). */
export const SERVICE_HOLDER = 'the service';

const LOCK_FILE = 'lock';

interface LockOwner {
  pid: number;
  holder: string;
}

/** Another live process has the embedded database open: PGlite is one process's, so this one must not start. */
export class DataDirectoryInUse extends Error {
  readonly code = 'DATA_DIR_IN_USE';

  constructor(dataDir: string, owner: LockOwner) {
    super(
      owner.holder === SERVICE_HOLDER
        ? `The service is running on DATA_DIR ${dataDir} (pid ${owner.pid}): stop it first, or use the API`
        : `DATA_DIR ${dataDir} is in use by ${owner.holder} (pid ${owner.pid}): wait for it to finish`,
    );
    this.name = 'DataDirectoryInUse';
  }
}

/** Directories this process holds: its own pid in a lock is stale only when it is not one of them. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  // Signal 0 to pid 0 would test this process group, not an owner.
  if (pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid is alive, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) ? owner : { pid: 0, holder: 'an unknown process' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Garbage can only come from a crash or a hand: nobody holds it.
    return { pid: 0, holder: 'an unknown process' };
  }
}

/**
 * An exclusive claim on DATA_DIR: a `lock` file with the owner's pid, created whole by link(2), which
 * fails when the file exists; a lock whose pid is dead is taken over, so a killed process blocks nothing.
 */
export class DataDirectoryLock {
  private readonly releaseAtExit = () => this.releaseSync();

  private constructor(private readonly file: string) {
    process.once('exit', this.releaseAtExit);
  }

  static async acquire(dataDir: string, holder: string): Promise<DataDirectoryLock> {
    const file = join(dataDir, LOCK_FILE);
    if (heldHere.has(file)) throw new DataDirectoryInUse(dataDir, { pid: process.pid, holder });
    const claim = `${file}.${process.pid}`;
    await writeFile(claim, JSON.stringify({ pid: process.pid, holder } satisfies LockOwner), { mode: 0o600 });
    try {
      for (;;) {
        try {
          await link(claim, file);
          heldHere.add(file);
          return new DataDirectoryLock(file);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const owner = await readOwner(file);
        if (owner === undefined) continue;
        if (isAlive(owner.pid)) throw new DataDirectoryInUse(dataDir, owner);
        await DataDirectoryLock.removeStale(file, owner);
      }
    } finally {
      await unlink(claim);
    }
  }

  /** Moves the dead owner's lock aside; a fresh lock moved by mistake (a race with another taker) is put back. */
  private static async removeStale(file: string, stale: LockOwner): Promise<void> {
    const aside = `${file}.stale.${process.pid}`;
    try {
      await rename(file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const moved = await readOwner(aside);
    if (moved !== undefined && moved.pid !== stale.pid) await link(aside, file).catch(() => undefined);
    await unlink(aside);
  }

  async release(): Promise<void> {
    process.off('exit', this.releaseAtExit);
    heldHere.delete(this.file);
    await unlink(this.file).catch(() => undefined);
  }

  private releaseSync(): void {
    heldHere.delete(this.file);
    try {
      unlinkSync(this.file);
    } catch {
      // Already gone: nothing to release.
    }
  }
}
