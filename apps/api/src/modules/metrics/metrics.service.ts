import { Injectable } from '@nestjs/common';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry. One registry per application instance (not prom-client's global
 * one), so several instances in one process (tests) never collide. Modules register their own metrics here.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'soundlink_' });
    // What the process may use, for the "memory near its limit" alert (docker/prometheus/alerts.yml).
    new Gauge({
      name: 'soundlink_memory_limit_bytes',
      help: "Memory this process may use: the container's (cgroup) limit when there is one, else the machine's memory.",
      registers: [this.registry],
      collect() {
        const machine = totalmem();
        const constrained = process.constrainedMemory?.() ?? 0;
        this.set(constrained > 0 && constrained < machine ? constrained : machine);
      },
    });
    new Gauge({
      name: 'soundlink_nodejs_heap_limit_bytes',
      help: "V8's JavaScript heap limit (--max-old-space-size or its default): the process dies when the heap reaches it.",
      registers: [this.registry],
      collect() {
        this.set(getHeapStatistics().heap_size_limit);
      },
    });
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }
}
