import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/api-error';
import {
  BASELINE_FACTOR,
  Candidate,
  CONTEXT_WEIGHT,
  DECAY_FLOOR,
  evaluatePlay,
  MODEL_VERSION,
  PlayIneligibility,
  startedAt,
  StatusPeriod,
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
  duration_ms: number | null;
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
         t.duration_ms,
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
      if (stored) return this.attributed(playedAt, campaign, base, stored, clickInfoOf);
    }

    // Not attributed: the rule of the model (evaluatePlay) over the campaign's clicks by this listener, its
    // statuses and its target set says why; "qualifies" means a run or a waiting re-attribution will write it.
    const clicks = (
      (await this.dataSource.query(
        `SELECT k.id, k.link_id, k.clicked_at, k.is_bot, k.is_head, l.label
           FROM clicks k LEFT JOIN tracker_links l ON l.id = k.link_id
          WHERE k.listener_id = $1 AND k.campaign_id = $2 AND NOT k.is_bot AND NOT k.is_head
          ORDER BY k.clicked_at, k.id`,
        [play.listener_id, campaign.id],
      )) as Array<ClickRow & { is_bot: boolean; is_head: boolean }>
    ).map((k) => ({ ...k, clickedAt: new Date(k.clicked_at), isBot: k.is_bot, isHead: k.is_head }));
    const statuses = (
      (await this.dataSource.query(
        'SELECT status, since, until FROM campaign_status_periods WHERE campaign_id = $1',
        [campaign.id],
      )) as Array<{ status: StatusPeriod['status']; since: Date | null; until: Date | null }>
    ).map((r) => ({
      status: r.status,
      since: r.since ? new Date(r.since) : null,
      until: r.until ? new Date(r.until) : null,
    }));
    const tracks = (
      (await this.dataSource.query(
        'SELECT track_id, added_at, removed_at FROM campaign_tracks WHERE campaign_id = $1 AND track_id = $2',
        [campaign.id, play.track_id],
      )) as Array<{ track_id: string; added_at: Date; removed_at: Date | null }>
    ).map((r) => ({
      trackId: r.track_id,
      addedAt: new Date(r.added_at),
      removedAt: r.removed_at ? new Date(r.removed_at) : null,
    }));
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
      summary,
      score: null,
      tier: null,
      credit: null,
      reasons: verdict.reason ? [verdict.reason] : [],
      factors: null,
    };
  }

  private attributed(
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
    const score = Number(stored.score);
    const decay = Math.round((score / (context * baseline)) * 1000) / 1000;
    const parts = [
      describeContext(kind),
      `${hours(playedAt.getTime() - clickedAt.getTime())} h after the click in a ${campaign.attribution_window_hours} h window (×${decay}; the factor falls from 1 at the click to ${DECAY_FLOOR} at the end)`,
      repeat
        ? `the listener had played this track before their first click on this campaign: not new reach (×${BASELINE_FACTOR})`
        : 'a track new to the listener since their first click on this campaign (×1)',
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
      summary: `Attributed to “${stored.label ?? 'a link'}” with confidence ${score} (${stored.tier}): ${parts.join('; ')}. Credit ${stored.credit} of this play${stored.credit < 1 ? ', shared with other campaigns the listener clicked' : ''}. ${describeDates(campaign)}`,
      score,
      tier: stored.tier,
      credit: Number(stored.credit),
      reasons,
      factors: { context, decay, baseline },
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
