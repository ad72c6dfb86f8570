import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import type { SourceKind } from './listening-source.entity';
import { ListeningSourcesRepository } from './listening-sources.repository';

/** What one poll of a Last.fm or ListenBrainz account ended with (the `outcome` of sources_polls_total). */
export type SourcePollOutcome = 'ok' | 'failed' | 'needs_reconnect' | 'paused';

const STATUSES = ['active', 'needs_reconnect', 'disconnected'] as const;

/**
 * Prometheus metrics of the Last.fm and ListenBrainz sources, on the app's registry (GET /metrics), each with a
 * `source` label (lastfm, listenbrainz). Spotify's polls stay in polling_* and spotify_*.
 */
@Injectable()
export class SourcesMetrics {
  readonly polls: Counter<'source' | 'outcome'>;
  readonly plays: Counter<'source' | 'match'>;
  readonly pauses: Counter<'source'>;

  constructor(metrics: MetricsService, repository: ListeningSourcesRepository) {
    const registers = [metrics.registry];
    this.polls = new Counter({
      name: 'sources_polls_total',
      help: 'Polls of Last.fm and ListenBrainz accounts by source and outcome (ok, failed, needs_reconnect, paused: the source was rate limited).',
      labelNames: ['source', 'outcome'] as const,
      registers,
    });
    this.plays = new Counter({
      name: 'sources_plays_ingested_total',
      help: 'Plays stored from Last.fm and ListenBrainz by source and match (matched: to a catalog track; unmatched: kept with their names).',
      labelNames: ['source', 'match'] as const,
      registers,
    });
    this.pauses = new Counter({
      name: 'sources_rate_limit_pauses_total',
      help: 'Pauses of every call to a source after it said the app is over its rate limit (Last.fm error 29, ListenBrainz 429 or an exhausted X-RateLimit-Remaining).',
      labelNames: ['source'] as const,
      registers,
    });
    new Gauge({
      name: 'sources_accounts',
      help: 'Connected Last.fm and ListenBrainz accounts by source and status (active, needs_reconnect, disconnected), read from the database at scrape time.',
      labelNames: ['source', 'status'] as const,
      registers,
      async collect() {
        try {
          const rows = await repository.summaryByKind();
          this.reset();
          for (const source of ['lastfm', 'listenbrainz'] satisfies SourceKind[]) {
            const row = rows.find((r) => r.kind === source);
            for (const status of STATUSES) this.set({ source, status }, row?.[status] ?? 0);
          }
        } catch {
          // the database is down: /health says so
        }
      },
    });
    new Gauge({
      name: 'sources_poll_lag_seconds',
      help: 'How overdue the most overdue active account of each source is: now minus its next_poll_at (0 when none is due), read from the database at scrape time.',
      labelNames: ['source'] as const,
      registers,
      async collect() {
        try {
          const lags = await repository.lagByKind();
          for (const source of ['lastfm', 'listenbrainz'] satisfies SourceKind[]) {
            this.set({ source }, lags.find((l) => l.kind === source)?.lag_s ?? 0);
          }
        } catch {
          // the database is down: keep the last values
        }
      },
    });
  }
}
