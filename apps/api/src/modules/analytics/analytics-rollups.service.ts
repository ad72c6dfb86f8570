import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AnalyticsClickRollupsRepository, ClickEvent } from './analytics-click-rollups.repository';
import { refreshFirstEvents } from './analytics-first-events.repository';
import { AnalyticsPlayRollupsRepository, ListenerFirstKey } from './analytics-play-rollups.repository';
import { AnalyticsRollupsRepository } from './analytics-rollups.repository';

/** Queue rows consumed per transaction. */
export const ROLLUP_BATCH = 5_000;

export interface RollupRunResult {
  clickEvents: number;
  attributionEvents: number;
  /** Another process held the rollup lock: nothing was done this time. */
  busy: boolean;
}

/**
 * Keeps the analytics rollups up to date, exactly and idempotently.
 *
 * Database triggers queue every change of `clicks` (inserts; listener_id updates) and of `attributions`
 * (inserts, updates, deletes) in the writing transaction. `processPending()` consumes the queues in
 * batches: each batch is deleted from its queue and applied to the rollups in one REPEATABLE READ
 * transaction under an advisory lock, so every change is applied once, whatever order writers commit in
 * and however many processes run the job. Counts are signed sums (credit in integer millionths, so the
 * order of additions never matters); distinct counts come from first-event tables (`analytics_connects`,
 * `analytics_listener_firsts`) recomputed for the (campaign, listener) pairs a batch touched
 * (analytics-first-events.repository.ts). `rebuildAll()` / `rebuildCampaignAttributionRollups()` recompute
 * from the raw tables and must give the same rows (a test checks it). The SQL is in the repositories: the
 * lock and queues (analytics-rollups.repository.ts), the click rollups and the play rollups.
 */
@Injectable()
export class AnalyticsRollups {
  private running?: Promise<RollupRunResult>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rollups: AnalyticsRollupsRepository,
    private readonly clicks: AnalyticsClickRollupsRepository,
    private readonly plays: AnalyticsPlayRollupsRepository,
  ) {}

  /** Applies everything queued so far (several batches). Concurrent calls in this process share one run. */
  async processPending(maxBatches = 50): Promise<RollupRunResult> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.drain(maxBatches).finally(() => (this.running = undefined));
    return this.running;
  }

  private async drain(maxBatches: number): Promise<RollupRunResult> {
    const total: RollupRunResult = { clickEvents: 0, attributionEvents: 0, busy: false };
    for (let i = 0; i < maxBatches; i++) {
      const batch = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
        if (!(await this.rollups.tryLock(manager))) return undefined;
        const clicks = await this.applyClickBatch(manager);
        const attributions = await this.applyAttributionBatch(manager);
        return { clicks, attributions };
      });
      if (!batch) return { ...total, busy: true };
      total.clickEvents += batch.clicks;
      total.attributionEvents += batch.attributions;
      if (batch.clicks < ROLLUP_BATCH && batch.attributions < ROLLUP_BATCH) break;
    }
    return total;
  }

  /** Recomputes every rollup of every campaign from the raw tables (`npm run analytics:rebuild`). */
  async rebuildAll(): Promise<void> {
    await this.rebuild(async (manager) => {
      await this.clicks.rebuild(manager, null);
      await this.plays.rebuild(manager, null);
    });
  }

  /** Recomputes one campaign's click rollups (clicks, visitors, connects) from the raw tables. */
  async rebuildCampaignClickRollups(campaignId: string): Promise<void> {
    await this.rebuild((manager) => this.clicks.rebuild(manager, campaignId));
  }

  /**
   * Recomputes one campaign's attribution rollups (every generation) from `attributions`. The triggers
   * already keep them current; the attribution engine may call this after bulk work that bypasses them
   * (e.g. with triggers disabled) or to repair. Safe to call at any time and from any process.
   */
  async rebuildCampaignAttributionRollups(campaignId: string): Promise<void> {
    await this.rebuild((manager) => this.plays.rebuild(manager, campaignId));
  }

  /** A rebuild's transaction: untimed (maintenance, not a request), under the rollup lock. */
  private async rebuild(work: (manager: EntityManager) => Promise<void>): Promise<void> {
    await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.rollups.untimed(manager);
      await this.rollups.lock(manager);
      await work(manager);
    });
  }

  /**
   * Waits for the lock every rollup writer holds while it applies a batch, and holds it until `manager`'s
   * transaction ends. A transaction that renames the listener in the rollup tables (erasure's pseudonymisation)
   * takes it first, so no batch is half-written meanwhile: otherwise rows a running batch writes under the
   * listener's id, invisible to the renaming statements, would keep the id and a connect no event takes away.
   */
  async holdWriterLock(manager: EntityManager): Promise<void> {
    await this.rollups.lock(manager);
  }

  /** Changes waiting in the queues, in clicks and attribution changes (a health figure: it should stay near zero). */
  backlog(): Promise<{ clicks: number; attributions: number }> {
    return this.rollups.backlog();
  }

  // ---- clicks -------------------------------------------------------------------------------------------

  /**
   * One batch of the click queue: new clicks are counted as they are taken; the rare listener-linking events
   * then maintain the linked-click mirror and the connects.
   */
  private async applyClickBatch(manager: EntityManager): Promise<number> {
    const { taken, shrunk, linking } = await this.clicks.takeBatch(manager, ROLLUP_BATCH);
    if (taken === 0) return 0;
    await this.applyLinking(manager, linking);
    if (shrunk.length > 0) await this.clicks.deleteEmptyBuckets(manager, shrunk);
    return taken;
  }

  /**
   * The linked-click mirror: each click's last change in this batch decides whether it names a listener
   * (linking at connect; unlinking at erasure; a deleted click's unlink event), then the connects of the
   * (campaign, listener) pairs touched are recomputed.
   */
  private async applyLinking(manager: EntityManager, linking: ClickEvent[]): Promise<void> {
    if (linking.length === 0) return;
    const last = new Map<string, ClickEvent>();
    const pairs = new Map<string, { campaign_id: string; listener_id: string }>();
    for (const e of linking) {
      last.set(e.click_id, e);
      for (const listener of [e.old_listener_id, e.new_listener_id]) {
        if (listener)
          pairs.set(`${e.campaign_id}|${listener}`, { campaign_id: e.campaign_id, listener_id: listener });
      }
    }
    const finals = [...last.values()];
    const unlinked = finals.filter((e) => !e.new_listener_id || !e.counted).map((e) => e.click_id);
    const linked = finals.filter((e) => e.new_listener_id && e.counted);
    if (unlinked.length > 0) await this.clicks.unlinkClicks(manager, unlinked);
    if (linked.length > 0) await this.clicks.linkClicks(manager, linked);
    await refreshFirstEvents(manager, this.clicks.connects, [...pairs.values()]);
  }

  // ---- attributions -------------------------------------------------------------------------------------

  private async applyAttributionBatch(manager: EntityManager): Promise<number> {
    const taken = await this.plays.takeBatch(manager, ROLLUP_BATCH);
    if (taken.length === 0) return 0;
    const live = await this.rollups.existingCampaigns(
      manager,
      taken.map((e) => e.campaign_id),
    );
    const events = taken.filter((e) => live.has(e.campaign_id));
    if (events.length === 0) return taken.length;
    await this.plays.countPlays(manager, events);
    const triples = new Map<string, ListenerFirstKey>();
    for (const e of events) {
      triples.set(`${e.campaign_id}|${e.generation}|${e.listener_id}`, {
        campaign_id: e.campaign_id,
        generation: e.generation,
        listener_id: e.listener_id,
      });
    }
    await refreshFirstEvents(manager, this.plays.listenerFirsts, [...triples.values()]);
    await this.plays.deleteEmptyBuckets(manager, [...new Set(events.map((e) => e.campaign_id))]);
    return taken.length;
  }
}
