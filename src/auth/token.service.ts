import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { IsNull, type Repository } from 'typeorm';
import { HORIZON } from '../event-store/event-rows.js';
import { AccessCache, type TokenAccess } from './access/access-cache.js';
import { notifyAccessChanged } from './access/access-changes.js';
import { ApiToken } from './api-token.entity.js';
import type { Role } from './roles.js';
import { sessionIdPrefixOf } from './sessions/sessions.js';

const TOKEN_PREFIX = 'trt_';
/** last_used_at is written at most this often per token, to keep reads free of writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A person's token as the write side records it: its row is written in the transaction of its event. */
export interface OwnedToken {
  id: string;
  name: string;
  role: Role;
  personId: string;
  /** The token id of whoever made it. */
  createdBy: string;
}

const newTokenSecret = () => `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

export interface TokenSummary {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Which tokens were live at one snapshot of the database, and what that snapshot had seen committed. */
export interface LiveTokens {
  live: Set<string>;
  /**
   * Every transaction below this id had ended when the tokens were read: its events committed
   * before any revocation the read did not see.
   */
  seenBelow: bigint;
}

@Injectable()
export class TokenService {
  constructor(
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    /** Absent in the command line, which answers no requests. */
    @Optional() private readonly cache?: AccessCache,
  ) {}

  /** A new random token; the caller shows it once. */
  async create(name: string, role: Role, createdBy?: string, token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`) {
    const id = randomUUID();
    await this.tokens.insert({ id, name, role, tokenHash: hashToken(token), createdBy: createdBy ?? null });
    return { id, token };
  }

  /** Writes a person's token on the connection of the transaction that records ApiTokenCreated; returns its secret, to show once. */
  async insertOwned(db: PoolClient, token: OwnedToken): Promise<string> {
    const secret = newTokenSecret();
    await db.query(`INSERT INTO api_tokens (id, name, role, token_hash, created_by, person_id) VALUES ($1, $2, $3, $4, $5, $6)`, [
      token.id,
      token.name,
      token.role,
      hashToken(secret),
      token.createdBy,
      token.personId,
    ]);
    return secret;
  }

  /** Revokes a person's token on the connection of the transaction that records ApiTokenRevoked. */
  async revokeOwned(db: PoolClient, personId: string, tokenId: string): Promise<void> {
    await db.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL`, [tokenId, personId]);
  }

  /** Revokes every live token of a person, on the connection of the transaction that records their deactivation. */
  async revokeEveryOwnedBy(db: PoolClient, personId: string): Promise<void> {
    await db.query(`UPDATE api_tokens SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL`, [personId]);
  }

  /** A person's tokens, oldest first, without secrets. */
  async listOwnedBy(personId: string): Promise<TokenSummary[]> {
    return summaries(await this.tokens.find({ where: { personId }, order: { createdAt: 'ASC' } }));
  }

  async list(): Promise<TokenSummary[]> {
    return summaries(await this.tokens.find({ order: { createdAt: 'ASC' } }));
  }

  /** True when a live token was revoked; false when there was none to revoke. */
  async revoke(id: string): Promise<boolean> {
    const result = await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    await notifyAccessChanged(this.tokens);
    return (result.affected ?? 0) > 0;
  }

  async exists(token: string): Promise<boolean> {
    return (await this.tokens.countBy({ tokenHash: hashToken(token) })) > 0;
  }

  async countLive(): Promise<number> {
    return this.tokens.countBy({ revokedAt: IsNull() });
  }

  /** Which of these tokens and sessions are still live, read in one statement (one snapshot) for all of them. */
  async liveAmong(tokenIds: string[]): Promise<LiveTokens> {
    const sessions = tokenIds.map(sessionIdPrefixOf).filter((prefix) => prefix !== undefined);
    const [row] = await this.tokens.query<[{ seen_below: string; live: string[] }]>(
      `SELECT ${HORIZON}::text AS seen_below,
              array(SELECT id::text FROM api_tokens WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL)
              || array(SELECT 'session-' || left(id_digest, 24) FROM sessions
                       WHERE left(id_digest, 24) = ANY($2::text[]) AND ended_at IS NULL AND expires_at > now()) AS live`,
      [tokenIds.filter((id) => sessionIdPrefixOf(id) === undefined), sessions],
    );
    return { live: new Set(row.live), seenBelow: BigInt(row.seen_below) };
  }

  /** The live token, from this instance's cache once it was read; last_used_at is written at most once a minute. */
  async authenticate(token: string): Promise<TokenAccess | undefined> {
    const digest = hashToken(token);
    const read = async (): Promise<TokenAccess | undefined> => {
      const row = await this.tokens.findOneBy({ tokenHash: digest, revokedAt: IsNull() });
      return row ? { tokenId: row.id, name: row.name, role: row.role, personId: row.personId, lastUsedAt: row.lastUsedAt?.getTime() ?? null } : undefined;
    };
    const access = this.cache ? await this.cache.through('token', digest, read) : await read();
    if (!access) return undefined;
    if (access.lastUsedAt === null || Date.now() - access.lastUsedAt > LAST_USED_RESOLUTION_MS) {
      this.cache?.update('token', digest, { ...access, lastUsedAt: Date.now() });
      await this.tokens.update({ id: access.tokenId }, { lastUsedAt: new Date() });
    }
    return access;
  }
}

function summaries(rows: ApiToken[]): TokenSummary[] {
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}
