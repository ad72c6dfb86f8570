import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Histogram } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events.service';
import { AppConfig } from '../../config/app-config';
import type { PlaySpan } from '../listener/play-ingest.repository';
import { MetricsService } from '../metrics/metrics.service';
import { AttributionEngine } from './attribution-engine.service';
import type { AttributedRow } from './attribution-scores';
import {
  attributedPlays,
  longestWindowHours,
  takeQueuedPlays,
  WRITERS_LOCK_SHARED,
} from './attribution.repository';

/**
 * The sweep leaves a play this long to the run that stored it (a poll attributes its own batch); it never
 * skips one, whatever the lag: it reads the queue of unattributed plays, not a cursor over ids.
 */
const SAFETY_LAG_S = 10;
const BATCH = 5_000;

/** See AttributionService.atIngest. */
export interface IngestAttribution {
  attribute(
    manager: EntityManager,
    plays: { stored: string[]; later: string[]; writersLocked: boolean; span?: PlaySpan },
  ): Promise<number>;
  /** The writers' lock as an SQL expression: the statement storing the plays takes it (one round trip less). */
  writersLock: string;
  announce(): void;
}

export interface AttributionRunResult {
  plays: number;
  attributions: number;
}

/**
 * Attributes plays to campaigns. Every path that stores observed plays (poll, sync, the connect flow's
 * baseline) attributes them in the storing transaction (`atIngest`); a sweep every few seconds takes the plays
 * still waiting in `attribution_queue` (filled by a trigger in the storing transaction) as a safety net, so
 * nothing is left out, even a play whose transaction committed late. Both are idempotent: a (play, campaign,
 * generation) row is written once.
 */
@Injectable()
export class AttributionService {
  private readonly logger = new Logger(AttributionService.name);
  private sweeping = false;
  private readonly attributed: Counter;
  private readonly runSeconds: Histogram;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: AttributionEngine,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.attributed = new Counter({
      name: 'soundlink_attributions_total',
      help: 'Attributions written, by tier.',
      labelNames: ['tier'],
      registers: [metrics.registry],
    });
    this.runSeconds = new Histogram({
      name: 'soundlink_attribution_run_duration_seconds',
      help: 'Time of one attribution run (a poll batch or a sweep step).',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [metrics.registry],
    });
  }

  /** Attributes the given plays (just stored). */
  async attributePlays(playIds: string[]): Promise<AttributionRunResult> {
    if (playIds.length === 0) return { plays: 0, attributions: 0 };
    const stop = this.runSeconds.startTimer();
    const rows = await this.dataSource.transaction((manager) => this.engine.attribute(manager, playIds));
    stop();
    this.announce(rows);
    return { plays: playIds.length, attributions: rows.length };
  }

  /**
   * One step of the sweep: the next queued plays (queued longer than the lag ago), by id, scored again from
   * scratch. Several processes may sweep at once: each takes rows the others have not locked.
   */
  async sweepOnce(batch = BATCH, lagS = SAFETY_LAG_S): Promise<AttributionRunResult> {
    const stop = this.runSeconds.startTimer();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const { ids, span } = await takeQueuedPlays(manager, batch, lagS);
      if (ids.length === 0) return { rows: [] as AttributedRow[], plays: 0 };
      // Scored again, not only added to: a play already attributed (at ingest, or before a later click queued it
      // again: migration AttributionQueueClickedPlays) takes a new click, score and reasons where they changed.
      // Only those plays are locked before scoring; the others are locked as usual once they have candidates.
      const again = new Set(await attributedPlays(manager, ids));
      const fresh = ids.filter((id) => !again.has(id));
      // The batch's months of plays, and clicks back to the longest window any campaign has now (a window
      // changed meanwhile re-attributes the campaign: reattribution.service.ts).
      const windowHours = span ? await longestWindowHours(manager) : undefined;
      return {
        rows: await this.engine.attribute(manager, fresh, {
          dequeue: false,
          rescore: [...again],
          span,
          sweepWindowHours: windowHours,
        }),
        plays: ids.length,
      };
    });
    stop();
    this.announce(outcome.rows);
    return { plays: outcome.plays, attributions: outcome.rows.length };
  }

  /** Sweeps until no play queued longer than the lag ago is left. */
  async sweep(lagS = SAFETY_LAG_S): Promise<AttributionRunResult> {
    const total = { plays: 0, attributions: 0 };
    for (;;) {
      const step = await this.sweepOnce(BATCH, lagS);
      total.plays += step.plays;
      total.attributions += step.attributions;
      if (step.plays < BATCH) return total;
    }
  }

  @Interval('attribution-sweep', 3_000)
  async scheduledSweep(): Promise<void> {
    if (this.sweeping || this.config.SOUNDLINK_ROLE === 'api') return;
    this.sweeping = true;
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn(`Attribution sweep failed: ${String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }

  /** Attributions written inside a transaction the caller owns (for callers that ingest and attribute atomically). */
  async attributePlaysIn(
    manager: EntityManager,
    playIds: string[],
    rescore: string[] = [],
  ): Promise<AttributedRow[]> {
    return this.engine.attribute(manager, playIds, { rescore });
  }

  /**
   * For a transaction that stores plays (a poll, a sync, the connect flow's baseline): `attribute` is the
   * `attribute` option of `ingestRecentlyPlayed`. It attributes the new plays in the storing transaction
   * (taking them off the sweep's queue) and scores again the listener's later plays of the same tracks, and
   * answers how many new plays were attributed. Call `announce()` once the transaction has committed. Pass
   * `writersLock` with it: the statement that stores the plays then takes the writers' lock.
   */
  atIngest(): IngestAttribution {
    let rows: AttributedRow[] = [];
    return {
      attribute: async (manager, plays) => {
        const stop = this.runSeconds.startTimer();
        // One storing call per transaction: a retried transaction starts again from nothing. The plays stay
        // in the sweep's queue: it looks at them again after its lag, so a click that becomes visible after
        // the plays were stored (recorded a moment later, with an earlier clicked_at) still counts.
        rows = await this.engine.attribute(manager, plays.stored, {
          dequeue: false,
          rescore: plays.later,
          writersLocked: plays.writersLocked,
          span: plays.span,
        });
        stop();
        const stored = new Set(plays.stored);
        return new Set(rows.filter((r) => stored.has(r.playId)).map((r) => r.playId)).size;
      },
      announce: () => this.announce(rows),
      writersLock: WRITERS_LOCK_SHARED,
    };
  }

  announce(rows: AttributedRow[]): void {
    if (rows.length === 0) return;
    for (const row of rows) this.attributed.inc({ tier: row.tier });
    this.events.emit('attribution.created', {
      campaignIds: [...new Set(rows.map((r) => r.campaignId))],
      count: rows.length,
      rows: rows.map((r) => ({
        campaignId: r.campaignId,
        playId: r.playId,
        tier: r.tier,
        credit: r.credit,
        trackId: r.trackId,
        playedAt: r.playedAt,
        linkId: r.linkId,
      })),
    });
  }
}
