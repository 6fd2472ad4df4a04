import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Pool } from 'pg';

/** How long a sign-in at the provider may take, from the button to the return. */
export const OIDC_ATTEMPT_LIFETIME_MS = 10 * 60_000;

export interface OidcAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The page of the tracker to land on once signed in. */
  returnTo: string;
}

const digestOf = (cookieValue: string) => createHash('sha256').update(cookieValue).digest('hex');

/**
 * Sign-ins under way, kept server-side and named by a cookie of the browser that began them: any
 * instance can finish one, each is used once (a replayed return finds nothing), and the code
 * verifier never leaves the server.
 */
@Injectable()
export class OidcAttempts {
  constructor(private readonly pool: Pool) {}

  /** Keeps the attempt for ten minutes; the value for the browser's cookie. */
  async begin(attempt: OidcAttempt): Promise<string> {
    const cookieValue = randomBytes(32).toString('base64url');
    // Abandoned attempts are cleared by the next one: the table stays as small as the sign-ins of ten minutes.
    await this.pool.query(`DELETE FROM oidc_attempts WHERE expires_at <= now()`);
    await this.pool.query(
      `INSERT INTO oidc_attempts (id_digest, state, nonce, code_verifier, return_to, expires_at) VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond')`,
      [digestOf(cookieValue), attempt.state, attempt.nonce, attempt.codeVerifier, attempt.returnTo, OIDC_ATTEMPT_LIFETIME_MS],
    );
    return cookieValue;
  }

  /** The attempt the cookie names, removed as it is read; undefined when unknown, used or expired. */
  async take(cookieValue: string): Promise<OidcAttempt | undefined> {
    const { rows } = await this.pool.query<{ state: string; nonce: string; code_verifier: string; return_to: string; live: boolean }>(
      `DELETE FROM oidc_attempts WHERE id_digest = $1 RETURNING state, nonce, code_verifier, return_to, expires_at > now() AS live`,
      [digestOf(cookieValue)],
    );
    const row = rows[0];
    return row?.live ? { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to } : undefined;
  }
}
