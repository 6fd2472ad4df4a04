import { Injectable } from '@nestjs/common';
import type { Projection } from './projection.js';

/**
 * The projections of this process. Each feature module adds its own when it loads (onModuleInit),
 * so the runner and the rebuild command know every projection without importing any feature.
 */
@Injectable()
export class ProjectionRegistry {
  private readonly registered: Projection[] = [];

  register(projection: Projection): void {
    // Two projections of one name would share, and corrupt, one checkpoint.
    if (this.registered.some((p) => p.name === projection.name)) throw new Error(`Two projections are named ${projection.name}`);
    this.registered.push(projection);
  }

  /** Every registered projection, in the order their modules initialised: each runs on its own, so nothing depends on it. */
  all(): readonly Projection[] {
    return this.registered;
  }
}
