import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from './event-store.js';

export const APPENDED_CHANNEL = 'events_appended';

/**
 * Tells other processes that events were appended: one NOTIFY at a time, coalescing every append
 * that commits meanwhile, sent after the appends and outside their transactions (a notifying
 * transaction holds a cluster-wide lock through its commit).
 */
@Injectable()
export class AppendNotifier implements OnApplicationBootstrap {
  private pending = false;
  private sending = false;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
  ) {}

  onApplicationBootstrap(): void {
    this.store.onAppended(() => void this.notify());
  }

  private async notify(): Promise<void> {
    this.pending = true;
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.pending) {
        this.pending = false;
        // Readers poll as well: a lost notification only delays them until their next poll.
        await this.pool.query(`SELECT pg_notify('${APPENDED_CHANNEL}', '')`).catch(() => undefined);
      }
    } finally {
      this.sending = false;
    }
  }
}
