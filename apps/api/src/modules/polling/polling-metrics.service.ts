import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { PollingRepository } from './polling.repository';

/** What one poll ended with (the `outcome` label of polling_polls_total). */
export type PollOutcome =
  'ok' | 'rate_limited' | 'error' | 'needs_reconnect' | 'dev_mode_blocked' | 'not_active';

/** Prometheus metrics of the poller, on the app's registry (GET /metrics). */
@Injectable()
export class PollingMetrics {
  readonly polls: Counter<'outcome'>;
  readonly playsIngested: Counter;
  readonly gaps: Counter;
  readonly errors: Counter<'kind'>;
  readonly transitions: Counter<'to'>;
  readonly duration: Histogram;
  readonly inFlight: Gauge;

  constructor(metrics: MetricsService, repository: PollingRepository) {
    const registers = [metrics.registry];
    this.polls = new Counter({
      name: 'polling_polls_total',
      help: 'Listener polls by outcome (ok, rate_limited, error, needs_reconnect, dev_mode_blocked, not_active).',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.playsIngested = new Counter({
      name: 'polling_plays_ingested_total',
      help: 'Plays stored by polls (plays already stored are not counted).',
      registers,
    });
    this.gaps = new Counter({
      name: 'polling_observation_gaps_total',
      help: 'Observation gaps recorded: a full page of 50 plays that did not reach back to the cursor.',
      registers,
    });
    this.errors = new Counter({
      name: 'polling_errors_total',
      help: 'Failed polls by kind (rate_limited, quota_exceeded, unavailable, reconnect_required, dev_mode_cap, forbidden, auth_failed, database, other).',
      labelNames: ['kind'] as const,
      registers,
    });
    this.transitions = new Counter({
      name: 'polling_listener_transitions_total',
      help: 'Listener status changes made by the poller, by new status.',
      labelNames: ['to'] as const,
      registers,
    });
    this.duration = new Histogram({
      name: 'polling_poll_duration_seconds',
      help: 'Duration of one poll: the Spotify call and the transaction that stores it.',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.inFlight = new Gauge({
      name: 'polling_in_flight',
      help: 'Polls this process is running now.',
      registers,
    });
    new Gauge({
      name: 'polling_lag_seconds',
      help: 'How overdue the most overdue listener is: now minus the next_poll_at of the oldest due listener (0 when none is due).',
      registers,
      async collect() {
        try {
          this.set((await repository.lag()).lagMs / 1000);
        } catch {
          // the database is down: /health says so; keep the last value
        }
      },
    });
    new Gauge({
      name: 'polling_listeners',
      help: 'Listeners by status (active, needs_reconnect, dev_mode_blocked, disconnected).',
      labelNames: ['status'] as const,
      registers,
      async collect() {
        try {
          const counts = await repository.countByStatus();
          this.reset();
          for (const status of ['active', 'needs_reconnect', 'dev_mode_blocked', 'disconnected']) {
            this.set({ status }, counts[status] ?? 0);
          }
          for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
        } catch {
          // the database is down
        }
      },
    });
  }
}
