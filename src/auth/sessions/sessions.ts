import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { AppConfig } from '../../config/config.js';
import { AccessCache, type SessionAccess } from '../access/access-cache.js';
import { notifyAccessChanged } from '../access/access-changes.js';

/** last_seen_at is written at most this often per session, so reading pages stays free of writes. */
const LAST_SEEN_RESOLUTION_MS = 60_000;
/** How much of a session's digest names it as an actor and in live-stream checks: enough to be unique, not the whole key. */
const SESSION_ID_LENGTH = 24;
const SESSION_ID = /^session-([0-9a-f]{24})$/;

export const sessionDigest = (cookieValue: string) => createHash('sha256').update(cookieValue).digest('hex');

/** The principal's token id of a session: stable for its life, never the cookie or its whole digest. */
export const sessionTokenId = (idDigest: string) => `session-${idDigest.slice(0, SESSION_ID_LENGTH)}`;

/** The digest prefix a session token id names, undefined for an API token's id. */
export const sessionIdPrefixOf = (tokenId: string) => SESSION_ID.exec(tokenId)?.[1];

interface SessionRow {
  person_id: string;
  last_seen_at: Date;
  expires_at: Date;
}

/**
 * Server-side sessions of the web page: the cookie holds 32 random bytes, the table only their
 * digest. A session ends when signed out, unused for SESSION_IDLE_HOURS, or SESSION_MAX_DAYS after it began.
 */
@Injectable()
export class Sessions {
  private readonly idleMs: number;
  private readonly maxMs: number;

  constructor(
    private readonly pool: Pool,
    private readonly cache: AccessCache,
    config: AppConfig,
  ) {
    this.idleMs = config.sessionIdleHours * 3_600_000;
    this.maxMs = config.sessionMaxDays * 86_400_000;
  }

  /** A new session for the person; the value for the cookie, shown to no one else. `db` puts it in the caller's transaction. */
  async start(personId: string, db: Pool | PoolClient = this.pool): Promise<string> {
    const cookieValue = randomBytes(32).toString('base64url');
    await db.query(`INSERT INTO sessions (id_digest, person_id, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')`, [
      sessionDigest(cookieValue),
      personId,
      this.maxMs,
    ]);
    return cookieValue;
  }

  /** The live session the cookie names, undefined when it is unknown, ended, idle too long or too old. */
  async find(cookieValue: string): Promise<SessionAccess | undefined> {
    const idDigest = sessionDigest(cookieValue);
    let session = await this.cache.through('session', idDigest, () => this.read(idDigest));
    if (session && this.idle(session)) {
      // Another instance may have seen it since: only the table can say it idled out.
      this.cache.forget('session', idDigest);
      session = await this.read(idDigest);
    }
    if (!session || session.expiresAt <= Date.now()) return undefined;
    if (Date.now() - session.lastSeenAt > LAST_SEEN_RESOLUTION_MS) {
      session = { ...session, lastSeenAt: Date.now() };
      this.cache.update('session', idDigest, session);
      await this.pool.query(`UPDATE sessions SET last_seen_at = now() WHERE id_digest = $1`, [idDigest]);
    }
    return session;
  }

  /** Ends the session the cookie names (signing out); false when it was not live. */
  async end(cookieValue: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`UPDATE sessions SET ended_at = now() WHERE id_digest = $1 AND ended_at IS NULL`, [sessionDigest(cookieValue)]);
    await notifyAccessChanged(this.pool);
    return (rowCount ?? 0) > 0;
  }

  /** Ends every session of a person (signing out everywhere, deactivation); how many were live. */
  async endAllOf(personId: string, db: Pool | PoolClient = this.pool): Promise<number> {
    const { rowCount } = await db.query(`UPDATE sessions SET ended_at = now() WHERE person_id = $1 AND ended_at IS NULL`, [personId]);
    await notifyAccessChanged(db);
    return rowCount ?? 0;
  }

  private idle(session: SessionAccess): boolean {
    return Date.now() - session.lastSeenAt > this.idleMs;
  }

  private async read(idDigest: string): Promise<SessionAccess | undefined> {
    const { rows } = await this.pool.query<SessionRow>(
      `SELECT person_id, last_seen_at, expires_at FROM sessions
       WHERE id_digest = $1 AND ended_at IS NULL AND expires_at > now() AND last_seen_at > now() - $2 * interval '1 millisecond'`,
      [idDigest, this.idleMs],
    );
    const row = rows[0];
    return row && { idDigest, personId: row.person_id, lastSeenAt: row.last_seen_at.getTime(), expiresAt: row.expires_at.getTime() };
  }
}
