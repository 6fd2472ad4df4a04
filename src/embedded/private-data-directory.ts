import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const PRIVATE_DIRECTORY = 0o700;
const PRIVATE_FILE = 0o600;

/** Creates DATA_DIR for its owner only, and makes every file this process creates from now on private. */
export async function createPrivateDirectory(dataDir: string): Promise<void> {
  // PGlite, the outbox and the key files all inherit it; PGlite still chmods some files 0666 itself.
  process.umask(0o077);
  await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIRECTORY });
  await chmod(dataDir, PRIVATE_DIRECTORY);
}

/** Directories 0700 and files 0600 under dataDir, whatever an older version or PGlite left; links are not followed. */
export async function tightenModes(directory: string): Promise<void> {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      await tightenMode(path, PRIVATE_DIRECTORY);
      await tightenModes(path);
    } else if (entry.isFile()) {
      await tightenMode(path, PRIVATE_FILE);
    }
  }
}

async function tightenMode(path: string, mode: number): Promise<void> {
  try {
    if (((await lstat(path)).mode & 0o777) !== mode) await chmod(path, mode);
  } catch (error) {
    // PostgreSQL may remove a temporary file while we walk: nothing left to protect.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
