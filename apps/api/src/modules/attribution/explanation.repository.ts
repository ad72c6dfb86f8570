import { EntityManager } from 'typeorm';
import type { Candidate, Tier } from './attribution-model';

/** What a play's explanation reads (ExplanationService), in the caller's EntityManager. */

export interface ClickRow {
  id: string;
  link_id: string;
  clicked_at: Date;
  label: string | null;
}

export interface PlayRow {
  id: string;
  listener_id: string;
  track_id: string;
  played_at: Date;
  context_uri: string | null;
  source: string;
  track_name: string | null;
  duration_ms: number | null;
  origin: 'spotify' | 'lastfm' | 'listenbrainz';
  match_method: 'spotify_id' | 'isrc' | 'name' | null;
  match_confidence: number;
  also_reported_by: string[];
}

export interface CampaignRow {
  id: string;
  name: string;
  attribution_window_hours: number;
  attribution_generation: number;
  destination_type: Candidate['destinationType'];
  destination_id: string;
  starts_at: Date | null;
  ends_at: Date | null;
  /** The stored attribution of this play to this campaign's current generation, if any. */
  attributed: boolean;
}

/**
 * The play, once per campaign of the owner that may explain it; no row at all when none may. A campaign may
 * when the play is attributed to it (current generation), or when the play is a candidate for it: observed
 * from Spotify (not imported), inside the window of one of the campaign's own (non-bot, non-HEAD) clicks by
 * that listener, of a track in the campaign's target set at the time of the play. One statement answers "no
 * such play" and "not yours" alike: the caller learns nothing but that it may not see the play.
 */
const VISIBLE_SQL = `
  SELECT p.id, p.listener_id, p.track_id, p.played_at, p.context_uri, p.source, t.name AS track_name,
         t.duration_ms, p.origin, p.match_method, p.match_confidence, p.also_reported_by,
         c.id AS campaign_id, c.name AS campaign_name, c.attribution_window_hours, c.attribution_generation,
         c.destination_type, c.destination_id, c.starts_at, c.ends_at,
         EXISTS (SELECT 1 FROM attributions a
                  WHERE a.play_id = p.id AND a.campaign_id = c.id AND a.generation = c.attribution_generation)
           AS attributed
    FROM plays p
    JOIN campaigns c ON c.owner_id = $2
    LEFT JOIN tracks t ON t.id = p.track_id
   WHERE p.id = $1
     AND (EXISTS (SELECT 1 FROM attributions a
                   WHERE a.play_id = p.id AND a.campaign_id = c.id AND a.generation = c.attribution_generation)
          OR (p.source <> 'import'
              AND EXISTS (SELECT 1 FROM clicks k
                           WHERE k.listener_id = p.listener_id AND k.campaign_id = c.id
                             AND NOT k.is_bot AND NOT k.is_head
                             AND k.clicked_at <= p.played_at
                             AND p.played_at <= k.clicked_at + make_interval(hours => c.attribution_window_hours))
              AND EXISTS (SELECT 1 FROM campaign_tracks ct
                           WHERE ct.campaign_id = c.id AND ct.track_id = p.track_id AND ct.added_at <= p.played_at
                             AND (ct.removed_at IS NULL OR ct.removed_at > p.played_at))))
   ORDER BY c.name, c.id`;

/** The play with each campaign of the owner that may explain it (VISIBLE_SQL); none when no campaign may. */
export async function visibleCampaigns(
  manager: EntityManager,
  playId: string,
  ownerId: string,
): Promise<VisibleRow[]> {
  return (await manager.query(VISIBLE_SQL, [playId, ownerId])) as VisibleRow[];
}

export type VisibleRow = PlayRow & { campaign_id: string; campaign_name: string } & Omit<
    CampaignRow,
    'id' | 'name'
  >;

export interface StoredAttributionRow {
  score: number;
  tier: Tier;
  credit: number;
  reasons: string[];
  click_id: string;
  link_id: string;
  clicked_at: Date;
  label: string | null;
  /** The credited click is no longer stored: retention removed it (the attribution and the figures stay). */
  click_removed: boolean;
}

/**
 * The stored attribution of the play to the campaign's generation, with its link's label, if any (a
 * justified cross-module read: tracker_links' label joined in the same statement).
 */
export async function storedAttribution(
  manager: EntityManager,
  playId: string,
  campaignId: string,
  generation: number,
): Promise<StoredAttributionRow | undefined> {
  const [stored] = (await manager.query(
    `SELECT a.score, a.tier, a.credit, a.reasons, a.click_id, a.link_id, a.clicked_at, l.label,
            NOT EXISTS (SELECT 1 FROM clicks k WHERE k.id = a.click_id AND k.clicked_at = a.clicked_at) AS click_removed
       FROM attributions a LEFT JOIN tracker_links l ON l.id = a.link_id
      WHERE a.play_id = $1 AND a.campaign_id = $2 AND a.generation = $3`,
    [playId, campaignId, generation],
  )) as StoredAttributionRow[];
  return stored;
}
