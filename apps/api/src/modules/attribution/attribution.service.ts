import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Histogram } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { AttributedRow, AttributionEngine } from './attribution.engine';

const CURSOR = 'incremental';
/** The cursor only passes plays older than this, so a poll still committing (lower id, later commit) is not skipped. */
const SAFETY_LAG_S = 10;
const BATCH = 5_000;

export interface AttributionRunResult {
  plays: number;
  attributions: number;
}

/**
 * Attributes plays to campaigns. Pollers call `attributePlays(ids)` right after a batch is stored; a sweep
 * every few seconds follows the plays table by id (with a safety lag) so nothing a poller missed is left out.
 * Both are idempotent: a (play, campaign, generation) row is written once.
 */
@Injectable()
export class AttributionService implements OnModuleInit {
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

  async onModuleInit(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO attribution_cursor (name, last_play_id) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`,
      [CURSOR],
    );
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

  /** One step of the sweep: the next plays after the cursor (older than the safety lag). */
  async sweepOnce(batch = BATCH, lagS = SAFETY_LAG_S): Promise<AttributionRunResult> {
    const stop = this.runSeconds.startTimer();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const [cursor] = (await manager.query(
        `SELECT last_play_id FROM attribution_cursor WHERE name = $1 FOR UPDATE SKIP LOCKED`,
        [CURSOR],
      )) as Array<{ last_play_id: string }>;
      if (!cursor) return undefined; // another process is sweeping
      const ids = (
        (await manager.query(
          `SELECT id FROM plays WHERE id > $1 AND created_at < now() - make_interval(secs => $3)
            ORDER BY id LIMIT $2`,
          [cursor.last_play_id, batch, lagS],
        )) as Array<{ id: string }>
      ).map((r) => String(r.id));
      if (ids.length === 0) return { rows: [] as AttributedRow[], plays: 0 };
      const rows = await this.engine.attribute(manager, ids);
      await manager.query(
        `UPDATE attribution_cursor SET last_play_id = $2, updated_at = now() WHERE name = $1`,
        [CURSOR, ids[ids.length - 1]],
      );
      return { rows, plays: ids.length };
    });
    stop();
    if (!outcome) return { plays: 0, attributions: 0 };
    this.announce(outcome.rows);
    return { plays: outcome.plays, attributions: outcome.rows.length };
  }

  /** Sweeps until the cursor is within the safety lag of now. */
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
  async attributePlaysIn(manager: EntityManager, playIds: string[]): Promise<AttributedRow[]> {
    return this.engine.attribute(manager, playIds);
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
