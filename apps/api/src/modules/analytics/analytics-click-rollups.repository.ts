import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FirstEventKey, FirstEventTable } from './analytics-first-events.repository';
import { GRAINS } from './analytics-rollups.repository';

/** A change of `clicks` as its trigger queued it: a new click, or a click's listener linked or unlinked. */
export interface ClickEvent {
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

/** What taking one batch of the click queue left for this process to do. */
export interface ClickBatch {
  /** Queue rows consumed. */
  taken: number;
  /** Campaigns that lost clicks (a deleted link's) or linked clicks: buckets may be left all zero. */
  shrunk: string[];
  /** The batch's listener-linking events (of live campaigns), in queue order. */
  linking: ClickEvent[];
}

/** A (campaign, listener)'s first linked click. */
export interface ConnectRow extends FirstEventKey {
  click_id: string;
  link_id: string;
  utm_source: string;
  clicked_at: string;
  /** The listener had connected before this, their first linked click of the campaign: not a connect. */
  already_connected: boolean;
}

/**
 * Whether the linked click `m` came after its listener first connected (a connected browser's click): such a
 * click is not a connect. A listener row that is gone (erased) unlinks its clicks in the same transaction.
 */
const ALREADY_CONNECTED = (m: string) =>
  `coalesce((SELECT ${m}.clicked_at > l.created_at FROM listeners l WHERE l.id = ${m}.listener_id), false)`;

/**
 * The click rollups' table group: the click queue, `analytics_click_rollups`, the linked-click mirror
 * (`analytics_linked_clicks`) and the connects (`analytics_connects`). Every statement runs in the rollup
 * job's (or a rebuild's) transaction, under the rollup lock.
 */
@Injectable()
export class AnalyticsClickRollupsRepository {
  /**
   * Takes one batch of the click queue. New clicks (nearly every event) are counted into the rollups inside the
   * statement that takes them from the queue, so they never travel to this process and back; only the rare
   * listener-linking events come back, in queue order.
   */
  async takeBatch(manager: EntityManager, limit: number): Promise<ClickBatch> {
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
      [limit],
    )) as Array<{ taken: number; shrunk: string[]; linking: ClickEvent[] }>;
    return { taken: result?.taken ?? 0, shrunk: result?.shrunk ?? [], linking: result?.linking ?? [] };
  }

  /** A rebuild has no row for a bucket without clicks: the buckets a deletion emptied go. */
  async deleteEmptyBuckets(manager: EntityManager, campaigns: string[]): Promise<void> {
    await manager.query(
      `DELETE FROM analytics_click_rollups WHERE campaign_id = ANY($1::uuid[])
          AND clicks = 0 AND bot_clicks = 0 AND first_visits = 0 AND connects = 0`,
      [campaigns],
    );
  }

  /** Takes these clicks out of the linked-click mirror. */
  async unlinkClicks(manager: EntityManager, clickIds: string[]): Promise<void> {
    await manager.query('DELETE FROM analytics_linked_clicks WHERE click_id = ANY($1::uuid[])', [clickIds]);
  }

  /** Puts these clicks in the linked-click mirror under their new listener. */
  async linkClicks(manager: EntityManager, events: ClickEvent[]): Promise<void> {
    await manager.query(
      `INSERT INTO analytics_linked_clicks (click_id, campaign_id, listener_id, link_id, utm_source, clicked_at)
       SELECT click_id, campaign_id, new_listener_id, link_id, utm_source, clicked_at
         FROM json_to_recordset($1::json) AS e(click_id uuid, campaign_id uuid, new_listener_id uuid, link_id uuid,
                                               utm_source varchar, clicked_at timestamptz)
       ON CONFLICT (click_id) DO UPDATE SET listener_id = EXCLUDED.listener_id`,
      [JSON.stringify(events)],
    );
  }

  /**
   * The connects as a first-event table: each (campaign, listener)'s first linked click, whose arrival or
   * departure moves its bucket's connect count. A first linked click made after the listener first connected
   * (`listeners.created_at`: a connected browser's click, linked as it is recorded) is kept, flagged
   * `already_connected`, and is not a connect: the campaign did not bring that connection.
   */
  readonly connects: FirstEventTable<FirstEventKey, ConnectRow> = {
    key: (r) => `${r.campaign_id}|${r.listener_id}`,
    same: (a, b) => a.click_id === b.click_id && a.already_connected === b.already_connected,
    counts: (r) => !r.already_connected,
    derive: async (manager, scope) =>
      (await manager.query(
        `SELECT DISTINCT ON (m.campaign_id, m.listener_id) m.campaign_id, m.listener_id, m.click_id, m.link_id,
                m.utm_source, m.clicked_at::text AS clicked_at, ${ALREADY_CONNECTED('m')} AS already_connected
           FROM analytics_linked_clicks m
          WHERE m.campaign_id = ANY($1::uuid[]) AND m.listener_id = ANY($2::uuid[])
          ORDER BY m.campaign_id, m.listener_id, m.clicked_at, m.click_id`,
        [scope.campaigns, scope.listeners],
      )) as ConnectRow[],
    stored: async (manager, scope) =>
      (await manager.query(
        `SELECT c.campaign_id, c.listener_id, c.click_id, c.link_id, c.utm_source, c.clicked_at::text AS clicked_at,
                c.already_connected
           FROM analytics_connects c
          WHERE c.campaign_id = ANY($1::uuid[]) AND c.listener_id = ANY($2::uuid[])`,
        [scope.campaigns, scope.listeners],
      )) as ConnectRow[],
    delete: async (manager, rows, scope) => {
      await manager.query(
        `DELETE FROM analytics_connects
          WHERE campaign_id = ANY($2::uuid[]) AND listener_id = ANY($3::uuid[])
            AND (campaign_id, listener_id) IN (
                  SELECT campaign_id, listener_id FROM json_to_recordset($1::json) AS p(campaign_id uuid, listener_id uuid))`,
        [JSON.stringify(rows), scope.campaigns, scope.listeners],
      );
    },
    insert: async (manager, rows) => {
      await manager.query(
        `INSERT INTO analytics_connects (campaign_id, listener_id, click_id, link_id, utm_source, clicked_at,
                                         already_connected)
         SELECT campaign_id, listener_id, click_id, link_id, utm_source, clicked_at, already_connected
           FROM json_to_recordset($1::json) AS p(campaign_id uuid, listener_id uuid, click_id uuid, link_id uuid,
                                                 utm_source varchar, clicked_at timestamptz, already_connected boolean)`,
        [JSON.stringify(rows)],
      );
    },
    moveCounts: async (manager, deltas) => {
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
    },
  };

  /** Recomputes the click rollups, the linked-click mirror and the connects from `clicks` (one campaign, or all). */
  async rebuild(manager: EntityManager, campaignId: string | null): Promise<void> {
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
}
