import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FirstEventKey, FirstEventTable } from './analytics-first-events.repository';
import { GRAINS, MICROS } from './analytics-rollups.repository';

/** A change of `attributions` as its trigger queued it: +1 for the row that arrived, -1 for the row that left. */
export interface AttributionEvent {
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

/** The key of `analytics_listener_firsts`. */
export interface ListenerFirstKey extends FirstEventKey {
  generation: number;
}

/** A (campaign, generation, listener)'s first attributed play. */
export interface ListenerFirstRow extends ListenerFirstKey {
  attribution_id: string;
  played_at: string;
  clicked_at: string;
  link_id: string;
  utm_source: string;
  tier: string;
  existing: boolean;
}

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
                         a.utm_source, a.tier
                    FROM attributions a ${join}
                   WHERE ${where}
                   ORDER BY a.campaign_id, a.generation, a.listener_id, a.played_at, a.id) f`;
}

/** The attribution changes as a record set (`$1`: their JSON). */
const EVENTS = `json_to_recordset($1::json) AS e(sign integer, campaign_id uuid, generation integer, link_id uuid,
      utm_source varchar, listener_id uuid, track_id varchar, played_at timestamptz, tier varchar, credit_micros bigint)`;

/**
 * The play rollups' table group: the attribution queue, `analytics_play_rollups`, `analytics_track_rollups` and
 * the listeners' first attributed plays (`analytics_listener_firsts`). Every statement runs in the rollup job's
 * (or a rebuild's) transaction, under the rollup lock.
 */
@Injectable()
export class AnalyticsPlayRollupsRepository {
  /** Takes one batch of the attribution queue, in queue order. */
  async takeBatch(manager: EntityManager, limit: number): Promise<AttributionEvent[]> {
    return (await manager.query(
      `WITH taken AS (
         DELETE FROM analytics_attribution_queue
          WHERE seq IN (SELECT seq FROM analytics_attribution_queue ORDER BY seq LIMIT $1)
          RETURNING seq, sign, campaign_id, generation, link_id, utm_source, listener_id, track_id,
                    played_at::text AS played_at, tier, credit_micros)
       SELECT * FROM taken`,
      [limit],
    )) as AttributionEvent[];
  }

  /** Adds the changes' plays and credit to the play and track rollups (signed sums). */
  async countPlays(manager: EntityManager, events: AttributionEvent[]): Promise<void> {
    const json = JSON.stringify(events);
    await manager.query(
      `INSERT INTO analytics_play_rollups AS r (campaign_id, generation, grain, bucket, link_id, utm_source, tier, plays,
                                               credit_micros, listeners, existing_listeners)
       SELECT e.campaign_id, e.generation, g.grain, date_trunc(g.unit, e.played_at, 'UTC'), e.link_id, e.utm_source,
              e.tier, sum(e.sign), sum(e.sign * e.credit_micros), 0, 0
         FROM ${EVENTS} CROSS JOIN ${GRAINS}
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
         FROM ${EVENTS} CROSS JOIN ${GRAINS}
        GROUP BY 1, 2, 3, 4, 5, 6
       ON CONFLICT (campaign_id, generation, grain, bucket, track_id, tier) DO UPDATE
          SET plays = r.plays + EXCLUDED.plays, credit_micros = r.credit_micros + EXCLUDED.credit_micros`,
      [json],
    );
  }

  /** A rebuild has no row for a bucket without plays or listeners: the buckets the changes emptied go. */
  async deleteEmptyBuckets(manager: EntityManager, campaigns: string[]): Promise<void> {
    await manager.query(
      `DELETE FROM analytics_play_rollups WHERE campaign_id = ANY($1::uuid[])
          AND plays = 0 AND credit_micros = 0 AND listeners = 0 AND existing_listeners = 0`,
      [campaigns],
    );
    await manager.query(
      `DELETE FROM analytics_track_rollups WHERE campaign_id = ANY($1::uuid[]) AND plays = 0 AND credit_micros = 0`,
      [campaigns],
    );
  }

  /**
   * The listeners' first attributed plays as a first-event table: each (campaign, generation, listener)'s first
   * attributed play, whose arrival or departure moves its bucket's listener count (and existing-listener count
   * when the listener had played a campaign track before the click).
   */
  readonly listenerFirsts: FirstEventTable<ListenerFirstKey, ListenerFirstRow> = {
    key: (r) => `${r.campaign_id}|${r.generation}|${r.listener_id}`,
    same: (a, b) =>
      a.attribution_id === b.attribution_id &&
      a.played_at === b.played_at &&
      a.clicked_at === b.clicked_at &&
      a.link_id === b.link_id &&
      a.utm_source === b.utm_source &&
      a.tier === b.tier &&
      a.existing === b.existing,
    counts: () => true,
    derive: async (manager, scope) =>
      (await manager.query(
        FIRSTS_SELECT('', 'a.campaign_id = ANY($1::uuid[]) AND a.listener_id = ANY($2::uuid[])', true),
        [scope.campaigns, scope.listeners],
      )) as ListenerFirstRow[],
    stored: async (manager, scope) =>
      (await manager.query(
        `SELECT f.campaign_id, f.generation, f.listener_id, f.attribution_id, f.played_at::text AS played_at,
                f.clicked_at::text AS clicked_at, f.link_id, f.utm_source, f.tier, f.existing
           FROM analytics_listener_firsts f
          WHERE f.campaign_id = ANY($1::uuid[]) AND f.listener_id = ANY($2::uuid[])`,
        [scope.campaigns, scope.listeners],
      )) as ListenerFirstRow[],
    delete: async (manager, rows, scope) => {
      await manager.query(
        `DELETE FROM analytics_listener_firsts
          WHERE campaign_id = ANY($2::uuid[]) AND listener_id = ANY($3::uuid[])
            AND (campaign_id, generation, listener_id) IN (
                  SELECT campaign_id, generation, listener_id
                    FROM json_to_recordset($1::json) AS t(campaign_id uuid, generation integer, listener_id uuid))`,
        [JSON.stringify(rows), scope.campaigns, scope.listeners],
      );
    },
    insert: async (manager, rows) => {
      await manager.query(
        `INSERT INTO analytics_listener_firsts (campaign_id, generation, listener_id, attribution_id, played_at,
                                               clicked_at, link_id, utm_source, tier, existing)
         SELECT campaign_id, generation, listener_id, attribution_id, played_at, clicked_at, link_id, utm_source, tier,
                existing
           FROM json_to_recordset($1::json) AS t(campaign_id uuid, generation integer, listener_id uuid,
                attribution_id bigint, played_at timestamptz, clicked_at timestamptz, link_id uuid, utm_source varchar,
                tier varchar, existing boolean)`,
        [JSON.stringify(rows)],
      );
    },
    moveCounts: async (manager, deltas) => {
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
    },
  };

  /** Recomputes the play and track rollups and the listeners' firsts from `attributions` (one campaign, or all). */
  async rebuild(manager: EntityManager, campaignId: string | null): Promise<void> {
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
              a.utm_source, a.tier, count(*), sum(${MICROS('a.credit')}), 0, 0
         FROM attributions a JOIN campaigns c ON c.id = a.campaign_id
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
