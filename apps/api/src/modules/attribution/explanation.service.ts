import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/api-error';
import { clicksOfListener, statusPeriods } from '../campaign/campaign-attribution.repository';
import { trackPeriods } from '../campaign/campaign-tracks.repository';
import {
  BASELINE_FACTOR,
  CONTEXT_WEIGHT,
  DECAY_FLOOR,
  evaluatePlay,
  MODEL_VERSION,
  PlayIneligibility,
  startedAt,
  Tier,
} from './attribution-model';
import {
  CampaignRow,
  ClickRow,
  PlayRow,
  StoredAttributionRow,
  storedAttribution,
  visibleCampaigns,
} from './explanation.repository';

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
  factors: { context: number; decay: number; baseline: number; match: number } | null;
  clickId: string | null;
  linkId: string | null;
  linkLabel: string | null;
  clickedAt: string | null;
  hoursAfterClick: number | null;
  windowHours: number;
  /** The credited click's raw row was removed by retention (the attribution, its score and the figures stay). */
  clickRemoved: boolean;
}

export interface PlayExplanation {
  playId: string;
  trackId: string;
  trackName: string | null;
  playedAt: string;
  contextUri: string | null;
  source: string;
  origin: string;
  matchMethod: string | null;
  matchConfidence: number;
  alsoReportedBy: string[];
  sourceSummary: string;
  modelVersion: string;
  campaigns: CampaignExplanation[];
}

const SOURCE_NAMES: Record<string, string> = {
  spotify: 'Spotify',
  lastfm: 'Last.fm',
  listenbrainz: 'ListenBrainz',
};
const MATCH_WORDS: Record<string, string> = {
  spotify_id: 'by the Spotify id it carried',
  isrc: 'by its ISRC',
  name: 'by artist and title',
};

/** Which source's report was kept, how it was matched, and who else reported the play, in words. */
function describeSource(play: PlayRow): string {
  const name = SOURCE_NAMES[play.origin] ?? play.origin;
  const matched =
    play.origin !== 'spotify' && play.match_method
      ? `Reported by ${name}, matched to the track ${MATCH_WORDS[play.match_method] ?? play.match_method} (confidence ${Number(play.match_confidence)}).`
      : `Reported by ${name}.`;
  const others = (play.also_reported_by ?? []).map((o) => SOURCE_NAMES[o] ?? o);
  return others.length > 0
    ? `${matched} ${others.join(' and ')} reported the same play later; ${name}'s report was kept and counted once.`
    : matched;
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
    const rows = await visibleCampaigns(this.dataSource.manager, playId, ownerId);
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
      origin: play.origin,
      matchMethod: play.match_method,
      matchConfidence: Number(play.match_confidence),
      alsoReportedBy: play.also_reported_by ?? [],
      sourceSummary: describeSource(play),
      modelVersion: MODEL_VERSION,
      campaigns: explanations,
    };
  }

  private async explainOne(
    play: PlayRow,
    playedAt: Date,
    campaign: CampaignRow,
  ): Promise<CampaignExplanation> {
    const manager = this.dataSource.manager;
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
      const stored = await storedAttribution(manager, play.id, campaign.id, campaign.attribution_generation);
      if (stored) return this.attributed(play, playedAt, campaign, base, stored, clickInfoOf);
    }

    // Not attributed: the rule of the model (evaluatePlay) over the campaign's clicks by this listener, its
    // statuses and its target set says why; "qualifies" means a run or a waiting re-attribution will write it.
    const clicks = (await clicksOfListener(manager, play.listener_id, campaign.id)).map((k) => ({
      ...k,
      clickedAt: new Date(k.clicked_at),
      isBot: k.is_bot,
      isHead: k.is_head,
    }));
    const statuses = await statusPeriods(manager, campaign.id);
    const tracks = await trackPeriods(manager, campaign.id, play.track_id);
    const verdict = evaluatePlay(
      { playedAt, durationMs: play.duration_ms, trackId: play.track_id, source: play.source },
      {
        windowHours: campaign.attribution_window_hours,
        startsAt: campaign.starts_at ? new Date(campaign.starts_at) : null,
        endsAt: campaign.ends_at ? new Date(campaign.ends_at) : null,
        statuses,
        tracks,
      },
      clicks,
    );
    // The click the words are about: the credited one, else the latest at or before the play's end.
    const shown =
      verdict.click ??
      [...clicks].reverse().find((k) => k.clickedAt.getTime() <= playedAt.getTime()) ??
      undefined;
    const dates = describeDates(campaign);
    const summary = verdict.reason
      ? `Not attributed: ${describeIneligibility(verdict.reason, {
          playedAt,
          durationMs: play.duration_ms,
          clickedAt: shown?.clickedAt,
          windowHours: campaign.attribution_window_hours,
        })} ${dates}`
      : `Not attributed yet: this play qualifies and will be attributed by the next run. ${dates}`;
    return {
      ...base,
      ...(shown
        ? clickInfoOf(shown)
        : { clickId: null, linkId: null, linkLabel: null, clickedAt: null, hoursAfterClick: null }),
      attributed: false,
      clickRemoved: false,
      summary,
      score: null,
      tier: null,
      credit: null,
      reasons: verdict.reason ? [verdict.reason] : [],
      factors: null,
    };
  }

  private attributed(
    play: PlayRow,
    playedAt: Date,
    campaign: CampaignRow,
    base: { campaignId: string; campaignName: string; windowHours: number },
    stored: StoredAttributionRow,
    clickInfoOf: (click: ClickRow) => ClickInfo,
  ): CampaignExplanation {
    // Words and factors come from the stored row (its reasons and its score), never from a recomputation
    // that could disagree with the number shown.
    const clickedAt = new Date(stored.clicked_at);
    const reasons = stored.reasons;
    const kind: keyof typeof CONTEXT_WEIGHT = reasons.includes('CONTEXT_DESTINATION')
      ? 'destination'
      : reasons.includes('CONTEXT_OTHER')
        ? 'other'
        : 'none';
    const repeat = reasons.includes('BASELINE_REPEAT');
    const context = CONTEXT_WEIGHT[kind];
    const baseline = repeat ? BASELINE_FACTOR : 1;
    const match = play.origin !== 'spotify' && play.match_method ? Number(play.match_confidence) : 1;
    const score = Number(stored.score);
    const decay = Math.round((score / (context * baseline * match)) * 1000) / 1000;
    const parts = [
      describeContext(kind),
      `${hours(playedAt.getTime() - clickedAt.getTime())} h after the click in a ${campaign.attribution_window_hours} h window (×${decay}; the factor falls from 1 at the click to ${DECAY_FLOOR} at the end)`,
      repeat
        ? `the listener had played this track before their first click on this campaign: not new reach (×${BASELINE_FACTOR})`
        : 'a track new to the listener since their first click on this campaign (×1)',
    ];
    if (match !== 1 || play.origin !== 'spotify') {
      const how = MATCH_WORDS[play.match_method ?? ''] ?? 'by its names';
      parts.push(`matched ${how} from ${SOURCE_NAMES[play.origin] ?? play.origin} (×${match})`);
    }
    return {
      ...base,
      ...clickInfoOf({
        id: stored.click_id,
        link_id: stored.link_id,
        clicked_at: stored.clicked_at,
        label: stored.label,
      }),
      attributed: true,
      summary: `Attributed to “${stored.label ?? 'a link'}” with confidence ${score} (${stored.tier}): ${parts.join('; ')}. Credit ${stored.credit} of this play${stored.credit < 1 ? ', shared with other campaigns the listener clicked' : ''}. ${stored.click_removed ? 'The raw click was removed by data retention since; this attribution and the figures keep it. ' : ''}${describeDates(campaign)}`,
      clickRemoved: stored.click_removed,
      score,
      tier: stored.tier,
      credit: Number(stored.credit),
      reasons,
      factors: { context, decay, baseline, match },
    };
  }
}

/** The campaign's dates, in words (every explanation states them). */
function describeDates(campaign: Pick<CampaignRow, 'starts_at' | 'ends_at'>): string {
  const day = (d: Date) => new Date(d).toISOString().replace('.000Z', 'Z');
  if (campaign.starts_at && campaign.ends_at)
    return `The campaign runs from ${day(campaign.starts_at)} to ${day(campaign.ends_at)}: only clicks between these count.`;
  if (campaign.starts_at)
    return `The campaign starts ${day(campaign.starts_at)}: only clicks from then on count.`;
  if (campaign.ends_at) return `The campaign ends ${day(campaign.ends_at)}: only clicks until then count.`;
  return 'The campaign has no start or end date.';
}

/** Why a play is not attributed, in words (the codes of attribution-model.ts `evaluatePlay`). */
function describeIneligibility(
  reason: PlayIneligibility,
  at: { playedAt: Date; durationMs: number | null; clickedAt?: Date; windowHours: number },
): string {
  switch (reason) {
    case 'IMPORTED':
      return 'imported streaming history counts as the listener’s baseline, never as a campaign result.';
    case 'NO_ELIGIBLE_CLICK':
    case 'PLAY_BEFORE_CLICK':
      return 'the listener clicked this campaign’s links only after this play.';
    case 'STARTED_BEFORE_CLICK': {
      const start = startedAt(at.playedAt, at.durationMs);
      const ahead = at.clickedAt ? Math.round((at.clickedAt.getTime() - start.getTime()) / 1000) : 0;
      return `the track started playing at ${start.toISOString()} (it ended at ${at.playedAt.toISOString()}, and lasts ${Math.round((at.durationMs ?? 0) / 1000)} s), ${ahead} s before the click: it was already playing.`;
    }
    case 'OUTSIDE_WINDOW':
      return `played ${at.clickedAt ? hours(at.playedAt.getTime() - at.clickedAt.getTime()) : '?'} h after the latest click, outside the campaign’s ${at.windowHours} h window.`;
    case 'CLICK_OUTSIDE_DATES':
      return 'the click was outside the campaign’s dates (clicks before its start or after its end do not count).';
    case 'CLICK_WHILE_NOT_ACTIVE':
      return 'the click was made while the campaign was not active (a draft, paused, ended or archived campaign’s clicks do not count).';
    case 'PLAYED_WHILE_NOT_LIVE':
      return 'the play started while the campaign was a draft, paused or archived: it takes no plays then.';
    case 'NOT_IN_TARGET_SET':
      return 'the track was not in the campaign’s target set at the time of the play.';
    case 'BOT_OR_HEAD':
      return 'the click came from a bot or a link preview.';
  }
}
