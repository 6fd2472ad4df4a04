import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EventStore } from '../../event-store/event-store.js';
import { ProjectionLagReader } from '../../projections/projection-lag.js';

/** The Prometheus registry of this process: HTTP latency, appends, and projection lag read at scrape time. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(store: EventStore, lag: ProjectionLagReader) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    const appended = new Counter({ name: 'events_appended_total', help: 'Events appended by this process', registers: [this.registry] });
    store.onAppended((count) => appended.inc(count));

    const positionsBehind = new Gauge({
      name: 'projection_lag_positions',
      help: 'Global positions between the log head and the projection checkpoint',
      labelNames: ['projection'],
      registers: [this.registry],
    });
    const failing = new Gauge({ name: 'projection_failing', help: '1 while a projection is stopped on an event it cannot apply', labelNames: ['projection'], registers: [this.registry] });
    new Gauge({
      name: 'projection_lag_seconds',
      help: 'Age of the oldest event the projection has not applied yet',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        for (const projection of await lag.read()) {
          this.set({ projection: projection.name }, projection.secondsBehind);
          positionsBehind.set({ projection: projection.name }, projection.positionsBehind);
          failing.set({ projection: projection.name }, projection.failure ? 1 : 0);
        }
      },
    });
  }
}
