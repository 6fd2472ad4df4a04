import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/** What operators watch: /health asks each feature's own indicator, /metrics exports this process's figures. */
@Module({})
export class OperationsModule {
  /** `features`: the modules (as the app imports them) that export the indicators /health asks. */
  static askingHealthOf(...features: DynamicModule[]): DynamicModule {
    return {
      module: OperationsModule,
      imports: [TerminusModule, ...features],
      controllers: [HealthController, MetricsController],
      providers: [MetricsService, HttpMetricsMiddleware],
      exports: [MetricsService, HttpMetricsMiddleware],
    };
  }
}
