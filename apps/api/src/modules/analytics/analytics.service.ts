import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CampaignEntity } from '../campaign/campaign.entity';
import { isUtcZone, ResolvedRange } from './analytics-range';
import type {
  ChannelStatsDto,
  CompletenessDto,
  FunnelDto,
  LinkStatsDto,
  RangeDto,
  RetentionWindowDto,
  TimeseriesPointDto,
  TopTrackDto,
} from './dto/analytics.dto';

const COMPLETENESS_TTL_MS = 30_000;

/** Collects positional parameters: `p.add(value)` answers `$n`. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const ratio = (num: number, den: number): number | null =>
  den > 0 ? Math.round((num / den) * 1e6) / 1e6 : null;
const credit = (micros: string | number | null | undefined): number => Number(micros ?? 0) / 1e6;
const int = (value: unknown): number => Number(value ?? 0);

export function rangeDto(range: ResolvedRange): RangeDto {
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    tz: range.tz,
    granularity: range.granularity,
    linkId: range.linkId ?? null,
    utmSource: range.utmSource ?? null,
    tier: range.tier ?? null,
  };
}

/**
 * The campaign's figures, read from the rollups (analytics-rollups.ts): whole UTC days from the day rows,
 * the ragged ends of the range from the hour rows. Retention and completeness are per-listener
 * figures computed from the listeners' plays (bounded by the campaign's cohort).
 */
@Injectable()
export class AnalyticsService {
  private readonly completenessCache = new Map<string, { at: number; value: CompletenessDto }>();

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

  /**
   * The funnel. Each rate compares one population with itself (docs/analytics.md): connects are listeners who
   * connected through a click in the range (a connected browser's click is `alreadyConnected`, not a
   * connect); `connectsReached` is those of them with an attributed play (at any time); `activeListeners` is
   * the listeners behind the range's attributed plays. The two figures that are not rollup sums read the
   * first-event table of the range's connects and the campaign's attributions in the range (index ranges).
   */
  async funnel(campaign: CampaignEntity, range: ResolvedRange): Promise<Omit<FunnelDto, 'completeness'>> {
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
    if (range.utmSource) playFilters += ` AND coalesce(q.utm_source, '') = ${p.add(range.utmSource)}`;
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
           FROM attributions a ${range.utmSource ? 'LEFT JOIN clicks q ON q.id = a.click_id' : ''}
          WHERE a.campaign_id = ${id} AND a.generation = ${generation}
            AND a.played_at >= ${from} AND a.played_at < ${to}${playFilters}
       )
       SELECT * FROM c CROSS JOIN a CROSS JOIN k CROSS JOIN u`,
      p.values,
    )) as Array<Record<string, number | string>>;
    const f = row ?? {};
    const clicks = int(f['clicks']);
    const uniqueVisitors = int(f['visitors']);
    const connects = int(f['connects']);
    const listeners = int(f['listeners']);
    const attributedPlays = int(f['plays']);
    const existing = int(f['existing']);
    const connectsReached = int(f['reached']);
    const activeListeners = int(f['active']);
    return {
      range: rangeDto(range),
      clicks,
      botClicks: int(f['bot_clicks']),
      uniqueVisitors,
      connects,
      alreadyConnected: int(f['already_connected']),
      connectsReached,
      listeners,
      listenerTypes: { new: listeners - existing, existing },
      attributedPlays,
      activeListeners,
      creditedPlays: credit(f['credit']),
      rates: {
        visitorsPerClick: ratio(uniqueVisitors, clicks),
        connectsPerVisitor: ratio(connects, uniqueVisitors),
        listenersPerConnect: ratio(connectsReached, connects),
        playsPerListener: ratio(attributedPlays, activeListeners),
      },
    };
  }

  async timeseries(campaign: CampaignEntity, range: ResolvedRange): Promise<TimeseriesPointDto[]> {
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
    return points.map((row) => ({
      start: new Date(row['start'] as string).toISOString(),
      clicks: int(row['clicks']),
      uniqueVisitors: int(row['visitors']),
      connects: int(row['connects']),
      attributedPlays: int(row['plays']),
      attributedPlaysByTier: { high: int(row['high']), medium: int(row['medium']), low: int(row['low']) },
      creditedPlays: credit(row['credit'] as string),
      listeners: int(row['listeners']),
    }));
  }

  /**
   * The campaign's most played tracks. Rollup-backed (per track and tier); filtered by link or utm_source it
   * reads the campaign's attributions in the range instead (the track rollup has no link dimension).
   */
  async topTracks(campaign: CampaignEntity, range: ResolvedRange, limit: number): Promise<TopTrackDto[]> {
    const p = new Params();
    const id = p.add(campaign.id);
    const generation = p.add(campaign.attributionGeneration);
    let source: string;
    if (range.linkId || range.utmSource) {
      const from = p.add(range.from);
      const to = p.add(range.to);
      let filters = '';
      if (range.linkId) filters += ` AND a.link_id = ${p.add(range.linkId)}`;
      if (range.utmSource) filters += ` AND coalesce(k.utm_source, '') = ${p.add(range.utmSource)}`;
      if (range.tier) filters += ` AND a.tier = ${p.add(range.tier)}`;
      source = `SELECT a.track_id, count(*)::int AS plays, sum(round(a.credit::numeric * 1000000))::bigint AS credit
                  FROM attributions a ${range.utmSource ? 'LEFT JOIN clicks k ON k.id = a.click_id' : ''}
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
    return rows.map((row) => ({
      trackId: row['track_id'] as string,
      name: (row['name'] as string | null) ?? null,
      artistNames: (row['artist_names'] as string[] | null) ?? [],
      imageUrl: (row['image_url'] as string | null) ?? null,
      attributedPlays: int(row['plays']),
      creditedPlays: credit(row['credit'] as string),
      share: ratio(int(row['plays']), int(row['total'])) ?? 0,
    }));
  }

  /** Links and channels (utm_source) compared. */
  async links(
    campaign: CampaignEntity,
    range: ResolvedRange,
  ): Promise<{ links: LinkStatsDto[]; channels: ChannelStatsDto[] }> {
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
    const links = (await this.dataSource.query(
      `SELECT id, label, slug, utm_source FROM tracker_links WHERE campaign_id = $1 ORDER BY created_at, id`,
      [campaign.id],
    )) as Array<{ id: string; label: string; slug: string; utm_source: string | null }>;

    type Sums = {
      clicks: number;
      visitors: number;
      connects: number;
      plays: number;
      credit: number;
      listeners: number;
    };
    const empty = (): Sums => ({ clicks: 0, visitors: 0, connects: 0, plays: 0, credit: 0, listeners: 0 });
    const add = (into: Sums, row: Record<string, unknown>) => {
      into.clicks += int(row['clicks']);
      into.visitors += int(row['visitors']);
      into.connects += int(row['connects']);
      into.plays += int(row['plays']);
      into.credit += Number(row['credit'] ?? 0);
      into.listeners += int(row['listeners']);
    };
    const byLink = new Map<string, Sums>();
    const byChannel = new Map<string, Sums>();
    for (const row of rows) {
      const link = row['link_id'] as string;
      const channel = row['utm_source'] as string;
      if (!byLink.has(link)) byLink.set(link, empty());
      if (!byChannel.has(channel)) byChannel.set(channel, empty());
      add(byLink.get(link) as Sums, row);
      add(byChannel.get(channel) as Sums, row);
    }
    const figures = (s: Sums) => ({
      clicks: s.clicks,
      uniqueVisitors: s.visitors,
      connects: s.connects,
      connectRate: ratio(s.connects, s.visitors),
      attributedPlays: s.plays,
      creditedPlays: s.credit / 1e6,
      listeners: s.listeners,
      playsPerClick: ratio(s.plays, s.clicks),
    });
    return {
      links: links
        .filter((l) => !range.linkId || l.id === range.linkId)
        .map((l) => ({
          linkId: l.id,
          label: l.label,
          slug: l.slug,
          utmSource: l.utm_source,
          ...figures(byLink.get(l.id) ?? empty()),
        }))
        .sort((a, b) => b.clicks - a.clicks || b.attributedPlays - a.attributedPlays),
      channels: [...byChannel.entries()]
        .map(([utm, s]) => ({ utmSource: utm === '' ? null : utm, ...figures(s) }))
        .sort((a, b) => b.clicks - a.clicks || b.attributedPlays - a.attributedPlays),
    };
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

  /**
   * Share of the cohort who played a campaign track again on days 1-7, 8-14 and 15-28 after their first
   * attributed play (day 0 is the 24 hours from that play, so the play that put them in the cohort never
   * counts as playing again).
   */
  async retention(
    campaign: CampaignEntity,
    range: ResolvedRange,
    now = new Date(),
  ): Promise<{ cohort: number; windows: RetentionWindowDto[] }> {
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
    )) as Array<{ name: string; lo: number; hi: number; cohort: number; eligible: number; retained: number }>;
    return {
      cohort: rows[0]?.cohort ?? 0,
      windows: rows.map((r) => ({
        window: r.name,
        fromDay: r.lo,
        toDay: r.hi - 1,
        eligible: r.eligible,
        retained: r.retained,
        share: ratio(r.retained, r.eligible),
      })),
    };
  }

  /**
   * Share of the connected listener-time in the range (from each listener's first connect to their
   * disconnection or now) that polling observed: not inside an observation gap, nor in a time nobody polled.
   * Listeners: those whose clicks of the campaign name them (the link/utm_source filters apply to their first
   * linked click). Cached for 30 seconds.
   */
  async completeness(
    campaign: CampaignEntity,
    range: ResolvedRange,
    now = new Date(),
  ): Promise<CompletenessDto> {
    const key = [campaign.id, range.from.getTime(), range.to.getTime(), range.linkId, range.utmSource].join(
      '|',
    );
    const cached = this.completenessCache.get(key);
    if (cached && now.getTime() - cached.at < COMPLETENESS_TTL_MS) return cached.value;
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
    )) as Array<{ listeners: number; total: number; gap: number }>;
    const total = row?.total ?? 0;
    const gap = row?.gap ?? 0;
    const value: CompletenessDto = {
      share: total > 0 ? Math.round((1 - gap / total) * 1e6) / 1e6 : null,
      listeners: row?.listeners ?? 0,
      connectedHours: Math.round((total / 3600) * 1000) / 1000,
      gapHours: Math.round((gap / 3600) * 1000) / 1000,
      computedAt: now.toISOString(),
    };
    if (this.completenessCache.size > 1000) this.completenessCache.clear();
    this.completenessCache.set(key, { at: now.getTime(), value });
    return value;
  }
}
