import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** One advisory lock serialises every writer of the rollups (job ticks on every process, rebuilds). */
const ROLLUP_LOCK = "hashtext('soundlink.analytics.rollups')";
/** Queue rows consumed per transaction. */
export const ROLLUP_BATCH = 5_000;

/** Both grains of every rollup: the UTC hour and the UTC day. */
const GRAINS = `(VALUES ('h', 'hour'), ('d', 'day')) AS g(grain, unit)`;
const MICROS = (column: string) => `round(${column}::numeric * 1000000)::bigint`;

interface ClickEvent {
  seq: string;
  click_id: string;
  campaign_id: string;
  link_id: string;
  utm_source: string;
  clicked_at: string;
  counted: boolean;
  first_visit: boolean;
  inserted: boolean;
  old_listener_id: string | null;
  new_listener_id: string | null;
}

interface AttributionEvent {
  seq: string;
  sign: number;
  campaign_id: string;
  generation: number;
  link_id: string;
  utm_source: string;
  listener_id: string;
  track_id: string;
  played_at: string;
  tier: string;
  credit_micros: string;
}

interface ConnectRow {
  campaign_id: string;
  listener_id: string;
  click_id: string;
  link_id: string;
  utm_source: string;
  clicked_at: string;
  /** The listener had connected before this, their first linked click of the campaign: not a connect. */
  already_connected: boolean;
}

interface FirstRow {
  campaign_id: string;
  generation: number;
  listener_id: string;
  attribution_id: string;
  played_at: string;
  clicked_at: string;
  link_id: string;
  utm_source: string;
  tier: string;
  existing: boolean;
}

export interface RollupRunResult {
  clickEvents: number;
  attributionEvents: number;
  /** Another process held the rollup lock: nothing was done this time. */
  busy: boolean;
}

const pairKey = (...parts: Array<string | number>) => parts.join('|');

/**
 * Keeps the analytics rollups up to date, exactly and idempotently.
 *
 * Database triggers queue every change of `clicks` (inserts; listener_id updates) and of `attributions`
 * (inserts, updates, deletes) in the writing transaction. `processPending()` consumes the queues in
 * batches: each batch is deleted from its queue and applied to the rollups in one REPEATABLE READ
 * transaction under an advisory lock, so every change is applied once, whatever order writers commit in
 * and however many processes run the job. Counts are signed sums (credit in integer millionths, so the
 * order of additions never matters); distinct counts come from first-event tables (`analytics_connects`,
 * `analytics_listener_firsts`) recomputed for the (campaign, listener) pairs a batch touched.
 * `rebuildAll()` / `rebuildCampaignAttributionRollups()` recompute from the raw tables and must give the
 * same rows (a test checks it).
 */
@Injectable()
export class AnalyticsRollups {
  private readonly logger = new Logger('AnalyticsRollups');
  private running?: Promise<RollupRunResult>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
        if (!(await this.tryLock(manager))) return undefined;
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
    await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.untimed(manager);
      await this.lock(manager);
      await this.rebuildClicks(manager, null);
      await this.rebuildAttributions(manager, null);
    });
  }

  /** Recomputes one campaign's click rollups (clicks, visitors, connects) from the raw tables. */
  async rebuildCampaignClickRollups(campaignId: string): Promise<void> {
    await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.untimed(manager);
      await this.lock(manager);
      await this.rebuildClicks(manager, campaignId);
    });
  }

  /**
   * Recomputes one campaign's attribution rollups (every generation) from `attributions`. The triggers
   * already keep them current; the attribution engine may call this after bulk work that bypasses them
   * (e.g. with triggers disabled) or to repair. Safe to call at any time and from any process.
   */
  async rebuildCampaignAttributionRollups(campaignId: string): Promise<void> {
    await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.untimed(manager);
      await this.lock(manager);
      await this.rebuildAttributions(manager, campaignId);
    });
  }

  /**
   * Waits for the lock every rollup writer holds while it applies a batch, and holds it until `manager`'s
   * transaction ends. A transaction that renames the listener in the rollup tables (erasure's pseudonymisation)
   * takes it first, so no batch is half-written meanwhile: otherwise rows a running batch writes under the
   * listener's id, invisible to the renaming statements, would keep the id and a connect no event takes away.
   */
  async holdWriterLock(manager: EntityManager): Promise<void> {
    await this.lock(manager);
  }

  /** Changes waiting in the queues, in clicks and attribution changes (a health figure: it should stay near zero). */
  async backlog(): Promise<{ clicks: number; attributions: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT coalesce(sum(abs(clicks)), 0) FROM analytics_click_queue)::int AS clicks,
              (SELECT count(*) FROM analytics_attribution_queue)::int AS attributions`,
    )) as Array<{ clicks: number; attributions: number }>;
    return row ?? { clicks: 0, attributions: 0 };
  }

  private async tryLock(manager: EntityManager): Promise<boolean> {
    const [row] = (await manager.query(
      `SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK}) AS locked`,
    )) as Array<{
      locked: boolean;
    }>;
    return row?.locked === true;
  }

  /**
   * A rebuild reads whole tables: it is maintenance, not a request, so the pool's statement timeout
   * (DATABASE_STATEMENT_TIMEOUT_MS) does not apply to its transaction.
   */
  private async untimed(manager: EntityManager): Promise<void> {
    await manager.query('SET LOCAL statement_timeout = 0');
  }

  private async lock(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})`);
  }

  /** Campaigns among these ids that still exist (queued changes of deleted campaigns are dropped). */
  private async existingCampaigns(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = (await manager.query('SELECT id FROM campaigns WHERE id = ANY($1::uuid[])', [
      [...new Set(ids)],
    ])) as Array<{ id: string }>;
    return new Set(rows.map((r) => r.id));
  }

  // ---- clicks -------------------------------------------------------------------------------------------

  /**
   * One batch of the click queue. New clicks (nearly every event) are counted into the rollups inside the
   * statement that takes them from the queue, so they never travel to this process and back; only the rare
   * listener-linking events come here, in queue order, to maintain the linked-click mirror and the connects.
   */
  private async applyClickBatch(manager: EntityManager): Promise<number> {
    const [result] = (await manager.query(
      `WITH taken AS (
         DELETE FROM analytics_click_queue
          WHERE seq IN (SELECT seq FROM analytics_click_queue ORDER BY seq LIMIT $1)
          RETURNING seq, click_id, clicks, campaign_id, link_id, utm_source, clicked_at, counted, first_visit,
                    inserted, old_listener_id, new_listener_id),
       -- queued changes of deleted campaigns are dropped
       live AS (SELECT t.* FROM taken t WHERE EXISTS (SELECT 1 FROM campaigns c WHERE c.id = t.campaign_id)),
       counted AS (
         INSERT INTO analytics_click_rollups AS r (campaign_id, grain, bucket, link_id, utm_source, clicks, bot_clicks,
                                                  first_visits, connects)
         SELECT e.campaign_id, g.grain, date_trunc(g.unit, e.clicked_at, 'UTC'), e.link_id, e.utm_source,
                coalesce(sum(e.clicks) FILTER (WHERE e.counted), 0),
                coalesce(sum(e.clicks) FILTER (WHERE NOT e.counted), 0),
                coalesce(sum(e.clicks) FILTER (WHERE e.counted AND e.first_visit), 0), 0
           FROM live e CROSS JOIN ${GRAINS}
          WHERE e.inserted
          GROUP BY 1, 2, 3, 4, 5
          -- one order for every writer: concurrent batches never wait on each other in a cycle
          ORDER BY 1, 2, 3, 4, 5
         ON CONFLICT (campaign_id, grain, bucket, link_id, utm_source) DO UPDATE
            SET clicks = r.clicks + EXCLUDED.clicks, bot_clicks = r.bot_clicks + EXCLUDED.bot_clicks,
                first_visits = r.first_visits + EXCLUDED.first_visits
         RETURNING 1)
       SELECT (SELECT count(*) FROM taken)::int AS taken,
              -- campaigns that lost clicks (a deleted link's) or linked clicks: buckets may be left all zero
              (SELECT coalesce(json_agg(DISTINCT s.campaign_id), '[]'::json)
                 FROM live s WHERE s.clicks < 0 OR NOT s.inserted) AS shrunk,
              (SELECT coalesce(json_agg(l ORDER BY l.seq::bigint), '[]'::json)
                 FROM (SELECT seq::text AS seq, click_id, campaign_id, link_id, utm_source, clicked_at, counted,
                              first_visit, inserted, old_listener_id, new_listener_id
                         FROM live WHERE NOT inserted OR new_listener_id IS NOT NULL) l) AS linking`,
      [ROLLUP_BATCH],
    )) as Array<{ taken: number; shrunk: string[]; linking: ClickEvent[] }>;
    const taken = result?.taken ?? 0;
    const linking = result?.linking ?? [];
    if (taken === 0) return 0;
    await this.applyLinking(manager, linking);
    const shrunk = result?.shrunk ?? [];
    if (shrunk.length > 0) {
      // A rebuild has no row for a bucket without clicks: the buckets a deletion emptied go.
      await manager.query(
        `DELETE FROM analytics_click_rollups WHERE campaign_id = ANY($1::uuid[])
            AND clicks = 0 AND bot_clicks = 0 AND first_visits = 0 AND connects = 0`,
        [shrunk],
      );
    }
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
          pairs.set(pairKey(e.campaign_id, listener), { campaign_id: e.campaign_id, listener_id: listener });
      }
    }
    const finals = [...last.values()];
    const unlinked = finals.filter((e) => !e.new_listener_id || !e.counted).map((e) => e.click_id);
    const linked = finals.filter((e) => e.new_listener_id && e.counted);
    if (unlinked.length > 0) {
      await manager.query('DELETE FROM analytics_linked_clicks WHERE click_id = ANY($1::uuid[])', [unlinked]);
    }
    if (linked.length > 0) {
      await manager.query(
        `INSERT INTO analytics_linked_clicks (click_id, campaign_id, listener_id, link_id, utm_source, clicked_at)
         SELECT click_id, campaign_id, new_listener_id, link_id, utm_source, clicked_at
           FROM json_to_recordset($1::json) AS e(click_id uuid, campaign_id uuid, new_listener_id uuid, link_id uuid,
                                                 utm_source varchar, clicked_at timestamptz)
         ON CONFLICT (click_id) DO UPDATE SET listener_id = EXCLUDED.listener_id`,
        [JSON.stringify(linked)],
      );
    }
    await this.refreshConnects(manager, [...pairs.values()]);
  }

  /**
   * Recomputes the first linked click of these (campaign, listener) pairs and moves the connect counts that
   * changed. A first linked click made after the listener first connected (`listeners.created_at`: a
   * connected browser's click, linked as it is recorded) is kept, flagged `already_connected`, and is not a
   * connect: the campaign did not bring that connection.
   */
  private async refreshConnects(
    manager: EntityManager,
    pairs: Array<{ campaign_id: string; listener_id: string }>,
  ): Promise<void> {
    if (pairs.length === 0) return;
    // Array filters, not a join on the JSON: a plan that stays index-backed even with stale statistics
    // (right after a bulk load); rows of pairs not asked for are dropped below.
    const campaigns = [...new Set(pairs.map((p) => p.campaign_id))];
    const listeners = [...new Set(pairs.map((p) => p.listener_id))];
    const fresh = (await manager.query(
      `SELECT DISTINCT ON (m.campaign_id, m.listener_id) m.campaign_id, m.listener_id, m.click_id, m.link_id,
              m.utm_source, m.clicked_at::text AS clicked_at, ${ALREADY_CONNECTED('m')} AS already_connected
         FROM analytics_linked_clicks m
        WHERE m.campaign_id = ANY($1::uuid[]) AND m.listener_id = ANY($2::uuid[])
        ORDER BY m.campaign_id, m.listener_id, m.clicked_at, m.click_id`,
      [campaigns, listeners],
    )) as ConnectRow[];
    const stored = (await manager.query(
      `SELECT c.campaign_id, c.listener_id, c.click_id, c.link_id, c.utm_source, c.clicked_at::text AS clicked_at,
              c.already_connected
         FROM analytics_connects c
        WHERE c.campaign_id = ANY($1::uuid[]) AND c.listener_id = ANY($2::uuid[])`,
      [campaigns, listeners],
    )) as ConnectRow[];
    const freshBy = new Map(fresh.map((r) => [pairKey(r.campaign_id, r.listener_id), r]));
    const storedBy = new Map(stored.map((r) => [pairKey(r.campaign_id, r.listener_id), r]));
    const deltas: Array<ConnectRow & { delta: number }> = [];
    const removed: ConnectRow[] = [];
    const added: ConnectRow[] = [];
    for (const pair of pairs) {
      const key = pairKey(pair.campaign_id, pair.listener_id);
      const before = storedBy.get(key);
      const after = freshBy.get(key);
      if (before?.click_id === after?.click_id && before?.already_connected === after?.already_connected)
        continue;
      if (before) {
        removed.push(before);
        if (!before.already_connected) deltas.push({ ...before, delta: -1 });
      }
      if (after) {
        added.push(after);
        if (!after.already_connected) deltas.push({ ...after, delta: 1 });
      }
    }
    if (removed.length > 0) {
      await manager.query(
        `DELETE FROM analytics_connects
          WHERE campaign_id = ANY($2::uuid[]) AND listener_id = ANY($3::uuid[])
            AND (campaign_id, listener_id) IN (
                  SELECT campaign_id, listener_id FROM json_to_recordset($1::json) AS p(campaign_id uuid, listener_id uuid))`,
        [JSON.stringify(removed), campaigns, listeners],
      );
    }
    if (added.length > 0) {
      await manager.query(
        `INSERT INTO analytics_connects (campaign_id, listener_id, click_id, link_id, utm_source, clicked_at,
                                         already_connected)
         SELECT campaign_id, listener_id, click_id, link_id, utm_source, clicked_at, already_connected
           FROM json_to_recordset($1::json) AS p(campaign_id uuid, listener_id uuid, click_id uuid, link_id uuid,
                                                 utm_source varchar, clicked_at timestamptz, already_connected boolean)`,
        [JSON.stringify(added)],
      );
    }
    if (deltas.length > 0) {
      await manager.query(
        `INSERT INTO analytics_click_rollups AS r (campaign_id, grain, bucket, link_id, utm_source, clicks, bot_clicks,
                                                  first_visits, connects)
         SELECT d.campaign_id, g.grain, date_trunc(g.unit, d.clicked_at, 'UTC'), d.link_id, d.utm_source, 0, 0, 0,
                sum(d.delta)
           FROM json_to_recordset($1::json) AS d(campaign_id uuid, link_id uuid, utm_source varchar,
                                                 clicked_at timestamptz, delta integer)
          CROSS JOIN ${GRAINS}
          GROUP BY 1, 2, 3, 4, 5
         ON CONFLICT (campaign_id, grain, bucket, link_id, utm_source) DO UPDATE
            SET connects = r.connects + EXCLUDED.connects`,
        [JSON.stringify(deltas)],
      );
    }
  }

  // ---- attributions -------------------------------------------------------------------------------------

  private async applyAttributionBatch(manager: EntityManager): Promise<number> {
    const taken = (await manager.query(
      `WITH taken AS (
         DELETE FROM analytics_attribution_queue
          WHERE seq IN (SELECT seq FROM analytics_attribution_queue ORDER BY seq LIMIT $1)
          RETURNING seq, sign, campaign_id, generation, link_id, utm_source, listener_id, track_id,
                    played_at::text AS played_at, tier, credit_micros)
       SELECT * FROM taken`,
      [ROLLUP_BATCH],
    )) as AttributionEvent[];
    if (taken.length === 0) return 0;
    const live = await this.existingCampaigns(
      manager,
      taken.map((e) => e.campaign_id),
    );
    const events = taken.filter((e) => live.has(e.campaign_id));
    if (events.length === 0) return taken.length;
    const json = JSON.stringify(events);
    const recordset = `json_to_recordset($1::json) AS e(sign integer, campaign_id uuid, generation integer, link_id uuid,
      utm_source varchar, listener_id uuid, track_id varchar, played_at timestamptz, tier varchar, credit_micros bigint)`;
    await manager.query(
      `INSERT INTO analytics_play_rollups AS r (campaign_id, generation, grain, bucket, link_id, utm_source, tier, plays,
                                               credit_micros, listeners, existing_listeners)
       SELECT e.campaign_id, e.generation, g.grain, date_trunc(g.unit, e.played_at, 'UTC'), e.link_id, e.utm_source,
              e.tier, sum(e.sign), sum(e.sign * e.credit_micros), 0, 0
         FROM ${recordset} CROSS JOIN ${GRAINS}
        GROUP BY 1, 2, 3, 4, 5, 6, 7
       ON CONFLICT (campaign_id, generation, grain, bucket, link_id, utm_source, tier) DO UPDATE
          SET plays = r.plays + EXCLUDED.plays, credit_micros = r.credit_micros + EXCLUDED.credit_micros`,
      [json],
    );
    await manager.query(
      `INSERT INTO analytics_track_rollups AS r (campaign_id, generation, grain, bucket, track_id, tier, plays,
                                                credit_micros)
       SELECT e.campaign_id, e.generation, g.grain, date_trunc(g.unit, e.played_at, 'UTC'), e.track_id, e.tier,
              sum(e.sign), sum(e.sign * e.credit_micros)
         FROM ${recordset} CROSS JOIN ${GRAINS}
        GROUP BY 1, 2, 3, 4, 5, 6
       ON CONFLICT (campaign_id, generation, grain, bucket, track_id, tier) DO UPDATE
          SET plays = r.plays + EXCLUDED.plays, credit_micros = r.credit_micros + EXCLUDED.credit_micros`,
      [json],
    );
    const triples = new Map<string, { campaign_id: string; generation: number; listener_id: string }>();
    for (const e of events) {
      triples.set(pairKey(e.campaign_id, e.generation, e.listener_id), {
        campaign_id: e.campaign_id,
        generation: e.generation,
        listener_id: e.listener_id,
      });
    }
    await this.refreshListenerFirsts(manager, [...triples.values()]);
    const campaigns = [...new Set(events.map((e) => e.campaign_id))];
    await manager.query(
      `DELETE FROM analytics_play_rollups WHERE campaign_id = ANY($1::uuid[])
          AND plays = 0 AND credit_micros = 0 AND listeners = 0 AND existing_listeners = 0`,
      [campaigns],
    );
    await manager.query(
      `DELETE FROM analytics_track_rollups WHERE campaign_id = ANY($1::uuid[]) AND plays = 0 AND credit_micros = 0`,
      [campaigns],
    );
    return taken.length;
  }

  /** Recomputes the first attributed play of these (campaign, generation, listener)s; moves the counts that changed. */
  private async refreshListenerFirsts(
    manager: EntityManager,
    triples: Array<{ campaign_id: string; generation: number; listener_id: string }>,
  ): Promise<void> {
    if (triples.length === 0) return;
    const campaigns = [...new Set(triples.map((t) => t.campaign_id))];
    const listeners = [...new Set(triples.map((t) => t.listener_id))];
    const fresh = (await manager.query(
      FIRSTS_SELECT('', 'a.campaign_id = ANY($1::uuid[]) AND a.listener_id = ANY($2::uuid[])', true),
      [campaigns, listeners],
    )) as FirstRow[];
    const stored = (await manager.query(
      `SELECT f.campaign_id, f.generation, f.listener_id, f.attribution_id, f.played_at::text AS played_at,
              f.clicked_at::text AS clicked_at, f.link_id, f.utm_source, f.tier, f.existing
         FROM analytics_listener_firsts f
        WHERE f.campaign_id = ANY($1::uuid[]) AND f.listener_id = ANY($2::uuid[])`,
      [campaigns, listeners],
    )) as FirstRow[];
    const key = (r: { campaign_id: string; generation: number; listener_id: string }) =>
      pairKey(r.campaign_id, r.generation, r.listener_id);
    const freshBy = new Map(fresh.map((r) => [key(r), r]));
    const storedBy = new Map(stored.map((r) => [key(r), r]));
    const same = (a: FirstRow, b: FirstRow) =>
      a.attribution_id === b.attribution_id &&
      a.played_at === b.played_at &&
      a.clicked_at === b.clicked_at &&
      a.link_id === b.link_id &&
      a.utm_source === b.utm_source &&
      a.tier === b.tier &&
      a.existing === b.existing;
    const removed: FirstRow[] = [];
    const added: FirstRow[] = [];
    const deltas: Array<FirstRow & { delta: number }> = [];
    for (const triple of triples) {
      const before = storedBy.get(key(triple));
      const after = freshBy.get(key(triple));
      if (before && after && same(before, after)) continue;
      if (before) {
        removed.push(before);
        deltas.push({ ...before, delta: -1 });
      }
      if (after) {
        added.push(after);
        deltas.push({ ...after, delta: 1 });
      }
    }
    if (removed.length > 0) {
      await manager.query(
        `DELETE FROM analytics_listener_firsts
          WHERE campaign_id = ANY($2::uuid[]) AND listener_id = ANY($3::uuid[])
            AND (campaign_id, generation, listener_id) IN (
                  SELECT campaign_id, generation, listener_id
                    FROM json_to_recordset($1::json) AS t(campaign_id uuid, generation integer, listener_id uuid))`,
        [JSON.stringify(removed), campaigns, listeners],
      );
    }
    if (added.length > 0) {
      await manager.query(
        `INSERT INTO analytics_listener_firsts (campaign_id, generation, listener_id, attribution_id, played_at,
                                               clicked_at, link_id, utm_source, tier, existing)
         SELECT campaign_id, generation, listener_id, attribution_id, played_at, clicked_at, link_id, utm_source, tier,
                existing
           FROM json_to_recordset($1::json) AS t(campaign_id uuid, generation integer, listener_id uuid,
                attribution_id bigint, played_at timestamptz, clicked_at timestamptz, link_id uuid, utm_source varchar,
                tier varchar, existing boolean)`,
        [JSON.stringify(added)],
      );
    }
    if (deltas.length > 0) {
      await manager.query(
        `INSERT INTO analytics_play_rollups AS r (campaign_id, generation, grain, bucket, link_id, utm_source, tier,
                                                 plays, credit_micros, listeners, existing_listeners)
         SELECT d.campaign_id, d.generation, g.grain, date_trunc(g.unit, d.played_at, 'UTC'), d.link_id, d.utm_source,
                d.tier, 0, 0, sum(d.delta), coalesce(sum(d.delta) FILTER (WHERE d.existing), 0)
           FROM json_to_recordset($1::json) AS d(campaign_id uuid, generation integer, link_id uuid, utm_source varchar,
                                                 tier varchar, played_at timestamptz, existing boolean, delta integer)
          CROSS JOIN ${GRAINS}
          GROUP BY 1, 2, 3, 4, 5, 6, 7
         ON CONFLICT (campaign_id, generation, grain, bucket, link_id, utm_source, tier) DO UPDATE
            SET listeners = r.listeners + EXCLUDED.listeners,
                existing_listeners = r.existing_listeners + EXCLUDED.existing_listeners`,
        [JSON.stringify(deltas)],
      );
    }
  }

  // ---- rebuild ------------------------------------------------------------------------------------------

  private async rebuildClicks(manager: EntityManager, campaignId: string | null): Promise<void> {
    const scope = (column: string) => `($1::uuid IS NULL OR ${column} = $1::uuid)`;
    const p = [campaignId];
    for (const table of [
      'analytics_click_queue',
      'analytics_click_rollups',
      'analytics_linked_clicks',
      'analytics_connects',
    ]) {
      await manager.query(`DELETE FROM ${table} WHERE ${scope('campaign_id')}`, p);
    }
    await manager.query(
      `INSERT INTO analytics_click_rollups (campaign_id, grain, bucket, link_id, utm_source, clicks, bot_clicks,
                                           first_visits, connects)
       SELECT k.campaign_id, g.grain, date_trunc(g.unit, k.clicked_at, 'UTC'), k.link_id, coalesce(k.utm_source, ''),
              count(*) FILTER (WHERE NOT k.is_bot AND NOT k.is_head), count(*) FILTER (WHERE k.is_bot OR k.is_head),
              count(*) FILTER (WHERE k.is_first_visit AND NOT k.is_bot AND NOT k.is_head), 0
         FROM clicks k JOIN campaigns c ON c.id = k.campaign_id CROSS JOIN ${GRAINS}
        WHERE ${scope('k.campaign_id')}
        GROUP BY 1, 2, 3, 4, 5`,
      p,
    );
    await manager.query(
      `INSERT INTO analytics_linked_clicks (click_id, campaign_id, listener_id, link_id, utm_source, clicked_at)
       SELECT k.id, k.campaign_id, k.listener_id, k.link_id, coalesce(k.utm_source, ''), k.clicked_at
         FROM clicks k JOIN campaigns c ON c.id = k.campaign_id
        WHERE ${scope('k.campaign_id')} AND k.listener_id IS NOT NULL AND NOT k.is_bot AND NOT k.is_head`,
      p,
    );
    await manager.query(
      `INSERT INTO analytics_connects (campaign_id, listener_id, click_id, link_id, utm_source, clicked_at,
                                       already_connected)
       SELECT DISTINCT ON (m.campaign_id, m.listener_id) m.campaign_id, m.listener_id, m.click_id, m.link_id,
              m.utm_source, m.clicked_at, ${ALREADY_CONNECTED('m')}
         FROM analytics_linked_clicks m WHERE ${scope('m.campaign_id')}
        ORDER BY m.campaign_id, m.listener_id, m.clicked_at, m.click_id`,
      p,
    );
    await manager.query(
      `INSERT INTO analytics_click_rollups AS r (campaign_id, grain, bucket, link_id, utm_source, clicks, bot_clicks,
                                                first_visits, connects)
       SELECT c.campaign_id, g.grain, date_trunc(g.unit, c.clicked_at, 'UTC'), c.link_id, c.utm_source, 0, 0, 0,
              count(*)
         FROM analytics_connects c CROSS JOIN ${GRAINS}
        WHERE ${scope('c.campaign_id')} AND NOT c.already_connected
        GROUP BY 1, 2, 3, 4, 5
       ON CONFLICT (campaign_id, grain, bucket, link_id, utm_source) DO UPDATE SET connects = EXCLUDED.connects`,
      p,
    );
  }

  private async rebuildAttributions(manager: EntityManager, campaignId: string | null): Promise<void> {
    const scope = (column: string) => `($1::uuid IS NULL OR ${column} = $1::uuid)`;
    const p = [campaignId];
    for (const table of [
      'analytics_attribution_queue',
      'analytics_play_rollups',
      'analytics_track_rollups',
      'analytics_listener_firsts',
    ]) {
      await manager.query(`DELETE FROM ${table} WHERE ${scope('campaign_id')}`, p);
    }
    await manager.query(
      `INSERT INTO analytics_play_rollups (campaign_id, generation, grain, bucket, link_id, utm_source, tier, plays,
                                          credit_micros, listeners, existing_listeners)
       SELECT a.campaign_id, a.generation, g.grain, date_trunc(g.unit, a.played_at, 'UTC'), a.link_id,
              coalesce(k.utm_source, ''), a.tier, count(*), sum(${MICROS('a.credit')}), 0, 0
         FROM attributions a JOIN campaigns c ON c.id = a.campaign_id LEFT JOIN clicks k ON k.id = a.click_id
        CROSS JOIN ${GRAINS}
        WHERE ${scope('a.campaign_id')}
        GROUP BY 1, 2, 3, 4, 5, 6, 7`,
      p,
    );
    await manager.query(
      `INSERT INTO analytics_track_rollups (campaign_id, generation, grain, bucket, track_id, tier, plays, credit_micros)
       SELECT a.campaign_id, a.generation, g.grain, date_trunc(g.unit, a.played_at, 'UTC'), a.track_id, a.tier,
              count(*), sum(${MICROS('a.credit')})
         FROM attributions a JOIN campaigns c ON c.id = a.campaign_id CROSS JOIN ${GRAINS}
        WHERE ${scope('a.campaign_id')}
        GROUP BY 1, 2, 3, 4, 5, 6`,
      p,
    );
    await manager.query(
      `INSERT INTO analytics_listener_firsts (campaign_id, generation, listener_id, attribution_id, played_at,
                                             clicked_at, link_id, utm_source, tier, existing)
       ${FIRSTS_SELECT('JOIN campaigns c ON c.id = a.campaign_id', scope('a.campaign_id'), false)}`,
      p,
    );
    await manager.query(
      `INSERT INTO analytics_play_rollups AS r (campaign_id, generation, grain, bucket, link_id, utm_source, tier, plays,
                                               credit_micros, listeners, existing_listeners)
       SELECT f.campaign_id, f.generation, g.grain, date_trunc(g.unit, f.played_at, 'UTC'), f.link_id, f.utm_source,
              f.tier, 0, 0, count(*), count(*) FILTER (WHERE f.existing)
         FROM analytics_listener_firsts f CROSS JOIN ${GRAINS}
        WHERE ${scope('f.campaign_id')}
        GROUP BY 1, 2, 3, 4, 5, 6, 7
       ON CONFLICT (campaign_id, generation, grain, bucket, link_id, utm_source, tier) DO UPDATE
          SET listeners = EXCLUDED.listeners, existing_listeners = EXCLUDED.existing_listeners`,
      p,
    );
  }
}

/**
 * Whether the linked click `m` came after its listener first connected (a connected browser's click): such a
 * click is not a connect. A listener row that is gone (erased) unlinks its clicks in the same transaction.
 */
export const ALREADY_CONNECTED = (m: string) =>
  `coalesce((SELECT ${m}.clicked_at > l.created_at FROM listeners l WHERE l.id = ${m}.listener_id), false)`;

/**
 * Each (campaign, generation, listener)'s first attributed play (by played_at, then id), with the credited
 * click's utm_source and whether the listener had played a campaign track before that click.
 */
function FIRSTS_SELECT(join: string, where: string, timesAsText: boolean): string {
  const time = (column: string) => (timesAsText ? `f.${column}::text AS ${column}` : `f.${column}`);
  return `SELECT f.campaign_id, f.generation, f.listener_id, f.attribution_id, ${time('played_at')}, ${time('clicked_at')}, f.link_id,
                 f.utm_source, f.tier,
                 EXISTS (SELECT 1 FROM plays p
                          WHERE p.listener_id = f.listener_id AND p.played_at < f.clicked_at
                            AND p.track_id IN (SELECT ct.track_id FROM campaign_tracks ct
                                                WHERE ct.campaign_id = f.campaign_id)) AS existing
            FROM (SELECT DISTINCT ON (a.campaign_id, a.generation, a.listener_id) a.campaign_id, a.generation,
                         a.listener_id, a.id AS attribution_id, a.played_at, a.clicked_at, a.link_id,
                         coalesce(k.utm_source, '') AS utm_source, a.tier
                    FROM attributions a ${join} LEFT JOIN clicks k ON k.id = a.click_id
                   WHERE ${where}
                   ORDER BY a.campaign_id, a.generation, a.listener_id, a.played_at, a.id) f`;
}
