import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Who is exposed: the campaign's connects whose first linked (counted) click is in [from, to), filtered. */
export interface LiftCohortQuery {
  campaignId: string;
  from: Date;
  to: Date;
  linkId?: string;
  utmSource?: string;
}

export interface LiftPeriodsQuery extends LiftCohortQuery {
  /** The control group's anchor (both its periods are measured from it); null: no control group. */
  controlAnchor: Date | null;
  /** At most this many control listeners: a fixed pseudo-random sample when more did not click. */
  controlSample: number;
  beforeDays: number;
  afterHours: number;
  now: Date;
}

/** One listener of either group: observed days and campaign-track plays before and after their anchor. */
export interface LiftListenerRow {
  group: 'exposed' | 'control';
  listenerId: string;
  beforeDays: number;
  afterDays: number;
  beforePlays: number;
  afterPlays: number;
  /** Control rows: how many connected listeners did not click (the pool the control sample comes from). */
  pool: number;
}

/**
 * The SQL of the lift against a control group (docs/analytics.md, "Lift"): per-listener aggregates only; the
 * estimate and its bootstrap interval are computed by `AnalyticsLiftService`.
 *
 * It reads the analytics module's own `analytics_connects` (the first linked counted click per campaign and
 * listener) and, like completeness and retention, the listener module's `listeners`, `plays` and
 * `observation_gaps` rows, plus the campaign's target set (`campaign_tracks`).
 */
@Injectable()
export class AnalyticsLiftRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The exposed listeners' anchors (their first linked counted click of the campaign), oldest first. */
  async exposedAnchors(query: LiftCohortQuery): Promise<Date[]> {
    const params: unknown[] = [];
    const exposed = this.exposed(params, query);
    const rows = (await this.dataSource.query(`${exposed} ORDER BY anchor, listener_id`, params)) as Array<{
      anchor: Date | string;
    }>;
    return rows.map((r) => new Date(r.anchor));
  }

  /**
   * Every listener of both groups, ordered by group then id (the bootstrap's order, so its draws are
   * reproducible), with what was observed of them in the period before and the period after their anchor.
   *
   * A listener is observed from the earliest of their creation, their consent and their first baseline play
   * (the 50 plays imported at connect cover the time back to the oldest of them) until now, their disconnection,
   * or, while Spotify refuses them (`needs_reconnect`, `dev_mode_blocked`), the last poll; observation gaps
   * are cut out. Only campaign-track plays inside the observed time count.
   */
  async listenerPeriods(query: LiftPeriodsQuery): Promise<LiftListenerRow[]> {
    const params: unknown[] = [];
    const exposed = this.exposed(params, query);
    const p = (value: unknown) => `$${params.push(value)}`;
    const campaign = p(query.campaignId);
    const anchor = p(query.controlAnchor);
    const now = p(query.now);
    const beforeDays = p(query.beforeDays);
    const afterHours = p(query.afterHours);
    const rows = (await this.dataSource.query(
      `WITH tracks AS MATERIALIZED (SELECT DISTINCT track_id FROM campaign_tracks WHERE campaign_id = ${campaign}),
       exposed AS (${exposed}),
       control AS (
         SELECT l.id AS listener_id, ${anchor}::timestamptz AS anchor, count(*) OVER () AS pool FROM listeners l
          WHERE ${anchor}::timestamptz IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM analytics_connects c WHERE c.campaign_id = ${campaign} AND c.listener_id = l.id)
          ORDER BY md5(l.id::text || ${campaign}::text) LIMIT ${p(query.controlSample)}
       ),
       members AS MATERIALIZED (
         SELECT 'exposed'::text AS grp, listener_id, anchor, 0::bigint AS pool FROM exposed
         UNION ALL SELECT 'control'::text, listener_id, anchor, pool FROM control
       ),
       spans AS MATERIALIZED (
         SELECT m.grp, m.listener_id, m.anchor, m.pool,
                least(l.created_at, l.consented_at,
                      (SELECT pl.played_at FROM plays pl WHERE pl.listener_id = l.id AND pl.source = 'baseline'
                        ORDER BY pl.played_at LIMIT 1)) AS s,
                CASE WHEN l.status IN ('needs_reconnect', 'dev_mode_blocked')
                       THEN least(coalesce(l.last_polled_at, l.consented_at), ${now}::timestamptz)
                     ELSE least(coalesce(l.disconnected_at, 'infinity'), ${now}::timestamptz) END AS e
           FROM members m JOIN listeners l ON l.id = m.listener_id
       ),
       observed AS (
         SELECT sp.grp, sp.listener_id, sp.anchor, sp.pool,
                (CASE WHEN sp.e > sp.s THEN tstzmultirange(tstzrange(sp.s, sp.e)) ELSE '{}'::tstzmultirange END)
                - coalesce((SELECT range_agg(tstzrange(g.gap_from, g.gap_to)) FROM observation_gaps g
                             WHERE g.listener_id = sp.listener_id AND g.gap_to > g.gap_from), '{}'::tstzmultirange) AS obs
           FROM spans sp
       ),
       periods AS MATERIALIZED (
         SELECT o.grp, o.listener_id, o.pool,
                o.obs * tstzmultirange(tstzrange(o.anchor - make_interval(days => ${beforeDays}::int), o.anchor)) AS before,
                o.obs * tstzmultirange(tstzrange(o.anchor, greatest(o.anchor,
                          least(o.anchor + make_interval(hours => ${afterHours}::int), ${now}::timestamptz)))) AS after
           FROM observed o
       )
       SELECT x.grp, x.listener_id, x.pool::int AS pool,
              (SELECT coalesce(sum(extract(epoch FROM upper(r) - lower(r))), 0) FROM unnest(x.before) r)::float8 / 86400
                AS before_days,
              (SELECT coalesce(sum(extract(epoch FROM upper(r) - lower(r))), 0) FROM unnest(x.after) r)::float8 / 86400
                AS after_days,
              (SELECT count(*) FROM plays pl
                WHERE pl.listener_id = x.listener_id AND pl.track_id IN (SELECT track_id FROM tracks)
                  AND pl.played_at >= lower(x.before) AND pl.played_at < upper(x.before) AND x.before @> pl.played_at)::int
                AS before_plays,
              (SELECT count(*) FROM plays pl
                WHERE pl.listener_id = x.listener_id AND pl.track_id IN (SELECT track_id FROM tracks)
                  AND pl.played_at >= lower(x.after) AND pl.played_at < upper(x.after) AND x.after @> pl.played_at)::int
                AS after_plays
         FROM periods x
        ORDER BY x.grp DESC, x.listener_id`,
      params,
    )) as Array<{
      grp: 'exposed' | 'control';
      listener_id: string;
      before_days: number;
      after_days: number;
      before_plays: number;
      after_plays: number;
      pool: number;
    }>;
    return rows.map((r) => ({
      group: r.grp,
      listenerId: r.listener_id,
      beforeDays: Number(r.before_days),
      afterDays: Number(r.after_days),
      beforePlays: Number(r.before_plays),
      afterPlays: Number(r.after_plays),
      pool: Number(r.pool),
    }));
  }

  /** `SELECT listener_id, anchor` of the exposed group (parameters appended to `params`). */
  private exposed(params: unknown[], query: LiftCohortQuery): string {
    const p = (value: unknown) => `$${params.push(value)}`;
    let filters = '';
    if (query.linkId) filters += ` AND c.link_id = ${p(query.linkId)}`;
    if (query.utmSource) filters += ` AND c.utm_source = ${p(query.utmSource)}`;
    return `SELECT c.listener_id, c.clicked_at AS anchor FROM analytics_connects c
             WHERE c.campaign_id = ${p(query.campaignId)} AND c.clicked_at >= ${p(query.from)}
               AND c.clicked_at < ${p(query.to)}${filters}`;
  }
}
