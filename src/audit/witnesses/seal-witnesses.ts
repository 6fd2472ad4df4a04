import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { AppConfig } from '../../config/config.js';
import { ADVISORY_LOCKS } from '../../database/advisory-locks.js';
import { readSealsAfter } from '../../event-store/integrity/log-integrity.js';
import { PermanentDeliveryError } from '../../channels/channel.errors.js';
import { WebhookChannel } from '../../channels/webhook/webhook.channel.js';
import { sealWebhookId, sealWebhookPayload } from './seal-webhook.js';

/** How often new seals are looked for; seals come at most once a minute. */
export const WITNESS_POLL_MS = 2_000;
const SEALS_PER_READ = 100;
const MAX_BACKOFF_MS = 5 * 60_000;

/** A witness is known by a digest of its URL: the URL may carry a token, the database need not keep it. */
export function witnessId(url: string): string {
  return createHash('sha256').update(url).digest('hex');
}

/**
 * Sends every seal, in order, to each witness in AUDIT_WITNESS_URLS as a signed webhook. Each
 * witness has a cursor in PostgreSQL (the last seal it acknowledged with a 2xx), moved only after
 * that answer: a witness that was down gets what it missed, in order, once it answers again.
 */
@Injectable()
export class SealWitnesses implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SealWitnesses.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly pool: Pool,
    private readonly config: AppConfig,
    private readonly webhooks: WebhookChannel,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers || this.config.auditWitnessUrls.length === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.deliverPending()
        .catch((error: unknown) => this.logger.error(`Seal delivery to witnesses failed: ${(error as Error).message}`))
        .finally(() => (this.running = undefined));
    }, WITNESS_POLL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round: each witness that is due gets the seals after its cursor until it fails or has them all. */
  async deliverPending(): Promise<void> {
    const client = await this.pool.connect();
    try {
      const locked = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1, $2) AS locked`, [...ADVISORY_LOCKS.sealWitnesses]);
      if (!locked.rows[0].locked) return;
      try {
        for (const url of this.config.auditWitnessUrls) await this.deliverTo(client, url);
      } finally {
        await client.query(`SELECT pg_advisory_unlock($1, $2)`, [...ADVISORY_LOCKS.sealWitnesses]);
      }
    } finally {
      client.release();
    }
  }

  private async deliverTo(client: PoolClient, url: string): Promise<void> {
    const id = witnessId(url);
    await client.query(`INSERT INTO seal_witness_cursors (witness_id) VALUES ($1) ON CONFLICT (witness_id) DO NOTHING`, [id]);
    const cursor = await client.query<{ last_seal_number: string; failures: number }>(
      `SELECT last_seal_number, failures FROM seal_witness_cursors WHERE witness_id = $1 AND next_attempt_at <= now()`,
      [id],
    );
    if (cursor.rows.length === 0) return;
    let delivered = Number(cursor.rows[0].last_seal_number);
    const failures = cursor.rows[0].failures;
    for (;;) {
      const seals = await readSealsAfter(client, delivered, SEALS_PER_READ);
      for (const seal of seals) {
        try {
          await this.webhooks.post({ address: url, secret: this.config.auditWitnessSecret }, { id: sealWebhookId(seal), payload: sealWebhookPayload(seal) });
        } catch (error) {
          // A refused target stays refused until the configuration changes: wait the longest.
          const backoffMs = error instanceof PermanentDeliveryError ? MAX_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures);
          await client.query(
            `UPDATE seal_witness_cursors SET failures = failures + 1, last_error = $2, updated_at = now(),
                    next_attempt_at = now() + make_interval(secs => $3)
             WHERE witness_id = $1`,
            [id, (error as Error).message, backoffMs / 1000],
          );
          if (failures === 0) this.logger.warn(`Witness ${new URL(url).host} did not take seal ${seal.sealNumber}: ${(error as Error).message}; retrying`);
          return;
        }
        delivered = seal.sealNumber;
        await client.query(
          `UPDATE seal_witness_cursors SET last_seal_number = $2, failures = 0, last_error = NULL, next_attempt_at = now(), updated_at = now()
           WHERE witness_id = $1`,
          [id, delivered],
        );
      }
      if (seals.length < SEALS_PER_READ) return;
    }
  }
}
