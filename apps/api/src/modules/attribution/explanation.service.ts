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

/** "Why was this play attributed (or not)?", for every campaign of the owner the listener clicked. */
@Injectable()
export class ExplanationService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async explain(ownerId: string, playId: string): Promise<PlayExplanation> {
    const [play] = (await this.dataSource.query(
      `SELECT p.id, p.listener_id, p.track_id, p.played_at, p.context_uri, p.source, t.name AS track_name
         FROM plays p LEFT JOIN tracks t ON t.id = p.track_id WHERE p.id = $1`,
      [playId],
    )) as Array<{
      id: string;
      listener_id: string;
      track_id: string;
      played_at: Date;
      context_uri: string | null;
      source: string;
      track_name: string | null;
    }>;
    if (!play) throw new NotFoundError('Play');
    const campaigns = (await this.dataSource.query(
      `SELECT DISTINCT c.id, c.name, c.attribution_window_hours, c.attribution_generation, c.destination_type, c.destination_id
         FROM clicks k JOIN campaigns c ON c.id = k.campaign_id
        WHERE k.listener_id = $1 AND c.owner_id = $2 AND NOT k.is_bot AND NOT k.is_head
        ORDER BY c.name`,
      [play.listener_id, ownerId],
    )) as Array<{
      id: string;
      name: string;
      attribution_window_hours: number;
      attribution_generation: number;
      destination_type: Candidate['destinationType'];
      destination_id: string;
    }>;
    // Only an owner one of whose campaigns this listener clicked may see the play: others get 404.
    if (campaigns.length === 0) throw new NotFoundError('Play');
    const playedAt = new Date(play.played_at);
    const explanations: CampaignExplanation[] = [];
    for (const campaign of campaigns) explanations.push(await this.explainOne(play, playedAt, campaign));
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
    play: { id: string; listener_id: string; track_id: string; context_uri: string | null; source: string },
    playedAt: Date,
    campaign: {
      id: string;
      name: string;
      attribution_window_hours: number;
      attribution_generation: number;
      destination_type: Candidate['destinationType'];
      destination_id: string;
    },
  ): Promise<CampaignExplanation> {
    const base = {
      campaignId: campaign.id,
      campaignName: campaign.name,
      windowHours: campaign.attribution_window_hours,
    };
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
    const [click] = (await this.dataSource.query(
      `SELECT k.id, k.link_id, k.clicked_at, l.label FROM clicks k LEFT JOIN tracker_links l ON l.id = k.link_id
        WHERE k.listener_id = $1 AND k.campaign_id = $2 AND NOT k.is_bot AND NOT k.is_head AND k.clicked_at <= $3
        ORDER BY k.clicked_at DESC, k.id DESC LIMIT 1`,
      [play.listener_id, campaign.id, playedAt],
    )) as Array<{ id: string; link_id: string; clicked_at: Date; label: string | null }>;
    const clickInfo = click
      ? {
          clickId: click.id,
          linkId: click.link_id,
          linkLabel: click.label,
          clickedAt: new Date(click.clicked_at).toISOString(),
          hoursAfterClick: hours(playedAt.getTime() - new Date(click.clicked_at).getTime()),
        }
      : { clickId: null, linkId: null, linkLabel: null, clickedAt: null, hoursAfterClick: null };
    const notAttributed = (summary: string): CampaignExplanation => ({
      ...base,
      ...clickInfo,
      attributed: false,
      summary,
      score: null,
      tier: null,
      credit: null,
      reasons: [],
      factors: null,
    });

    if (play.source === 'import')
      return notAttributed(
        'Not attributed: plays imported from a streaming-history file never create attributions (they only count as the listener’s history).',
      );
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
    const membership = (await this.dataSource.query(
      `SELECT added_at, removed_at FROM campaign_tracks WHERE campaign_id = $1 AND track_id = $2 ORDER BY added_at`,
      [campaign.id, play.track_id],
    )) as Array<{ added_at: Date; removed_at: Date | null }>;
    const inSet = membership.some(
      (m) => new Date(m.added_at) <= playedAt && (m.removed_at === null || new Date(m.removed_at) > playedAt),
    );
    if (!inSet) {
      const last = membership[membership.length - 1];
      if (!last)
        return notAttributed('Not attributed: the track is not part of this campaign’s destination.');
      const when =
        new Date(last.added_at) > playedAt
          ? `it was added at ${new Date(last.added_at).toISOString()}, after the play`
          : `it was removed at ${new Date(last.removed_at as Date).toISOString()}, before the play`;
      return notAttributed(
        `Not attributed: the track was not in the campaign’s playlist at the time of the play (${when}).`,
      );
    }
    if (!stored)
      return notAttributed('Not attributed yet: this play qualifies and will be attributed by the next run.');

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
      ...clickInfo,
      attributed: true,
      summary: `Attributed to “${click.label ?? 'a link'}” with confidence ${stored.score} (${stored.tier}): ${parts.join('; ')}. Credit ${stored.credit} of this play${stored.credit < 1 ? ', shared with other campaigns the listener clicked' : ''}.`,
      score: Number(stored.score),
      tier: stored.tier,
      credit: Number(stored.credit),
      reasons: stored.reasons,
      factors: score.factors,
    };
  }
}
