import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';

export type SignInLinkPurpose = 'sign-in' | 'invitation' | 'first-admin';

/** How long each kind of link lives: a sign-in link 15 minutes, an invitation a week, the first admin's a day. */
export const SIGN_IN_LINK_LIFETIME_MS: Record<SignInLinkPurpose, number> = {
  'sign-in': 15 * 60_000,
  invitation: 7 * 24 * 3_600_000,
  'first-admin': 24 * 3_600_000,
};

export interface ConsumedLink {
  purpose: SignInLinkPurpose;
  personId: string | null;
}

const digestOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Single-use sign-in links: only their digests are stored, so a copy of the database signs no one in. */
@Injectable()
export class SignInLinks {
  constructor(private readonly pool: Pool) {}

  /** A new link's secret, for the e-mail or the console only; `db` puts it in the caller's transaction. */
  async issue(purpose: SignInLinkPurpose, personId: string | null, db: Pool | PoolClient = this.pool): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await db.query(`INSERT INTO sign_in_links (token_digest, purpose, person_id, expires_at) VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')`, [
      digestOf(token),
      purpose,
      personId,
      SIGN_IN_LINK_LIFETIME_MS[purpose],
    ]);
    return token;
  }

  /**
   * Marks the link used and says what it was for; undefined when it is unknown, used, expired or of
   * another purpose than those given (one answer for all), so a link posted to the wrong page stays usable.
   */
  async consume(token: string, purposes: readonly SignInLinkPurpose[] = ['sign-in', 'invitation', 'first-admin']): Promise<ConsumedLink | undefined> {
    const { rows } = await this.pool.query<{ purpose: SignInLinkPurpose; person_id: string | null }>(
      `UPDATE sign_in_links SET used_at = now()
       WHERE token_digest = $1 AND used_at IS NULL AND expires_at > now() AND purpose = ANY($2::text[])
       RETURNING purpose, person_id`,
      [digestOf(token), purposes],
    );
    return rows[0] && { purpose: rows[0].purpose, personId: rows[0].person_id };
  }

  /** Whether a first-admin link is still waiting to be used (a restart prints a new one only when none is). */
  async firstAdminPending(db: Pool | PoolClient = this.pool): Promise<boolean> {
    const { rowCount } = await db.query(`SELECT 1 FROM sign_in_links WHERE purpose = 'first-admin' AND used_at IS NULL AND expires_at > now()`);
    return (rowCount ?? 0) > 0;
  }

  /** Forgets every link of a person: erasure and deactivation leave none that works. */
  async revokeAllOf(personId: string): Promise<void> {
    await this.pool.query(`DELETE FROM sign_in_links WHERE person_id = $1`, [personId]);
  }
}
