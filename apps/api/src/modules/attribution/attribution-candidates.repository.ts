import { EntityManager } from 'typeorm';
import { LONGEST_ATTRIBUTION_WINDOW_HOURS } from '../../config/retention-config';
import type { PlaySpan } from '../listener/play-ingest.repository';
import type { DestinationType } from './attribution-model';

/**
 * The attribution candidates' set-based query. A justified cross-module read: one statement over plays and
 * tracks (listener module) and clicks, campaigns, campaign_tracks and campaign_status_periods (campaign
 * module), on the hot ingest path, where one round trip per batch matters.
 */

/** One (play, campaign) pair that passed the set-based checks: a credited click in the window, the track in the set. */
export interface CandidateRow {
  play_id: string;
  listener_id: string;
  track_id: string;
  played_at: Date;
  context_uri: string | null;
  campaign_id: string;
  generation: number;
  window_hours: number;
  destination_type: DestinationType;
  destination_id: string;
  click_id: string;
  link_id: string;
  utm_source: string;
  clicked_at: Date;
  played_before_click: boolean;
  /** Which source reported the play, how it was matched to the track and how surely (Spotify: 1). */
  origin: 'spotify' | 'lastfm' | 'listenbrainz';
  match_method: 'spotify_id' | 'isrc' | 'name' | null;
  match_confidence: number;
}

/**
 * A click of campaign `camp` that can credit plays (attribution-model.ts `clickIneligibility`): not a bot or
 * HEAD request, inside the campaign's dates, made while the campaign was active (campaign_status_periods).
 */
function eligibleClickSql(click: string, camp: string): string {
  return `NOT ${click}.is_bot AND NOT ${click}.is_head
       AND (${camp}.starts_at IS NULL OR ${click}.clicked_at >= ${camp}.starts_at)
       AND (${camp}.ends_at IS NULL OR ${click}.clicked_at <= ${camp}.ends_at)
       AND NOT EXISTS (SELECT 1 FROM campaign_status_periods sp
                        WHERE sp.campaign_id = ${camp}.id AND sp.status <> 'active'
                          AND (sp.since IS NULL OR sp.since <= ${click}.clicked_at)
                          AND (sp.until IS NULL OR sp.until > ${click}.clicked_at))`;
}

/**
 * Whether the listener played the track before their first eligible click on the campaign (the baseline of
 * `played_before_click`). It reads all of the listener's history, every partition of plays and clicks.
 */
function playedBeforeClickSql(listener: string, track: string, campaign: string): string {
  return `EXISTS (SELECT 1 FROM plays earlier
                    WHERE earlier.listener_id = ${listener} AND earlier.track_id = ${track}
                      AND earlier.played_at < (
                        SELECT min(f.clicked_at) FROM clicks f JOIN campaigns fc ON fc.id = f.campaign_id
                         WHERE f.listener_id = ${listener} AND f.campaign_id = ${campaign}
                           AND ${eligibleClickSql('f', 'fc')}))`;
}

/**
 * Candidates for a set of plays, found set-based in SQL, with the rules of attribution-model.ts
 * (`evaluatePlay`; docs/attribution.md): for each play and each campaign the listener clicked, the latest
 * eligible click (`eligibleClickSql`) at or before the play's start (played_at − the track's duration) whose
 * window holds the play's end; kept when the campaign was live when the play started (not draft, paused or
 * archived) and the track was in its target set at played_at. `first_clicked_at` is the listener's first
 * eligible click on the campaign: the baseline is the plays before it. Imported streaming history never
 * creates attributions. `playFilter` narrows the plays (a SQL condition on `p`).
 */
function candidatesSql(
  playFilter: string,
  {
    generationExpr = 'c.attribution_generation',
    clickFilter = 'true',
    playedBeforeClick = playedBeforeClickSql('b.listener_id', 'b.track_id', 'c.id'),
  }: {
    /** The generation each row is written to. */
    generationExpr?: string;
    /** Narrows the clicks looked at (a SQL condition on `ck`). */
    clickFilter?: string;
    /** The baseline's SQL, or 'false' when the caller asks it apart (withBaselines). */
    playedBeforeClick?: string;
  } = {},
): string {
  return `
    WITH batch AS (
      SELECT p.id, p.listener_id, p.track_id, p.played_at, p.context_uri, p.origin, p.match_method,
             p.match_confidence, p.played_at - coalesce(t.duration_ms, 0) * interval '1 millisecond' AS started_at
        FROM plays p LEFT JOIN tracks t ON t.id = p.track_id
       WHERE ${playFilter} AND p.source <> 'import'
    )
    SELECT b.id AS play_id, b.listener_id, b.track_id, b.played_at, b.context_uri, b.origin, b.match_method,
           b.match_confidence,
           c.id AS campaign_id, ${generationExpr} AS generation, c.attribution_window_hours AS window_hours,
           c.destination_type, c.destination_id,
           k.id AS click_id, k.link_id, coalesce(k.utm_source, '') AS utm_source, k.clicked_at,
           ${playedBeforeClick} AS played_before_click
      FROM batch b
      JOIN LATERAL (
        SELECT DISTINCT ON (ck.campaign_id) ck.id, ck.campaign_id, ck.link_id, ck.utm_source, ck.clicked_at
          FROM clicks ck JOIN campaigns cc ON cc.id = ck.campaign_id
         WHERE ck.listener_id = b.listener_id AND ck.clicked_at <= b.started_at AND ${clickFilter}
           AND b.played_at <= ck.clicked_at + make_interval(hours => cc.attribution_window_hours)
           AND ${eligibleClickSql('ck', 'cc')}
         ORDER BY ck.campaign_id, ck.clicked_at DESC, ck.id DESC
      ) k ON true
      JOIN campaigns c ON c.id = k.campaign_id
     WHERE NOT EXISTS (SELECT 1 FROM campaign_status_periods sp
                        WHERE sp.campaign_id = c.id AND sp.status IN ('draft', 'paused', 'archived')
                          AND (sp.since IS NULL OR sp.since <= b.started_at)
                          AND (sp.until IS NULL OR sp.until > b.started_at))
       AND EXISTS (SELECT 1 FROM campaign_tracks ct
                    WHERE ct.campaign_id = c.id AND ct.track_id = b.track_id
                      AND ct.added_at <= b.played_at AND (ct.removed_at IS NULL OR ct.removed_at > b.played_at))`;
}

/**
 * Candidates of specific plays (just ingested, or that lost an attribution). With `span` (the plays' played_at
 * lie in it: an ingest knows), the statement names the months to read: PostgreSQL plans it over the partitions
 * of plays in the span and of clicks in it and the longest window before it, instead of locking and planning
 * every partition of both tables on every poll. The baseline (`played_before_click`), which reads all of a
 * listener's history, is then asked in a second statement, for the candidates found only: most polls find none.
 * A campaign whose window were longer than the longest one allowed would be found by the sweep only.
 *
 * The sweep passes `sweepWindowHours`, the longest window of any campaign as it read it in its transaction: it
 * reads clicks in the span and that window before it, and asks the baseline in the same statement (one
 * statement per batch of thousands of plays).
 */
export async function candidatesOfPlays(
  manager: EntityManager,
  playIds: string[],
  span?: PlaySpan,
  sweepWindowHours?: number,
): Promise<CandidateRow[]> {
  if (!span)
    return (await manager.query(candidatesSql('p.id = ANY($1::bigint[])'), [playIds])) as CandidateRow[];
  const spanned = 'p.id = ANY($1::bigint[]) AND p.played_at BETWEEN $2::timestamptz AND $3::timestamptz';
  const clicksIn = (hours: number) =>
    `ck.clicked_at BETWEEN $2::timestamptz - interval '${Math.max(0, Math.ceil(hours))} hours' AND $3::timestamptz`;
  if (sweepWindowHours !== undefined) {
    return (await manager.query(candidatesSql(spanned, { clickFilter: clicksIn(sweepWindowHours) }), [
      playIds,
      span.from,
      span.to,
    ])) as CandidateRow[];
  }
  const rows = (await manager.query(
    candidatesSql(spanned, {
      clickFilter: clicksIn(LONGEST_ATTRIBUTION_WINDOW_HOURS),
      playedBeforeClick: 'false',
    }),
    [playIds, span.from, span.to],
  )) as CandidateRow[];
  return rows.length === 0 ? rows : withBaselines(manager, rows);
}

/** Sets `played_before_click` on candidate rows, one statement for all their (listener, track, campaign). */
async function withBaselines(manager: EntityManager, rows: CandidateRow[]): Promise<CandidateRow[]> {
  const key = (r: { listener_id: string; track_id: string; campaign_id: string }) =>
    `${r.listener_id} ${r.track_id} ${r.campaign_id}`;
  const triples = [...new Map(rows.map((r) => [key(r), r])).values()];
  const before = (await manager.query(
    `SELECT x.listener_id, x.track_id, x.campaign_id,
            ${playedBeforeClickSql('x.listener_id', 'x.track_id', 'x.campaign_id')} AS played_before_click
       FROM unnest($1::uuid[], $2::varchar[], $3::uuid[]) AS x(listener_id, track_id, campaign_id)`,
    [triples.map((r) => r.listener_id), triples.map((r) => r.track_id), triples.map((r) => r.campaign_id)],
  )) as Array<{ listener_id: string; track_id: string; campaign_id: string; played_before_click: boolean }>;
  const baseline = new Map(before.map((r) => [key(r), r.played_before_click]));
  return rows.map((r) => ({ ...r, played_before_click: baseline.get(key(r)) ?? false }));
}

/**
 * Candidates of these listeners' plays (after `afterPlayId`), the campaign `campaignId` counted at
 * `generation` and every other campaign at its current one (re-attribution).
 */
export async function candidatesOfListeners(
  manager: EntityManager,
  campaignId: string,
  generation: number,
  listenerIds: string[],
  afterPlayId: string,
): Promise<CandidateRow[]> {
  return (await manager.query(
    candidatesSql('p.listener_id = ANY($1::uuid[]) AND p.id > $4', {
      generationExpr: `CASE WHEN c.id = $2 THEN $3::int ELSE c.attribution_generation END`,
    }),
    [listenerIds, campaignId, generation, afterPlayId],
  )) as CandidateRow[];
}
