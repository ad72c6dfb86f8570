import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/api-error';
import {
  BASELINE_FACTOR,
  Candidate,
  CONTEXT_WEIGHT,
  contextKind,
  DECAY_FLOOR,
  ineligibility,
  MODEL_VERSION,
  scoreCandidate,
  Tier,
} from './attribution-model';

export interface CampaignExplanation {
  campaignId: string;
  campaignName: string;
  attributed: boolean;
  /** In words, for the owner. */
  summary: string;
  score: number | null;
  tier: Tier | null;
  credit: number | null;
  reasons: string[];
  factors: { context: number; decay: number; baseline: number } | null;
  clickId: string | null;
  linkId: string | null;
  linkLabel: string | null;
  clickedAt: string | null;
  hoursAfterClick: number | null;
  windowHours: number;
}

export interface PlayExplanation {
  playId: string;
  trackId: string;
  trackName: string | null;
  playedAt: string;
  contextUri: string | null;
  source: string;
  modelVersion: string;
  campaigns: CampaignExplanation[];
}

const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

function describeContext(kind: keyof typeof CONTEXT_WEIGHT): string {
  if (kind === 'destination')
    return `played from the campaign's own destination (×${CONTEXT_WEIGHT.destination})`;
  if (kind === 'other') return `played from another playlist, album or artist (×${CONTEXT_WEIGHT.other})`;
  return `played with no context, e.g. from Liked Songs (×${CONTEXT_WEIGHT.none})`;
}

type ClickInfo = Pick<
  CampaignExplanation,
  'clickId' | 'linkId' | 'linkLabel' | 'clickedAt' | 'hoursAfterClick'
>;

interface ClickRow {
  id: string;
  link_id: string;
  clicked_at: Date;
  label: string | null;
}

interface PlayRow {
  id: string;
  listener_id: string;
  track_id: string;
  played_at: Date;
  context_uri: string | null;
  source: string;
  track_name: string | null;
}

interface CampaignRow {
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

/**
 * "Why was this play attributed (or not)?", for the owner's campaigns that may see the play: those it is
 * attributed to, and those it is a candidate for through the owner's own click (VISIBLE_SQL). Anything else,
 * including a play that does not exist, is the same 404: play ids are sequential, so guessing them must give
 * nothing (docs/attribution.md, "Asking why").
 */
@Injectable()
export class ExplanationService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async explain(ownerId: string, playId: string): Promise<PlayExplanation> {
    const rows = (await this.dataSource.query(VISIBLE_SQL, [playId, ownerId])) as Array<
      PlayRow & {
        campaign_id: string;
        campaign_name: string;
      } & Omit<CampaignRow, 'id' | 'name'>
    >;
    const play = rows[0];
    if (!play) throw new NotFoundError('Play');
    const playedAt = new Date(play.played_at);
    const explanations: CampaignExplanation[] = [];
    for (const row of rows) {
      explanations.push(
        await this.explainOne(play, playedAt, { ...row, id: row.campaign_id, name: row.campaign_name }),
      );
    }
    return {
      playId: String(play.id),
      trackId: play.track_id,
      trackName: play.track_name,
      playedAt: playedAt.toISOString(),
      contextUri: play.context_uri,
      source: play.source,
      modelVersion: MODEL_VERSION,
      campaigns: explanations,
    };
  }

  private async explainOne(
    play: PlayRow,
    playedAt: Date,
    campaign: CampaignRow,
  ): Promise<CampaignExplanation> {
    const base = {
      campaignId: campaign.id,
      campaignName: campaign.name,
      windowHours: campaign.attribution_window_hours,
    };
    const clickInfoOf = (click: ClickRow): ClickInfo => ({
      clickId: click.id,
      linkId: click.link_id,
      linkLabel: click.label,
      clickedAt: new Date(click.clicked_at).toISOString(),
      hoursAfterClick: hours(playedAt.getTime() - new Date(click.clicked_at).getTime()),
    });

    if (campaign.attributed) {
      const [stored] = (await this.dataSource.query(
        `SELECT a.score, a.tier, a.credit, a.reasons, a.click_id, a.link_id, a.clicked_at, l.label
           FROM attributions a LEFT JOIN tracker_links l ON l.id = a.link_id
          WHERE a.play_id = $1 AND a.campaign_id = $2 AND a.generation = $3`,
        [play.id, campaign.id, campaign.attribution_generation],
      )) as Array<{
        score: number;
        tier: Tier;
        credit: number;
        reasons: string[];
        click_id: string;
        link_id: string;
        clicked_at: Date;
        label: string | null;
      }>;
      if (stored) return this.attributed(play, playedAt, campaign, base, stored, clickInfoOf);
    }

    // A candidate (VISIBLE_SQL): the latest of the campaign's clicks at or before the play is inside the window.
    const [click] = (await this.dataSource.query(
      `SELECT k.id, k.link_id, k.clicked_at, l.label FROM clicks k LEFT JOIN tracker_links l ON l.id = k.link_id
        WHERE k.listener_id = $1 AND k.campaign_id = $2 AND NOT k.is_bot AND NOT k.is_head AND k.clicked_at <= $3
        ORDER BY k.clicked_at DESC, k.id DESC LIMIT 1`,
      [play.listener_id, campaign.id, playedAt],
    )) as ClickRow[];
    const notAttributed = (summary: string): CampaignExplanation => ({
      ...base,
      ...(click
        ? clickInfoOf(click)
        : { clickId: null, linkId: null, linkLabel: null, clickedAt: null, hoursAfterClick: null }),
      attributed: false,
      summary,
      score: null,
      tier: null,
      credit: null,
      reasons: [],
      factors: null,
    });
    if (!click)
      return notAttributed(
        'Not attributed: the listener clicked this campaign’s links only after this play.',
      );
    const clickedAt = new Date(click.clicked_at);
    if (
      ineligibility({ playedAt, clickedAt, windowHours: campaign.attribution_window_hours }) ===
      'OUTSIDE_WINDOW'
    ) {
      return notAttributed(
        `Not attributed: played ${hours(playedAt.getTime() - clickedAt.getTime())} h after the latest click, outside the campaign’s ${campaign.attribution_window_hours} h window.`,
      );
    }
    if (
      (campaign.starts_at && clickedAt < new Date(campaign.starts_at)) ||
      (campaign.ends_at && clickedAt > new Date(campaign.ends_at))
    ) {
      return notAttributed(
        'Not attributed: the click was outside the campaign’s dates (clicks before its start or after its end do not count).',
      );
    }
    return notAttributed('Not attributed yet: this play qualifies and will be attributed by the next run.');
  }

  private async attributed(
    play: PlayRow,
    playedAt: Date,
    campaign: CampaignRow,
    base: { campaignId: string; campaignName: string; windowHours: number },
    stored: {
      score: number;
      tier: Tier;
      credit: number;
      reasons: string[];
      click_id: string;
      link_id: string;
      clicked_at: Date;
      label: string | null;
    },
    clickInfoOf: (click: ClickRow) => ClickInfo,
  ): Promise<CampaignExplanation> {
    const clickedAt = new Date(stored.clicked_at);
    const [earlier] = (await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM plays WHERE listener_id = $1 AND track_id = $2 AND played_at < $3) AS e`,
      [play.listener_id, play.track_id, clickedAt],
    )) as Array<{ e: boolean }>;
    const score = scoreCandidate({
      playedAt,
      clickedAt,
      windowHours: campaign.attribution_window_hours,
      destinationType: campaign.destination_type,
      destinationId: campaign.destination_id,
      contextUri: play.context_uri,
      playedBeforeClick: !!earlier?.e,
    });
    const kind = contextKind({
      contextUri: play.context_uri,
      destinationType: campaign.destination_type,
      destinationId: campaign.destination_id,
    });
    const parts = [
      describeContext(kind),
      `${hours(playedAt.getTime() - clickedAt.getTime())} h after the click in a ${campaign.attribution_window_hours} h window (×${score.factors.decay}; the factor falls from 1 at the click to ${DECAY_FLOOR} at the end)`,
      earlier?.e
        ? `the listener had played this track before clicking: not new reach (×${BASELINE_FACTOR})`
        : 'a track new to the listener since the click (×1)',
    ];
    return {
      ...base,
      ...clickInfoOf({
        id: stored.click_id,
        link_id: stored.link_id,
        clicked_at: stored.clicked_at,
        label: stored.label,
      }),
      attributed: true,
      summary: `Attributed to “${stored.label ?? 'a link'}” with confidence ${stored.score} (${stored.tier}): ${parts.join('; ')}. Credit ${stored.credit} of this play${stored.credit < 1 ? ', shared with other campaigns the listener clicked' : ''}.`,
      score: Number(stored.score),
      tier: stored.tier,
      credit: Number(stored.credit),
      reasons: stored.reasons,
      factors: score.factors,
    };
  }
}
