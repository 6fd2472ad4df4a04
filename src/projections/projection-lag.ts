import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from '../event-store/event-store.js';

export interface ProjectionLag {
  name: string;
  position: number;
  positionsBehind: number;
  /** Age of the oldest event not applied yet; 0 when caught up. */
  secondsBehind: number;
  failure?: { position: number; message: string; since: string };
}

/** How far each projection is behind the log, read from the database so every instance agrees. */
@Injectable()
export class ProjectionLagReader {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
  ) {}

  async read(): Promise<ProjectionLag[]> {
    const checkpoints = await this.pool.query<{
      name: string;
      last_position: string;
      last_transaction_id: string;
      failed_position: string | null;
      failure: string | null;
      failed_at: Date | null;
    }>(
      `SELECT name, last_position, last_transaction_id::text AS last_transaction_id, failed_position, failure, failed_at
       FROM projection_checkpoints ORDER BY name`,
    );
    const { head, firstPendingAt } = await this.store.lagBehind(
      checkpoints.rows.map((row) => ({ transactionId: row.last_transaction_id, position: Number(row.last_position) })),
    );
    const now = Date.now();
    return checkpoints.rows.map((row, i) => ({
      name: row.name,
      position: Number(row.last_position),
      positionsBehind: Math.max(0, head - Number(row.last_position)),
      secondsBehind: firstPendingAt[i] ? Math.max(0, (now - firstPendingAt[i].getTime()) / 1000) : 0,
      ...(row.failure !== null && {
        failure: { position: Number(row.failed_position), message: row.failure, since: row.failed_at!.toISOString() },
      }),
    }));
  }
}
