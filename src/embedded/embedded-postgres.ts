import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { DataDirectoryLock } from './data-directory-lock.js';
import { PasswordGate } from './password-gate.js';
import { createPrivateDirectory, tightenModes } from './private-data-directory.js';
import { ProtocolQueue } from './protocol-queue.js';

/** Schemas on the one embedded session's search path: its multiplexer ignores per-connection options. */
const EMBEDDED_SEARCH_PATH = 'public, bullmq';

/** The password every connection must prove (SCRAM), generated on the first start, readable by DATA_DIR's owner only. */
export const PASSWORD_FILE = 'postgres-password';

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = join(dataDir, PASSWORD_FILE);
  try {
    await writeFile(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readFile(file, 'utf8')).trim();
}

/**
 * PostgreSQL in-process (PGlite, persisted under DATA_DIR) served on a loopback port, so the app
 * reaches it through the same pg/TypeORM path as a real server. DATA_DIR is locked for this process,
 * private to its owner, and the port asks for the password kept there.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: Server,
    private readonly handlers: Set<PGLiteSocketHandler>,
    private readonly lock: DataDirectoryLock,
    /** With the password: for this process's own connections, never for a log. */
    readonly url: string,
    /** Without the password, for the log. */
    readonly address: string,
  ) {}

  /** `holder` names this process in the lock, for the message another process gets (`npm run token`…). */
  static async start(dataDir: string, holder: string): Promise<EmbeddedPostgres> {
    await createPrivateDirectory(dataDir);
    const lock = await DataDirectoryLock.acquire(dataDir, holder);
    let db: PGlite | undefined;
    try {
      const password = await readOrCreatePassword(dataDir);
      db = await PGlite.create(join(dataDir, 'pgdata'));
      // After PGlite's start: it writes some files world-readable whatever the umask.
      await tightenModes(dataDir);
      await db.exec(`SET search_path TO ${EMBEDDED_SEARCH_PATH}`);
      // pglite-socket's connection handler with our queue (see ProtocolQueue for why not its own).
      const queue = new PasswordGate(new ProtocolQueue(db), password) as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]['queryQueue'];
      const handlers = new Set<PGLiteSocketHandler>();
      const server = createServer((socket) => {
        const handler = new PGLiteSocketHandler({ queryQueue: queue, closeOnDetach: true });
        handlers.add(handler);
        const forget = () => handlers.delete(handler);
        handler.addEventListener('close', forget);
        handler.addEventListener('error', forget);
        handler.attach(socket).catch(() => socket.destroy());
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      const { port } = server.address() as { port: number };
      const address = `postgres://postgres@127.0.0.1:${port}/postgres`;
      const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
      return new EmbeddedPostgres(db, server, handlers, lock, url, address);
    } catch (error) {
      // The files stay locked until this process no longer has them open.
      await db?.close().catch(() => undefined);
      await lock.release();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.handlers].map((handler) => handler.detach(true)));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.db.close();
    await this.lock.release();
  }
}
