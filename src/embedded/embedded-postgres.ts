import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { ProtocolQueue } from './protocol-queue.js';

/** Schemas on the one embedded session's search path: its multiplexer ignores per-connection options. */
const EMBEDDED_SEARCH_PATH = 'public, bullmq';

/**
 * PostgreSQL in-process (PGlite, persisted under DATA_DIR) served on a loopback port, so the app
 * reaches it through the same pg/TypeORM path as a real server.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: Server,
    private readonly handlers: Set<PGLiteSocketHandler>,
    readonly url: string,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const directory = join(dataDir, 'pgdata');
    await mkdir(directory, { recursive: true });
    const db = await PGlite.create(directory);
    await db.exec(`SET search_path TO ${EMBEDDED_SEARCH_PATH}`);
    // pglite-socket's connection handler with our queue (see ProtocolQueue for why not its own).
    const queue = new ProtocolQueue(db) as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]['queryQueue'];
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
    return new EmbeddedPostgres(db, server, handlers, `postgres://postgres@127.0.0.1:${port}/postgres`);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.handlers].map((handler) => handler.detach(true)));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.db.close();
  }
}
