import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Schemas on the one embedded session's search path: its multiplexer ignores per-connection options. */
const EMBEDDED_SEARCH_PATH = 'public, bullmq';

/**
 * PostgreSQL in-process (PGlite, persisted under DATA_DIR) served on a loopback port, so the app
 * reaches it through the same pg/TypeORM path as a real server.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const directory = join(dataDir, 'pgdata');
    await mkdir(directory, { recursive: true });
    const db = await PGlite.create(directory);
    await db.exec(`SET search_path TO ${EMBEDDED_SEARCH_PATH}`);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 32 });
    await server.start();
    const address = server.getServerConn();
    return new EmbeddedPostgres(db, server, `postgres://postgres@${address}/postgres`);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
