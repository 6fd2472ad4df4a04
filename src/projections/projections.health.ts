import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ProjectionLagReader } from './projection-lag.js';

/** Each projection's lag; a projection stopped on an event it cannot apply makes the service unhealthy. */
@Injectable()
export class ProjectionsHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly lag: ProjectionLagReader,
  ) {}

  async check(key: string) {
    const projections = await this.lag.read();
    const details = Object.fromEntries(projections.map(({ name, ...rest }) => [name, rest]));
    const session = this.indicator.check(key);
    return projections.some((p) => p.failure) ? session.down(details) : session.up(details);
  }
}
