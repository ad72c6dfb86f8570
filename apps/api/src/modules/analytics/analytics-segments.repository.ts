import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CampaignEntity } from '../campaign/campaign.entity';
import type { ResolvedRange } from './analytics-range';

/** The look-back before the click that decides new / reactivated / amplified: 28 days, as 672 hours. */
export const SEGMENT_BASELINE_HOURS = 28 * 24;
export const SEGMENT_BASELINE_SECONDS = SEGMENT_BASELINE_HOURS * 3600;
/** The after-rate's denominator is at least one day (as lift's is), so a few observed hours cannot inflate it. */
export const SEGMENT_AFTER_FLOOR_SECONDS = 86_400;

export const SEGMENTS = ['new', 'reactivated', 'amplified', 'steady', 'unknown'] as const;
export type Segment = (typeof SEGMENTS)[number];

/** One group of classified listeners: a segment, and for `unknown` the whole observed days (0..27). */
export interface SegmentGroupRow {
  segment: Segment;
  /** Whole days of history observed in the 28 days (floor), for `unknown` only; null otherwise. */
  observedDays: number | null;
  listeners: number;
  plays: number;
  /** Listeners of the group whose observed history reaches further back than the 28 days. */
  withOlderHistory: number;
  /** Sum over the group's listeners of the seconds observed in their 28 days before the click. */
  observedSeconds: number;
}

export interface CampaignArtistRow {
  id: string;
  name: string | null;
}

/** Collects positional parameters: `p.add(value)` answers `$n`. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * SQL of the listener segments (docs/analytics.md, "Listener segments"). Reads the analytics first-event
 * tables, the campaign's target set, the catalog cache (`tracks`) and the listeners' plays, connections and
 * observation gaps, as the other per-listener figures of this module do.
 */
@Injectable()
export class AnalyticsSegmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The campaign's artists: for an artist destination, that artist; otherwise every artist credited on a
   * track that is or was in the target set, as the catalog cache knows them (a track nobody has played yet
   * may be missing from it, and then adds no artist). Ordered by name.
   */
  async campaignArtists(campaign: CampaignEntity): Promise<CampaignArtistRow[]> {
    const rows = (await this.dataSource.query(
      `WITH credited AS (
         SELECT a.id, a.name, a.pos
           FROM campaign_tracks ct JOIN tracks t ON t.id = ct.track_id
          CROSS JOIN LATERAL unnest(t.artist_ids, t.artist_names) WITH ORDINALITY AS a(id, name, pos)
          WHERE ct.campaign_id = $1 AND $2 <> 'artist' AND a.id IS NOT NULL AND a.id <> ''
       ), ids AS (
         SELECT $3::varchar AS id WHERE $2 = 'artist'
         UNION SELECT id FROM credited
       )
       SELECT ids.id,
              coalesce((SELECT ar.name FROM artists ar WHERE ar.id = ids.id),
                       (SELECT c.name FROM credited c WHERE c.id = ids.id AND c.name IS NOT NULL LIMIT 1)) AS name
         FROM ids
        ORDER BY 2 NULLS LAST, 1`,
      [campaign.id, campaign.destinationType, campaign.destinationId],
    )) as Array<{ id: string; name: string | null }>;
    return rows.map((r) => ({ id: r.id, name: r.name }));
  }

  /**
   * Classifies each listener reached in the range (first attributed play in it, filters applied to that play)
   * and answers the groups. Per listener: the anchor is their first counted click on the campaign (not before
   * its start) up to the click credited in that first play; the observed history is the union of
   *  - the streaming-history import span (first to last imported play),
   *  - the current connection: from the oldest play the connect-time read stored (else the consent) to the
   *    disconnection or now, minus the observation gaps;
   * and the segment follows from the artist plays in [anchor − 28 d, anchor) and [anchor, anchor + window).
   */
  async segmentGroups(
    campaign: CampaignEntity,
    range: ResolvedRange,
    artistIds: string[],
    now: Date,
  ): Promise<SegmentGroupRow[]> {
    const p = new Params();
    const id = p.add(campaign.id);
    const generation = p.add(campaign.attributionGeneration);
    const from = p.add(range.from);
    const to = p.add(range.to);
    let cohortFilters = '';
    let playFilters = '';
    if (range.linkId) {
      const link = p.add(range.linkId);
      cohortFilters += ` AND f.link_id = ${link}`;
      playFilters += ` AND a.link_id = ${link}`;
    }
    if (range.utmSource) {
      const utm = p.add(range.utmSource);
      cohortFilters += ` AND f.utm_source = ${utm}`;
      playFilters += ` AND EXISTS (SELECT 1 FROM analytics_linked_clicks lk WHERE lk.click_id = a.click_id AND lk.utm_source = ${utm})`;
    }
    if (range.tier) {
      const tier = p.add(range.tier);
      cohortFilters += ` AND f.tier = ${tier}`;
      playFilters += ` AND a.tier = ${tier}`;
    }
    const startsAt = p.add(campaign.startsAt);
    const at = p.add(now);
    const artists = p.add(artistIds);
    const windowHours = p.add(campaign.attributionWindowHours);
    const baseline = `interval '${SEGMENT_BASELINE_HOURS} hours'`;
    // A listener's plays are read through their (listener_id, played_at) index, and the artist's tracks are a
    // hashed set: \`track_id || ''\` keeps the planner from walking every listener's plays of the artist's tracks
    // per listener of the cohort instead (quadratic: 1,000 listeners reached took over 30 s).
    const ofArtists = `(pl.track_id || '') IN (SELECT id FROM artist_tracks)`;
    const artistPlays = (where: string) =>
      `SELECT count(*) FROM plays pl WHERE pl.listener_id = o.listener_id AND ${ofArtists} AND ${where}`;
    const seconds = (ranges: string) =>
      `(SELECT coalesce(sum(extract(epoch FROM upper(x) - lower(x))), 0) FROM unnest(${ranges}) AS x)`;

    const rows = (await this.dataSource.query(
      `WITH artist_tracks AS MATERIALIZED (
         SELECT t.id::text AS id FROM tracks t WHERE t.artist_ids && ${artists}::text[]
       ), cohort AS (
         SELECT f.listener_id, f.clicked_at AS credited FROM analytics_listener_firsts f
          WHERE f.campaign_id = ${id} AND f.generation = ${generation}
            AND f.played_at >= ${from} AND f.played_at < ${to}${cohortFilters}
       ), anchored AS (
         SELECT c.listener_id,
                coalesce((SELECT min(k.clicked_at) FROM analytics_linked_clicks k
                           WHERE k.campaign_id = ${id} AND k.listener_id = c.listener_id
                             AND k.clicked_at <= c.credited
                             AND k.clicked_at >= coalesce(${startsAt}::timestamptz, '-infinity')),
                         c.credited) AS anchor
           FROM cohort c
              ), connection AS MATERIALIZED (
         SELECT a.listener_id, a.anchor,
                least(l.consented_at,
                      coalesce((SELECT min(pl.played_at) FROM plays pl
                                 WHERE pl.listener_id = l.id AND pl.source = 'baseline'
                                   AND pl.created_at >= l.consented_at - interval '1 minute'
                                   AND pl.played_at <= l.consented_at), 'infinity')) AS s,
                least(coalesce(l.disconnected_at, 'infinity'), ${at}::timestamptz) AS e,
                l.id AS lid
           FROM anchored a JOIN listeners l ON l.id = a.listener_id
              ), observed AS MATERIALIZED (
         SELECT c.listener_id, c.anchor,
                (CASE WHEN c.e > c.s THEN tstzmultirange(tstzrange(c.s, c.e)) ELSE '{}'::tstzmultirange END
                   - coalesce((SELECT range_agg(tstzrange(g.gap_from, g.gap_to)) FROM observation_gaps g
                                WHERE g.listener_id = c.lid AND g.gap_to > g.gap_from), '{}'::tstzmultirange)
                 + coalesce((SELECT tstzmultirange(tstzrange(min(pl.played_at), max(pl.played_at), '[]'))
                               FROM plays pl WHERE pl.listener_id = c.lid AND pl.source = 'import'
                             HAVING count(*) > 0), '{}'::tstzmultirange)) AS history
           FROM connection c
       ), measured AS (
         SELECT o.listener_id,
                ${seconds(`o.history * tstzmultirange(tstzrange(o.anchor - ${baseline}, o.anchor))`)} AS before_seconds,
                ${seconds(`o.history * tstzmultirange(tstzrange(o.anchor, greatest(o.anchor, least(o.anchor + make_interval(hours => ${windowHours}), ${at}::timestamptz))))`)} AS after_seconds,
                NOT isempty(o.history * tstzmultirange(tstzrange(NULL, o.anchor - ${baseline}))) AS older,
                (${artistPlays(`pl.played_at >= o.anchor - ${baseline} AND pl.played_at < o.anchor`)}) AS before_plays,
                (${artistPlays(`pl.played_at >= o.anchor AND pl.played_at < least(o.anchor + make_interval(hours => ${windowHours}), ${at}::timestamptz)`)}) AS after_plays,
                EXISTS (SELECT 1 FROM plays pl
                         WHERE pl.listener_id = o.listener_id AND ${ofArtists}
                           AND pl.played_at < o.anchor - ${baseline}) AS earlier
           FROM observed o
       ), classified AS (
         SELECT m.listener_id, m.before_seconds, m.older,
                CASE WHEN m.before_seconds < ${SEGMENT_BASELINE_SECONDS} THEN 'unknown'
                     WHEN m.before_plays = 0 AND m.earlier THEN 'reactivated'
                     WHEN m.before_plays = 0 THEN 'new'
                     WHEN m.after_plays::numeric * ${SEGMENT_BASELINE_SECONDS}
                          > m.before_plays::numeric * greatest(m.after_seconds, ${SEGMENT_AFTER_FLOOR_SECONDS}) THEN 'amplified'
                     ELSE 'steady' END AS segment
           FROM measured m
       ), attributed AS (
         SELECT a.listener_id, count(*) AS plays FROM attributions a
          WHERE a.campaign_id = ${id} AND a.generation = ${generation}
            AND a.played_at >= ${from} AND a.played_at < ${to}${playFilters}
            AND a.listener_id IN (SELECT listener_id FROM cohort)
          GROUP BY a.listener_id
       )
       SELECT c.segment,
              CASE WHEN c.segment = 'unknown' THEN floor(c.before_seconds / 86400)::int END AS observed_days,
              count(*)::int AS listeners, coalesce(sum(x.plays), 0)::int AS plays,
              count(*) FILTER (WHERE c.older)::int AS older, sum(c.before_seconds)::float8 AS observed_seconds
         FROM classified c LEFT JOIN attributed x ON x.listener_id = c.listener_id
        GROUP BY 1, 2
        ORDER BY 1, 2`,
      p.values,
    )) as Array<{
      segment: Segment;
      observed_days: number | null;
      listeners: number;
      plays: number;
      older: number;
      observed_seconds: number;
    }>;
    return rows.map((r) => ({
      segment: r.segment,
      observedDays: r.observed_days,
      listeners: r.listeners,
      plays: r.plays,
      withOlderHistory: r.older,
      observedSeconds: r.observed_seconds,
    }));
  }
}
