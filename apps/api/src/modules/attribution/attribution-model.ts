/**
 * Attribution model v2: pure rules, no I/O. docs/attribution.md explains them for owners; every rule and
 * boundary has a unit test (attribution-model.spec.ts). v2 (issue 16): the credited click is the latest
 * eligible one (dates, status, window), a play must start after it (played_at is the end of playback), the
 * baseline is measured against the first eligible click, and legacy playlist URIs are normalised.
 */
export const MODEL_VERSION = 'v2';

/** Tier cut-offs on the confidence score. */
export const HIGH_TIER_MIN = 0.7;
export const MEDIUM_TIER_MIN = 0.4;

/** How much each kind of play context says about the campaign having caused the play. */
export const CONTEXT_WEIGHT = {
  /** Played from the campaign's own playlist, album or artist page. */
  destination: 1,
  /** Played from another playlist, album or artist page. */
  other: 0.6,
  /** No context (Liked Songs, a deleted playlist, some clients). */
  none: 0.45,
} as const;

/** Confidence falls linearly from 1 at the click to this at the end of the window. */
export const DECAY_FLOOR = 0.5;

/** A track the listener had already played before the click is not new reach. */
export const BASELINE_FACTOR = 0.5;

export type Tier = 'high' | 'medium' | 'low';

export type ReasonCode =
  | 'CONTEXT_DESTINATION'
  | 'CONTEXT_OTHER'
  | 'CONTEXT_NONE'
  | 'TIME_DECAY'
  | 'NEW_REACH'
  | 'BASELINE_REPEAT'
  | 'PLAYLIST_VERIFIED'
  | 'IN_TARGET_SET'
  /** A play from Last.fm or ListenBrainz, matched to the track by the Spotify id it carried, its ISRC or its names. */
  | 'MATCHED_BY_SPOTIFY_ID'
  | 'MATCHED_BY_ISRC'
  | 'MATCHED_BY_NAME'
  | 'FROM_LASTFM'
  | 'FROM_LISTENBRAINZ';

/** How a play reported by another source than Spotify was matched to its track (Spotify plays have none). */
export interface PlayMatch {
  origin: 'lastfm' | 'listenbrainz';
  method: 'spotify_id' | 'isrc' | 'name';
  /** 0–1: a factor of the score. */
  confidence: number;
}

const MATCH_REASON = {
  spotify_id: 'MATCHED_BY_SPOTIFY_ID',
  isrc: 'MATCHED_BY_ISRC',
  name: 'MATCHED_BY_NAME',
} as const satisfies Record<PlayMatch['method'], ReasonCode>;

const ORIGIN_REASON = {
  lastfm: 'FROM_LASTFM',
  listenbrainz: 'FROM_LISTENBRAINZ',
} as const satisfies Record<PlayMatch['origin'], ReasonCode>;

export type DestinationType = 'playlist' | 'album' | 'track' | 'artist';

export interface Candidate {
  playedAt: Date;
  clickedAt: Date;
  windowHours: number;
  destinationType: DestinationType;
  destinationId: string;
  /** The play's context URI (null when Spotify gave none). */
  contextUri: string | null;
  /** The listener had played this track before the click. */
  playedBeforeClick: boolean;
  /** Set for a play from Last.fm or ListenBrainz: its match confidence multiplies the score. */
  match?: PlayMatch;
}

export type Ineligibility =
  /** The play ended before the click. */
  | 'PLAY_BEFORE_CLICK'
  /** The play ended after the click but started before it (played_at − the track's duration < click). */
  | 'STARTED_BEFORE_CLICK'
  | 'OUTSIDE_WINDOW';

export interface Score {
  score: number;
  tier: Tier;
  reasons: ReasonCode[];
  factors: { context: number; decay: number; baseline: number; match: number };
}

/**
 * When playback started: Spotify's `played_at` is when it ended, so the start is `played_at` minus the
 * track's duration (unknown duration: the start is taken as `played_at`).
 */
export function startedAt(playedAt: Date, durationMs: number | null | undefined): Date {
  return new Date(playedAt.getTime() - Math.max(0, durationMs ?? 0));
}

/**
 * Why a candidate cannot be attributed to this click, or undefined when it can (dates, statuses and track-set
 * checks are `clickIneligibility` / `playIneligibility`'s). The play must start at or after the click
 * (`startedAt`, default: `playedAt`) and end inside the window (`playedAt ≤ clickedAt + window`).
 */
export function ineligibility(
  candidate: Pick<Candidate, 'playedAt' | 'clickedAt' | 'windowHours'> & { startedAt?: Date },
): Ineligibility | undefined {
  const elapsed = candidate.playedAt.getTime() - candidate.clickedAt.getTime();
  if (elapsed < 0) return 'PLAY_BEFORE_CLICK';
  if ((candidate.startedAt ?? candidate.playedAt).getTime() < candidate.clickedAt.getTime())
    return 'STARTED_BEFORE_CLICK';
  if (elapsed > candidate.windowHours * 3_600_000) return 'OUTSIDE_WINDOW';
  return undefined;
}

/**
 * The context URI in its current form: Spotify's legacy `spotify:user:{user}:playlist:{id}` names the same
 * playlist as `spotify:playlist:{id}`.
 */
export function normalizeContextUri(uri: string | null): string | null {
  if (!uri) return uri;
  const legacy = /^spotify:user:[^:]+:playlist:([^:]+)$/.exec(uri);
  return legacy ? `spotify:playlist:${legacy[1]}` : uri;
}

export function contextKind(
  candidate: Pick<Candidate, 'contextUri' | 'destinationType' | 'destinationId'>,
): keyof typeof CONTEXT_WEIGHT {
  const uri = normalizeContextUri(candidate.contextUri);
  if (!uri) return 'none';
  return uri === `spotify:${candidate.destinationType}:${candidate.destinationId}` ? 'destination' : 'other';
}

export function tierOf(score: number): Tier {
  if (score >= HIGH_TIER_MIN) return 'high';
  if (score >= MEDIUM_TIER_MIN) return 'medium';
  return 'low';
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** The confidence of an eligible candidate: context × time decay × baseline. */
export function scoreCandidate(candidate: Candidate): Score {
  if (ineligibility(candidate)) throw new Error('scoreCandidate needs an eligible candidate');
  const kind = contextKind(candidate);
  const context = CONTEXT_WEIGHT[kind];
  const fraction =
    (candidate.playedAt.getTime() - candidate.clickedAt.getTime()) / (candidate.windowHours * 3_600_000);
  const decay = 1 - (1 - DECAY_FLOOR) * fraction;
  const baseline = candidate.playedBeforeClick ? BASELINE_FACTOR : 1;
  const match = candidate.match ? Math.min(1, Math.max(0, candidate.match.confidence)) : 1;
  const score = round(context * decay * baseline * match);
  const reasons: ReasonCode[] = [
    kind === 'destination' ? 'CONTEXT_DESTINATION' : kind === 'other' ? 'CONTEXT_OTHER' : 'CONTEXT_NONE',
    'TIME_DECAY',
    candidate.playedBeforeClick ? 'BASELINE_REPEAT' : 'NEW_REACH',
    candidate.destinationType === 'playlist' ? 'PLAYLIST_VERIFIED' : 'IN_TARGET_SET',
  ];
  if (candidate.match)
    reasons.push(MATCH_REASON[candidate.match.method], ORIGIN_REASON[candidate.match.origin]);
  return { score, tier: tierOf(score), reasons, factors: { context, decay: round(decay), baseline, match } };
}

/**
 * Each campaign's share of one play, proportional to its score; the shares sum to 1 (the last one takes
 * the rounding remainder), so totals across campaigns never count a play twice. Callers order the scores by
 * campaign id, as the database's rebalance does. Exact arithmetic on the scores' thousandths and the shares'
 * ten-thousandths (round half up), as PostgreSQL's numeric `round(score / total, 4)` computes them.
 */
export function creditShares(scores: number[]): number[] {
  if (scores.length === 0) return [];
  const units = scores.map((s) => Math.round(s * 1000));
  const total = units.reduce((sum, s) => sum + s, 0);
  const shares =
    total > 0
      ? units.map((s) => Math.floor((2 * s * 10_000 + total) / (2 * total)))
      : units.map(() => Math.floor((2 * 10_000 + units.length) / (2 * units.length)));
  shares[shares.length - 1] = 10_000 - shares.slice(0, -1).reduce((sum, s) => sum + s, 0);
  return shares.map((s) => s / 10_000);
}

/**
 * The click credited when several qualify: the latest one at or before `at` (the freshest cause; on a tie,
 * the highest id). Callers pass only eligible clicks (`clickIneligibility`, window), and the play's start.
 */
export function creditedClick<T extends { clickedAt: Date; id: string }>(
  clicks: T[],
  at: Date,
): T | undefined {
  let best: T | undefined;
  for (const click of clicks) {
    if (click.clickedAt.getTime() > at.getTime()) continue;
    if (
      !best ||
      click.clickedAt > best.clickedAt ||
      (click.clickedAt.getTime() === best.clickedAt.getTime() && click.id > best.id)
    ) {
      best = click;
    }
  }
  return best;
}

/** Was the track in the target set at that moment? (The SQL uses the same rule: added_at <= t < removed_at.) */
export function inTargetSet(
  rows: Array<{ trackId: string; addedAt: Date; removedAt: Date | null }>,
  trackId: string,
  at: Date,
): boolean {
  return rows.some(
    (row) =>
      row.trackId === trackId &&
      row.addedAt.getTime() <= at.getTime() &&
      (row.removedAt === null || row.removedAt.getTime() > at.getTime()),
  );
}

export type CampaignStatus = 'draft' | 'active' | 'paused' | 'ended' | 'archived';

/** A period of a campaign's life in one status: from `since` (null: from the start) until `until` (null: now on). */
export interface StatusPeriod {
  status: CampaignStatus;
  since: Date | null;
  until: Date | null;
}

/** Statuses in which a campaign takes no plays at all (a play that starts in such a period is not credited). */
export const NOT_LIVE_STATUSES: readonly CampaignStatus[] = ['draft', 'paused', 'archived'];

/** The campaign's statuses at a moment (none recorded: active). Periods may only overlap at their boundaries. */
export function statusAt(periods: StatusPeriod[], at: Date): CampaignStatus {
  const t = at.getTime();
  const hit = periods.find(
    (p) => (p.since === null || p.since.getTime() <= t) && (p.until === null || p.until.getTime() > t),
  );
  return hit?.status ?? 'active';
}

export type ClickIneligibility = 'BOT_OR_HEAD' | 'CLICK_OUTSIDE_DATES' | 'CLICK_WHILE_NOT_ACTIVE';

/**
 * Can this click credit any play of its campaign? Not a bot, a preview fetcher or a HEAD request; made
 * between the campaign's start and end dates (inclusive); made while the campaign was `active` (a click made
 * while it was a draft, paused, ended or archived is not eligible).
 */
export function clickIneligibility(
  click: { clickedAt: Date; isBot: boolean; isHead: boolean },
  campaign: { startsAt: Date | null; endsAt: Date | null; statuses: StatusPeriod[] },
): ClickIneligibility | undefined {
  if (click.isBot || click.isHead) return 'BOT_OR_HEAD';
  const t = click.clickedAt.getTime();
  if (
    (campaign.startsAt && t < campaign.startsAt.getTime()) ||
    (campaign.endsAt && t > campaign.endsAt.getTime())
  )
    return 'CLICK_OUTSIDE_DATES';
  if (statusAt(campaign.statuses, click.clickedAt) !== 'active') return 'CLICK_WHILE_NOT_ACTIVE';
  return undefined;
}

/** Does the campaign take plays that start at this moment? Not while it is a draft, paused or archived. */
export function liveAt(statuses: StatusPeriod[], at: Date): boolean {
  return !NOT_LIVE_STATUSES.includes(statusAt(statuses, at));
}

export type PlayIneligibility =
  | 'IMPORTED'
  | 'NO_ELIGIBLE_CLICK'
  | Ineligibility
  | ClickIneligibility
  | 'PLAYED_WHILE_NOT_LIVE'
  | 'NOT_IN_TARGET_SET';

export interface EvaluatedClick {
  id: string;
  clickedAt: Date;
  isBot: boolean;
  isHead: boolean;
}

/**
 * The whole rule for one play and one campaign: the credited click (the latest eligible click whose window
 * holds the play and that precedes the play's start), the baseline reference (the listener's first eligible
 * click on the campaign), or why nothing is credited (the most telling reason, for explanations).
 */
export function evaluatePlay<C extends EvaluatedClick>(
  play: { playedAt: Date; durationMs: number | null; trackId: string; source: string },
  campaign: {
    windowHours: number;
    startsAt: Date | null;
    endsAt: Date | null;
    statuses: StatusPeriod[];
    tracks: Array<{ trackId: string; addedAt: Date; removedAt: Date | null }>;
  },
  clicks: C[],
):
  | { click: C; firstClickAt: Date; reason?: undefined }
  | { click?: undefined; firstClickAt?: undefined; reason: PlayIneligibility } {
  if (play.source === 'import') return { reason: 'IMPORTED' };
  const start = startedAt(play.playedAt, play.durationMs);
  const eligible = clicks.filter((c) => !clickIneligibility(c, campaign));
  const inWindow = eligible.filter(
    (c) =>
      !ineligibility({
        playedAt: play.playedAt,
        startedAt: start,
        clickedAt: c.clickedAt,
        windowHours: campaign.windowHours,
      }),
  );
  const click = creditedClick(inWindow, start);
  if (!click) {
    // The reason of the latest click at or before the play's end, eligible or not.
    const latest = creditedClick(clicks, play.playedAt);
    if (!latest) return { reason: clicks.length > 0 ? 'PLAY_BEFORE_CLICK' : 'NO_ELIGIBLE_CLICK' };
    const why =
      clickIneligibility(latest, campaign) ??
      ineligibility({
        playedAt: play.playedAt,
        startedAt: start,
        clickedAt: latest.clickedAt,
        windowHours: campaign.windowHours,
      });
    return { reason: why ?? 'NO_ELIGIBLE_CLICK' };
  }
  if (!liveAt(campaign.statuses, start)) return { reason: 'PLAYED_WHILE_NOT_LIVE' };
  if (!inTargetSet(campaign.tracks, play.trackId, play.playedAt)) return { reason: 'NOT_IN_TARGET_SET' };
  const firstClickAt = new Date(Math.min(...eligible.map((c) => c.clickedAt.getTime())));
  return { click, firstClickAt };
}
