import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { JobQueue } from '@foyer/jobs';

/** The Prometheus registry of this process: HTTP latency by route, jobs by queue and state. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(jobs: JobQueue) {
    collectDefaultMetrics({ register: this.registry, prefix: 'foyer_' });
    this.requestDuration = new Histogram({
      name: 'foyer_http_request_duration_seconds',
      help: 'HTTP request latency, by route pattern (never the raw path, to bound cardinality)',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    new Gauge({
      name: 'foyer_jobs',
      help: 'Jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const counts = await jobs.counts();
        for (const [queue, states] of Object.entries(counts)) {
          for (const [state, count] of Object.entries(states)) this.set({ queue, state }, count);
        }
      },
    });
  }

  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }
}
