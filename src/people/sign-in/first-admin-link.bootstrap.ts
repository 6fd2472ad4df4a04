import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '../../config/config.js';
import { ADVISORY_LOCKS } from '../../database/advisory-locks.js';
import { EventStore } from '../../event-store/event-store.js';
import { SignInLinks } from '../sign-in-links.js';
import { signInPageUrl } from './link-mail.js';

const START_OF_LOG = { transactionId: '0', position: 0 };

/**
 * While the tracker has no person, a start prints a one-time link for the first admin (24 hours),
 * unless one is still waiting. Under a lock: instances starting together print one link between them.
 */
@Injectable()
export class FirstAdminLinkBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly links: SignInLinks,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const client = await this.pool.connect();
    let token: string | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...ADVISORY_LOCKS.firstAdminLink]);
      const { events } = await this.store.readPageAfter(START_OF_LOG, 1, ['PersonInvited'], client);
      if (events.length === 0 && !(await this.links.firstAdminPending(client))) token = await this.links.issue('first-admin', null, client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    // Printed once, on purpose: with the admin token, the only way in on a fresh install.
    if (token) console.log(`\nFirst admin's sign-in link (shown once, valid 24 hours):\n\n  ${signInPageUrl(this.config.publicBaseUrl, 'first-admin', token)}\n`);
  }
}
