import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CampaignEntity } from '../campaign/campaign.entity';
import { isUtcZone, ResolvedRange } from './analytics-range';

/** Collects positional parameters: `p.add(value)` answers `$n`. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A row of figures, as PostgreSQL answers it (counts as numbers, credit sums in millionths as strings). */
export type FigureRow = Record<string, unknown>;

export interface TrackerLinkRow {
  id: string;
  label: string;
  slug: string;
  utm_source: string | null;
}

export interface RetentionRow {
  name: string;
  lo: number;
  hi: number;
  cohort: number;
  eligible: number;
  retained: number;
}

export interface CompletenessRow {
  listeners: number;
  total: number;
  gap: number;
}

/**
 * The SQL of the campaign's figures (`AnalyticsService` turns the rows into the responses): sums of the rollups
 * (analytics-rollups.service.ts), whole UTC days from the day rows and the ragged ends of the range from the
 * hour rows; the first-event tables (`analytics_connects`, `analytics_listener_firsts`); and, for retention and
 * completeness, the listeners' plays, observation gaps and connection spans.
 */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The rollup rows of the range, as a derived table `r`: the day rows of its whole UTC days and the hour rows
   * of its two ragged ends, each an index range scan (an OR of the three would not be).
   */
  private rollup(p: Params, table: string, where: string, range: ResolvedRange, hoursOnly = false): string {
    const from = p.add(range.from);
    const to = p.add(range.to);
    const select = `SELECT * FROM ${table} r WHERE ${where}`;
    if (hoursOnly) return `(${select} AND r.grain = 'h' AND r.bucket >= ${from} AND r.bucket < ${to}) r`;
    const dayFrom = p.add(range.dayFrom);
    const dayTo = p.add(range.dayTo);
    return `(${select} AND r.grain = 'd' AND r.bucket >= ${dayFrom} AND r.bucket < ${dayTo}
             UNION ALL ${select} AND r.grain = 'h' AND r.bucket >= ${from} AND r.bucket < ${dayFrom}
             UNION ALL ${select} AND r.grain = 'h' AND r.bucket >= ${dayTo} AND r.bucket < ${to}) r`;
  }

  private clicks(p: Params, campaign: CampaignEntity, range: ResolvedRange, hoursOnly = false): string {
    const where = `r.campaign_id = ${p.add(campaign.id)}${this.clickFilters(p, range)}`;
    return this.rollup(p, 'analytics_click_rollups', where, range, hoursOnly);
  }

  private plays(p: Params, campaign: CampaignEntity, range: ResolvedRange, hoursOnly = false): string {
    const where = `r.campaign_id = ${p.add(campaign.id)} AND r.generation = ${p.add(campaign.attributionGeneration)}${this.playFilters(p, range)}`;
    return this.rollup(p, 'analytics_play_rollups', where, range, hoursOnly);
  }

  private clickFilters(p: Params, range: ResolvedRange, alias = 'r'): string {
    let sql = '';
    if (range.linkId) sql += ` AND ${alias}.link_id = ${p.add(range.linkId)}`;
    if (range.utmSource) sql += ` AND ${alias}.utm_source = ${p.add(range.utmSource)}`;
    return sql;
  }

  private playFilters(p: Params, range: ResolvedRange, alias = 'r'): string {
    let sql = this.clickFilters(p, range, alias);
    if (range.tier) sql += ` AND ${alias}.tier = ${p.add(range.tier)}`;
    return sql;
  }

  /** The funnel's sums in one row (see `AnalyticsService.funnel`). */
  async funnel(
    campaign: CampaignEntity,
    range: ResolvedRange,
  ): Promise<Record<string, number | string> | undefined> {
    const p = new Params();
    const id = p.add(campaign.id);
    const generation = p.add(campaign.attributionGeneration);
    const from = p.add(range.from);
    const to = p.add(range.to);
    let connectFilters = '';
    if (range.linkId) connectFilters += ` AND k.link_id = ${p.add(range.linkId)}`;
    if (range.utmSource) connectFilters += ` AND k.utm_source = ${p.add(range.utmSource)}`;
    const reachedTier = range.tier ? ` AND f.tier = ${p.add(range.tier)}` : '';
    let playFilters = '';
    if (range.linkId) playFilters += ` AND a.link_id = ${p.add(range.linkId)}`;
    if (range.utmSource) playFilters += ` AND a.utm_source = ${p.add(range.utmSource)}`;
    if (range.tier) playFilters += ` AND a.tier = ${p.add(range.tier)}`;
    const [row] = (await this.dataSource.query(
      `WITH c AS (
         SELECT coalesce(sum(clicks), 0)::int AS clicks, coalesce(sum(bot_clicks), 0)::int AS bot_clicks,
                coalesce(sum(first_visits), 0)::int AS visitors, coalesce(sum(connects), 0)::int AS connects
           FROM ${this.clicks(p, campaign, range)}
       ), a AS (
         SELECT coalesce(sum(plays), 0)::int AS plays, coalesce(sum(credit_micros), 0)::bigint AS credit,
                coalesce(sum(listeners), 0)::int AS listeners, coalesce(sum(existing_listeners), 0)::int AS existing
           FROM ${this.plays(p, campaign, range)}
       ), k AS (
         SELECT count(*) FILTER (WHERE k.already_connected)::int AS already_connected,
                count(*) FILTER (WHERE NOT k.already_connected AND EXISTS (
                  SELECT 1 FROM analytics_listener_firsts f
                   WHERE f.campaign_id = k.campaign_id AND f.generation = ${generation}
                     AND f.listener_id = k.listener_id${reachedTier}))::int AS reached
           FROM analytics_connects k
          WHERE k.campaign_id = ${id} AND k.clicked_at >= ${from} AND k.clicked_at < ${to}${connectFilters}
       ), u AS (
         SELECT count(DISTINCT a.listener_id)::int AS active
           FROM attributions a
          WHERE a.campaign_id = ${id} AND a.generation = ${generation}
            AND a.played_at >= ${from} AND a.played_at < ${to}${playFilters}
       )
       SELECT * FROM c CROSS JOIN a CROSS JOIN k CROSS JOIN u`,
      p.values,
    )) as Array<Record<string, number | string>>;
    return row;
  }

  /** One row per bucket of the range (hour buckets are UTC hours; day and week buckets local to its zone). */
  async timeseries(campaign: CampaignEntity, range: ResolvedRange): Promise<FigureRow[]> {
    const p = new Params();
    const from = p.add(range.from);
    const to = p.add(range.to);
    const hourly = range.granularity === 'hour';
    // (Every parameter must appear in the SQL: the time zone and unit only do for local buckets.)
    const tz = hourly ? '' : p.add(range.tz);
    const unit = hourly ? '' : p.add(range.granularity);
    // Hour buckets are UTC hours (instants); day and week buckets are local to the time zone.
    const series = hourly
      ? `SELECT b AS k, b AS start FROM generate_series(${from}::timestamptz, ${to}::timestamptz - interval '1 hour', interval '1 hour') b`
      : `SELECT b AS k, b AT TIME ZONE ${tz} AS start
           FROM generate_series(date_trunc(${unit}, ${from}::timestamptz AT TIME ZONE ${tz}),
                                (${to}::timestamptz AT TIME ZONE ${tz}) - interval '1 microsecond',
                                ('1 ' || ${unit})::interval) b`;
    const key = hourly ? 'r.bucket' : `date_trunc(${unit}, r.bucket AT TIME ZONE ${tz})`;
    // Day rows can stand in for hours only where local days are UTC days.
    const hoursOnly = hourly || !isUtcZone(range.tz);
    const points = (await this.dataSource.query(
      `WITH s AS (${series}),
       c AS (
         SELECT ${key} AS k, sum(clicks)::int AS clicks, sum(first_visits)::int AS visitors,
                sum(connects)::int AS connects
           FROM ${this.clicks(p, campaign, range, hoursOnly)}
          GROUP BY 1
       ), a AS (
         SELECT ${key} AS k, sum(plays)::int AS plays, sum(plays) FILTER (WHERE tier = 'high')::int AS high,
                sum(plays) FILTER (WHERE tier = 'medium')::int AS medium,
                sum(plays) FILTER (WHERE tier = 'low')::int AS low, sum(credit_micros)::bigint AS credit,
                sum(listeners)::int AS listeners
           FROM ${this.plays(p, campaign, range, hoursOnly)}
          GROUP BY 1
       )
       SELECT s.start, c.clicks, c.visitors, c.connects, a.plays, a.high, a.medium, a.low, a.credit, a.listeners
         FROM s LEFT JOIN c ON c.k = s.k LEFT JOIN a ON a.k = s.k
        ORDER BY s.k`,
      p.values,
    )) as Array<Record<string, unknown>>;
    return points;
  }

  /**
   * The campaign's most played tracks. Rollup-backed (per track and tier); filtered by link or utm_source it
   * reads the campaign's attributions in the range instead (the track rollup has no link dimension).
   */
  async topTracks(campaign: CampaignEntity, range: ResolvedRange, limit: number): Promise<FigureRow[]> {
    const p = new Params();
    const id = p.add(campaign.id);
    const generation = p.add(campaign.attributionGeneration);
    let source: string;
    if (range.linkId || range.utmSource) {
      const from = p.add(range.from);
      const to = p.add(range.to);
      let filters = '';
      if (range.linkId) filters += ` AND a.link_id = ${p.add(range.linkId)}`;
      if (range.utmSource) filters += ` AND a.utm_source = ${p.add(range.utmSource)}`;
      if (range.tier) filters += ` AND a.tier = ${p.add(range.tier)}`;
      source = `SELECT a.track_id, count(*)::int AS plays, sum(round(a.credit::numeric * 1000000))::bigint AS credit
                  FROM attributions a
                 WHERE a.campaign_id = ${id} AND a.generation = ${generation}
                   AND a.played_at >= ${from} AND a.played_at < ${to}${filters}
                 GROUP BY a.track_id`;
    } else {
      const where = `r.campaign_id = ${id} AND r.generation = ${generation}${range.tier ? ` AND r.tier = ${p.add(range.tier)}` : ''}`;
      source = `SELECT r.track_id, sum(r.plays)::int AS plays, sum(r.credit_micros)::bigint AS credit
                  FROM ${this.rollup(p, 'analytics_track_rollups', where, range)}
                 GROUP BY r.track_id`;
    }
    const rows = (await this.dataSource.query(
      `WITH x AS (${source}), ranked AS (
         SELECT x.*, sum(x.plays) OVER () AS total FROM x WHERE x.plays <> 0
          ORDER BY x.plays DESC, x.credit DESC, x.track_id LIMIT ${p.add(limit)}
       )
       SELECT ranked.*, t.name, t.artist_names, t.image_url
         FROM ranked LEFT JOIN tracks t ON t.id = ranked.track_id
        ORDER BY ranked.plays DESC, ranked.credit DESC, ranked.track_id`,
      p.values,
    )) as Array<Record<string, unknown>>;
    return rows;
  }

  /** The range's click and play sums per (link, utm_source). */
  async linkFigures(campaign: CampaignEntity, range: ResolvedRange): Promise<FigureRow[]> {
    const p = new Params();
    const rows = (await this.dataSource.query(
      `WITH c AS (
         SELECT r.link_id, r.utm_source, sum(clicks)::int AS clicks, sum(first_visits)::int AS visitors,
                sum(connects)::int AS connects
           FROM ${this.clicks(p, campaign, range)}
          GROUP BY 1, 2
       ), a AS (
         SELECT r.link_id, r.utm_source, sum(plays)::int AS plays, sum(credit_micros)::bigint AS credit,
                sum(listeners)::int AS listeners
           FROM ${this.plays(p, campaign, range)}
          GROUP BY 1, 2
       )
       SELECT coalesce(c.link_id, a.link_id) AS link_id, coalesce(c.utm_source, a.utm_source) AS utm_source,
              coalesce(c.clicks, 0) AS clicks, coalesce(c.visitors, 0) AS visitors, coalesce(c.connects, 0) AS connects,
              coalesce(a.plays, 0) AS plays, coalesce(a.credit, 0) AS credit, coalesce(a.listeners, 0) AS listeners
         FROM c FULL JOIN a ON a.link_id = c.link_id AND a.utm_source = c.utm_source`,
      p.values,
    )) as Array<Record<string, unknown>>;
    return rows;
  }

  /** The campaign's tracker links, oldest first. */
  async trackerLinks(campaignId: string): Promise<TrackerLinkRow[]> {
    return (await this.dataSource.query(
      `SELECT id, label, slug, utm_source FROM tracker_links WHERE campaign_id = $1 ORDER BY created_at, id`,
      [campaignId],
    )) as TrackerLinkRow[];
  }

  /** The cohort: listeners whose first attributed play is in the range (filters apply to that play). */
  private cohort(p: Params, campaign: CampaignEntity, range: ResolvedRange): string {
    let filters = '';
    if (range.linkId) filters += ` AND f.link_id = ${p.add(range.linkId)}`;
    if (range.utmSource) filters += ` AND f.utm_source = ${p.add(range.utmSource)}`;
    if (range.tier) filters += ` AND f.tier = ${p.add(range.tier)}`;
    return `SELECT f.listener_id, f.clicked_at AS anchor, f.played_at AS first_play FROM analytics_listener_firsts f
             WHERE f.campaign_id = ${p.add(campaign.id)} AND f.generation = ${p.add(campaign.attributionGeneration)}
               AND f.played_at >= ${p.add(range.from)} AND f.played_at < ${p.add(range.to)}${filters}`;
  }

  /** Per retention window: the cohort, its listeners eligible (the window is over) and those who played again. */
  async retention(campaign: CampaignEntity, range: ResolvedRange, now: Date): Promise<RetentionRow[]> {
    const p = new Params();
    const cohort = this.cohort(p, campaign, range);
    const id = p.add(campaign.id);
    const at = p.add(now);
    const rows = (await this.dataSource.query(
      `WITH cohort AS (${cohort}),
       tracks AS (SELECT DISTINCT track_id FROM campaign_tracks WHERE campaign_id = ${id}),
       w(name, lo, hi) AS (VALUES ('days1to7', 1, 8), ('days8to14', 8, 15), ('days15to28', 15, 29)),
       eligible AS (
         SELECT w.name, w.lo, w.hi, c.listener_id, c.first_play FROM cohort c CROSS JOIN w
          WHERE c.first_play + make_interval(days => w.hi) <= ${at}
       )
       SELECT w.name, w.lo, w.hi, (SELECT count(*) FROM cohort)::int AS cohort,
              count(e.listener_id)::int AS eligible,
              count(e.listener_id) FILTER (WHERE EXISTS (
                SELECT 1 FROM plays pl
                 WHERE pl.listener_id = e.listener_id AND pl.track_id IN (SELECT track_id FROM tracks)
                   AND pl.played_at >= e.first_play + make_interval(days => e.lo)
                   AND pl.played_at < e.first_play + make_interval(days => e.hi)))::int AS retained
         FROM w LEFT JOIN eligible e ON e.name = w.name
        GROUP BY w.name, w.lo, w.hi ORDER BY w.lo`,
      p.values,
    )) as RetentionRow[];
    return rows;
  }

  /** The range's connected listener-time and the part of it unobserved, in seconds (see `AnalyticsService`). */
  async completeness(
    campaign: CampaignEntity,
    range: ResolvedRange,
    now: Date,
  ): Promise<CompletenessRow | undefined> {
    const p = new Params();
    const id = p.add(campaign.id);
    const from = p.add(range.from);
    const to = p.add(range.to);
    const at = p.add(now);
    let filters = '';
    if (range.linkId) filters += ` AND c.link_id = ${p.add(range.linkId)}`;
    if (range.utmSource) filters += ` AND c.utm_source = ${p.add(range.utmSource)}`;
    // Connected from the first connect (created_at; consented_at moves at every reconnect) to the
    // disconnection or now. Unobserved: the observation gaps (a full page after the cursor, and the silence
    // before a reconnect, recorded by the connect flow), and, for a listener nobody
    // polls now (needs_reconnect, dev_mode_blocked), everything since the last poll.
    const [row] = (await this.dataSource.query(
      `WITH spans AS (
         SELECT l.id, greatest(${from}::timestamptz, least(l.created_at, l.consented_at)) AS s,
                least(${to}::timestamptz, ${at}::timestamptz, coalesce(l.disconnected_at, 'infinity')) AS e,
                CASE WHEN l.status IN ('needs_reconnect', 'dev_mode_blocked')
                     THEN coalesce(l.last_polled_at, l.consented_at) END AS silent_from
           FROM analytics_connects c JOIN listeners l ON l.id = c.listener_id
          WHERE c.campaign_id = ${id}${filters}
       ), live AS (SELECT * FROM spans WHERE e > s),
       unobserved AS (
         SELECT g.listener_id AS id, g.gap_from, g.gap_to FROM live v JOIN observation_gaps g ON g.listener_id = v.id
         UNION ALL
         SELECT v.id, v.silent_from, 'infinity'::timestamptz FROM live v WHERE v.silent_from IS NOT NULL
       ),
       gaps AS (
         SELECT range_agg(tstzrange(greatest(u.gap_from, v.s), least(u.gap_to, v.e))) AS r
           FROM live v JOIN unobserved u ON u.id = v.id AND u.gap_from < v.e AND u.gap_to > v.s
          GROUP BY v.id
       )
       SELECT (SELECT count(*) FROM live)::int AS listeners,
              (SELECT coalesce(sum(extract(epoch FROM e - s)), 0) FROM live)::float8 AS total,
              (SELECT coalesce(sum(extract(epoch FROM upper(x) - lower(x))), 0) FROM gaps, unnest(gaps.r) AS x)::float8
                AS gap`,
      p.values,
    )) as CompletenessRow[];
    return row;
  }
}
