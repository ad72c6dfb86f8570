import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { BUDGET_TABLE } from '../spotify/spotify-request-budget.service';
import { sleep } from '../spotify/spotify-retry.policy';
import { SourcePausedError } from './listening-source';
import type { SourceKind } from './listening-source.entity';
import { SourcesMetrics } from './sources-metrics.service';

/**
 * Requests per second each source gets, all processes together. Last.fm's terms speak of about 5 per second
 * per originating IP averaged over 5 minutes: 4 leaves room. ListenBrainz sends its own limits in headers
 * (obeyed through `pause`); this only keeps a burst polite.
 */
export const SOURCE_REQUESTS_PER_S: Record<SourceKind, number> = { lastfm: 4, listenbrainz: 10 };
/**
 * Polls of a source one process runs at once: one and a half times its requests per second (a poll is one
 * request, well under a second; a tick claims once a second), so polls waiting for a slow source's budget
 * never hold every slot while another source's listeners wait.
 */
export const sourceSlots = (kind: SourceKind): number =>
  Math.max(1, Math.ceil(SOURCE_REQUESTS_PER_S[kind] * 1.5));
/** A request waits at most this long for the budget before the poll gives up (and is retried later). */
const MAX_BUDGET_WAIT_MS = 5_000;

interface Gate {
  requests: RateLimiterAbstract;
  pause: RateLimiterAbstract;
}

/**
 * The request budget and the rate-limit pause of each listening source, shared by every Soundlink process:
 * in PostgreSQL (the Spotify budget's table, rate-limiter-flexible's layout, keys `source:<kind>:…`) when
 * DATABASE_URL is set, else in memory (the embedded database: one process). A pause (Last.fm error 29,
 * ListenBrainz 429 or an exhausted X-RateLimit-Remaining) stops every call to that source in every process.
 */
@Injectable()
export class SourceRateGate {
  private readonly logger = new Logger('SourceRateGate');
  private readonly gates = new Map<SourceKind, Gate>();
  /** This process's copy of each pause, so a paused source costs no store round trip. */
  private readonly localPause = new Map<SourceKind, number>();

  constructor(
    config: AppConfig,
    @Optional() @InjectDataSource() dataSource?: DataSource,
    @Optional() private readonly metrics?: SourcesMetrics,
  ) {
    const pool =
      config.DATABASE_URL && dataSource
        ? (dataSource.driver as unknown as { master: unknown }).master
        : undefined;
    for (const kind of Object.keys(SOURCE_REQUESTS_PER_S) as SourceKind[]) {
      const make = (name: string, points: number, duration: number) =>
        pool
          ? new RateLimiterPostgres({
              storeClient: pool,
              storeType: 'pool',
              tableName: BUDGET_TABLE,
              tableCreated: true,
              keyPrefix: `source:${kind}:${name}`,
              points,
              duration,
            })
          : new RateLimiterMemory({ points, duration });
      this.gates.set(kind, {
        requests: make('requests', SOURCE_REQUESTS_PER_S[kind], 1),
        pause: make('pause', 1, 1),
      });
    }
  }

  private gate(kind: SourceKind): Gate {
    return this.gates.get(kind) as Gate;
  }

  /** Until when calls to `kind` are paused (unix ms), 0 when they are not. */
  async pausedUntil(kind: SourceKind): Promise<number> {
    const local = this.localPause.get(kind) ?? 0;
    if (local > Date.now()) return local;
    try {
      const res = await this.gate(kind).pause.get(kind);
      if (res && res.consumedPoints > 1 && res.msBeforeNext > 0) {
        const until = Date.now() + res.msBeforeNext;
        this.localPause.set(kind, until);
        return until;
      }
    } catch (error) {
      this.logger.warn(`Could not read the ${kind} pause: ${String(error)}`);
    }
    return 0;
  }

  /** Waits for the budget of one request; SourcePausedError while the source is paused. */
  async take(kind: SourceKind): Promise<void> {
    const deadline = Date.now() + MAX_BUDGET_WAIT_MS;
    for (;;) {
      const until = await this.pausedUntil(kind);
      if (until > 0) throw new SourcePausedError(kind, until);
      try {
        await this.gate(kind).requests.consume(kind, 1);
        return;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) return; // the store failed: send (polling fails anyway)
        if (Date.now() + rejection.msBeforeNext > deadline) throw new SourcePausedError(kind, deadline);
        await sleep(Math.max(1, rejection.msBeforeNext));
      }
    }
  }

  /** Pauses every call to `kind` for `ms`, in every process (never shortens a longer pause). */
  async pause(kind: SourceKind, ms: number): Promise<number> {
    const until = Date.now() + ms;
    const current = this.localPause.get(kind) ?? 0;
    // Requests in flight when the limit hit all answer it: one pause counted.
    if (current < Date.now()) this.metrics?.pauses.inc({ source: kind });
    if (current < until) this.localPause.set(kind, until);
    try {
      const current = await this.gate(kind).pause.get(kind);
      if (!(current && current.consumedPoints > 1 && current.msBeforeNext >= ms)) {
        await this.gate(kind).pause.block(kind, Math.max(0.001, ms / 1000));
      }
    } catch (error) {
      this.logger.warn(`Could not share a ${kind} pause: ${String(error)}`);
    }
    this.logger.warn(`${kind}: rate limited, every call paused for ${Math.round(ms / 1000)} s`);
    return until;
  }

  /** Forgets the pauses and counts (operators, tests). */
  async reset(kind: SourceKind): Promise<void> {
    this.localPause.delete(kind);
    // One after the other: the PostgreSQL store names its prepared statements per table.
    await this.gate(kind).pause.delete(kind);
    await this.gate(kind).requests.delete(kind);
  }
}
