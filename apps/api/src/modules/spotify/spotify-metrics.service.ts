import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { SpotifyRateLimiter } from './spotify-rate-limiter.service';

/** Prometheus metrics of the Spotify client, on the app's registry. */
@Injectable()
export class SpotifyMetrics {
  readonly requests: Counter<'endpoint' | 'status'>;
  readonly pauses: Counter<'reason'>;
  readonly retries: Counter<'reason'>;

  constructor(metrics: MetricsService, limiter: SpotifyRateLimiter) {
    const registry: Registry = metrics.registry;
    this.requests = new Counter({
      name: 'spotify_requests_total',
      help: 'Spotify calls by endpoint pattern and HTTP status (timeout / network when no answer came).',
      labelNames: ['endpoint', 'status'] as const,
      registers: [registry],
    });
    this.pauses = new Counter({
      name: 'spotify_rate_limit_pauses_total',
      help: 'Process-wide pauses of Spotify calls after a 429 (reason: rate_limit or quota_exceeded).',
      labelNames: ['reason'] as const,
      registers: [registry],
    });
    this.retries = new Counter({
      name: 'spotify_retries_total',
      help: 'Spotify calls retried, by reason (server_error, network, timeout, rate_limit, unauthorized).',
      labelNames: ['reason'] as const,
      registers: [registry],
    });
    new Gauge({
      name: 'spotify_paused_until_seconds',
      help: 'Unix time at which the current pause of Spotify calls ends; 0 when not paused.',
      registers: [registry],
      collect() {
        const until = limiter.status().pausedUntil;
        this.set(until ? until.getTime() / 1000 : 0);
      },
    });
    new Gauge({
      name: 'spotify_quota_exceeded',
      help: '1 while Spotify calls pause because the app quota is used up (429 QUOTA_EXCEEDED).',
      registers: [registry],
      collect() {
        this.set(limiter.status().quotaExceeded ? 1 : 0);
      },
    });
  }
}
