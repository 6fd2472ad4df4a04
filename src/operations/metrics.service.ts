import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EventStore } from '../event-store/event-store.js';
import { ProjectionLagReader, type ProjectionLag } from '../projections/projection-lag.js';

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

    // prom-client collects every metric at once: one read of the lag serves the three gauges of a scrape.
    let scrape: Promise<ProjectionLag[]> | undefined;
    const readLag = () => (scrape ??= lag.read().finally(() => setImmediate(() => (scrape = undefined))));
    const lagGauge = (name: string, help: string, value: (projection: ProjectionLag) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'],
        registers: [this.registry],
        async collect() {
          for (const projection of await readLag()) this.set({ projection: projection.name }, value(projection));
        },
      });
    lagGauge('projection_lag_positions', 'Global positions between the log head and the projection checkpoint', (p) => p.positionsBehind);
    lagGauge('projection_lag_seconds', 'Age of the oldest event the projection has not applied yet', (p) => p.secondsBehind);
    lagGauge('projection_failing', '1 while a projection is stopped on an event it cannot apply', (p) => (p.failure ? 1 : 0));
  }
}
