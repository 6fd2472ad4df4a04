import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { IsNull, type Repository } from 'typeorm';
import { HORIZON } from '../event-store/event-rows.js';
import { ApiToken } from './api-token.entity.js';
import type { Principal, Role } from './roles.js';

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
  constructor(@InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>) {}

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
    const rows = await this.tokens.find({ order: { createdAt: 'ASC' } });
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

  /** True when a live token was revoked; false when there was none to revoke. */
  async revoke(id: string): Promise<boolean> {
    const result = await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  async exists(token: string): Promise<boolean> {
    return (await this.tokens.countBy({ tokenHash: hashToken(token) })) > 0;
  }

  async countLive(): Promise<number> {
    return this.tokens.countBy({ revokedAt: IsNull() });
  }

  /** Which of these tokens are still live, read in one statement (one snapshot) for all of them. */
  async liveAmong(tokenIds: string[]): Promise<LiveTokens> {
    const [row] = await this.tokens.query<[{ seen_below: string; live: string[] }]>(
      `SELECT ${HORIZON}::text AS seen_below,
              array(SELECT id::text FROM api_tokens WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL) AS live`,
      [tokenIds],
    );
    return { live: new Set(row.live), seenBelow: BigInt(row.seen_below) };
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    const row = await this.tokens.findOneBy({ tokenHash: hashToken(token), revokedAt: IsNull() });
    if (!row) return undefined;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.tokens.update({ id: row.id }, { lastUsedAt: new Date() });
    }
    return { tokenId: row.id, name: row.name, role: row.role, ...(row.personId && { personId: row.personId }) };
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
