import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { normalizeAddress } from '../../privacy/personal-data-vault.js';

/** Sign-in e-mails per address, and per client, within one window. */
export const SIGN_IN_REQUEST_LIMITS = { perAddress: 5, perClient: 30, windowMs: 15 * 60_000 } as const;

const SWEEP_SHARE = 0.01;
const digest = (value: string) => createHash('sha256').update(`sign-in:${value}`).digest('hex');

/**
 * Counts requests for sign-in e-mails in PostgreSQL, so every instance shares one count: an address
 * cannot be flooded with e-mails, nor a client try addresses without end. Addresses and client addresses are kept as digests.
 */
@Injectable()
export class SignInRequests {
  constructor(private readonly pool: Pool) {}

  /** Counts one request; the seconds to wait when the address or the client is over its limit, else undefined. */
  async admit(address: string, client: string): Promise<number | undefined> {
    const addressKey = `address:${digest(normalizeAddress(address))}`;
    const { rows } = await this.pool.query<{ key: string; count: number; retry_after: number }>(
      `INSERT INTO sign_in_requests AS r (key, window_started_at, count)
       SELECT key, now(), 1 FROM unnest($1::text[]) AS key
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN r.window_started_at <= now() - $2 * interval '1 millisecond' THEN 1 ELSE r.count + 1 END,
         window_started_at = CASE WHEN r.window_started_at <= now() - $2 * interval '1 millisecond' THEN now() ELSE r.window_started_at END
       RETURNING key, count, ceil(extract(epoch FROM window_started_at + $2 * interval '1 millisecond' - now()))::int AS retry_after`,
      [[addressKey, `client:${digest(client)}`], SIGN_IN_REQUEST_LIMITS.windowMs],
    );
    const over = rows.filter((row) => row.count > (row.key === addressKey ? SIGN_IN_REQUEST_LIMITS.perAddress : SIGN_IN_REQUEST_LIMITS.perClient));
    // Now and then, not on every request: windows a day old are swept, so no digest lingers.
    if (Math.random() < SWEEP_SHARE) await this.pool.query(`DELETE FROM sign_in_requests WHERE window_started_at < now() - interval '1 day'`);
    return over.length ? Math.max(1, ...over.map((row) => row.retry_after)) : undefined;
  }
}
