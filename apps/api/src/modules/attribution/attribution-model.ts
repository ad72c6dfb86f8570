/**
 * Attribution model v1: pure rules, no I/O. docs/attribution.md explains them for owners; every rule and
 * boundary has a unit test (attribution-model.spec.ts).
 */
export const MODEL_VERSION = 'v1';

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
  | 'IN_TARGET_SET';

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
}

export type Ineligibility = 'PLAY_BEFORE_CLICK' | 'OUTSIDE_WINDOW';

export interface Score {
  score: number;
  tier: Tier;
  reasons: ReasonCode[];
  factors: { context: number; decay: number; baseline: number };
}

/** Why a candidate cannot be attributed at all, or undefined when it can (track-set checks are the caller's). */
export function ineligibility(
  candidate: Pick<Candidate, 'playedAt' | 'clickedAt' | 'windowHours'>,
): Ineligibility | undefined {
  const elapsed = candidate.playedAt.getTime() - candidate.clickedAt.getTime();
  if (elapsed < 0) return 'PLAY_BEFORE_CLICK';
  if (elapsed > candidate.windowHours * 3_600_000) return 'OUTSIDE_WINDOW';
  return undefined;
}

export function contextKind(
  candidate: Pick<Candidate, 'contextUri' | 'destinationType' | 'destinationId'>,
): keyof typeof CONTEXT_WEIGHT {
  if (!candidate.contextUri) return 'none';
  return candidate.contextUri === `spotify:${candidate.destinationType}:${candidate.destinationId}`
    ? 'destination'
    : 'other';
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
  const score = round(context * decay * baseline);
  const reasons: ReasonCode[] = [
    kind === 'destination' ? 'CONTEXT_DESTINATION' : kind === 'other' ? 'CONTEXT_OTHER' : 'CONTEXT_NONE',
    'TIME_DECAY',
    candidate.playedBeforeClick ? 'BASELINE_REPEAT' : 'NEW_REACH',
    candidate.destinationType === 'playlist' ? 'PLAYLIST_VERIFIED' : 'IN_TARGET_SET',
  ];
  return { score, tier: tierOf(score), reasons, factors: { context, decay: round(decay), baseline } };
}

/**
 * Each campaign's share of one play, proportional to its score; the shares sum to 1 (the last one takes
 * the rounding remainder), so totals across campaigns never count a play twice.
 */
export function creditShares(scores: number[]): number[] {
  if (scores.length === 0) return [];
  const total = scores.reduce((sum, s) => sum + s, 0);
  if (total <= 0) return scores.map(() => round(1 / scores.length));
  const shares = scores.map((s) => Math.round((s / total) * 10_000) / 10_000);
  const rest = Math.round((1 - shares.slice(0, -1).reduce((sum, s) => sum + s, 0)) * 10_000) / 10_000;
  shares[shares.length - 1] = rest;
  return shares;
}

/** The click credited when several qualify: the latest one at or before the play (the freshest cause). */
export function creditedClick<T extends { clickedAt: Date; id: string }>(
  clicks: T[],
  playedAt: Date,
): T | undefined {
  let best: T | undefined;
  for (const click of clicks) {
    if (click.clickedAt.getTime() > playedAt.getTime()) continue;
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
