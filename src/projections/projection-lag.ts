import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';

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
  constructor(private readonly pool: Pool) {}

  async read(): Promise<ProjectionLag[]> {
    const result = await this.pool.query<{
      name: string;
      last_position: string;
      head: string | null;
      oldest_pending: Date | null;
      failed_position: string | null;
      failure: string | null;
      failed_at: Date | null;
    }>(
      `SELECT c.name, c.last_position, c.failed_position, c.failure, c.failed_at,
              (SELECT max(position) FROM events) AS head,
              (SELECT e.recorded_at FROM events e
                WHERE (e.transaction_id, e.position) > (c.last_transaction_id, c.last_position)
                ORDER BY e.transaction_id, e.position LIMIT 1) AS oldest_pending
       FROM projection_checkpoints c ORDER BY c.name`,
    );
    const now = Date.now();
    return result.rows.map((row) => ({
      name: row.name,
      position: Number(row.last_position),
      positionsBehind: Math.max(0, Number(row.head ?? 0) - Number(row.last_position)),
      secondsBehind: row.oldest_pending ? Math.max(0, (now - row.oldest_pending.getTime()) / 1000) : 0,
      ...(row.failure !== null && {
        failure: { position: Number(row.failed_position), message: row.failure, since: row.failed_at!.toISOString() },
      }),
    }));
  }
}
