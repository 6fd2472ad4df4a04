import { Controller, Get } from '@nestjs/common';
import { Access } from '../auth/access.decorator.js';
import { QueueHealthIndicator } from '../reminders/queue/queue.health.js';
import { ProjectionsHealthIndicator } from '../projections/projections.health.js';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

@Access('public')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly projections: ProjectionsHealthIndicator,
    private readonly queue: QueueHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 3000 }),
      () => this.projections.check('projections'),
      () => this.queue.check('queue'),
    ]);
  }
}
