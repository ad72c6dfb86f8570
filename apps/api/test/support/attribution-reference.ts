/**
 * A from-scratch evaluation of the attribution rules (invariant 2 of issue 16), independent of the SQL in
 * attribution-candidates.repository.ts: it reads the raw rows and applies the pure model (attribution-model.ts), play by
 * play and campaign by campaign, with no set-based shortcut.
 *
 *   loadReferenceInput(db: Queryable): Promise<ReferenceInput>
 *       reads clicks, campaigns (window, dates, generation, destination), campaign_status_periods,
 *       campaign_tracks, plays and tracks (durations).
 *   referenceAttributions(input: ReferenceInput): ReferenceAttribution[]
 *       what the current generations must hold: one row per (play, campaign) with the credited click,
 *       score, reasons and credit, ordered by play id then campaign id.
 *   storedAttributions(db: Queryable): Promise<ReferenceAttribution[]>
 *       the rows of every campaign's current generation, in the same shape and order.
 *   expectStoredMatchesReference(db: Queryable): Promise<void>
 *       jest `expect(stored).toEqual(reference)`; call it once the queue has been swept and the waiting
 *       re-attribution jobs have run (a job scheduled by a change and not yet run is a legitimate
 *       difference).
 *
 * `Queryable` is a pg `Client`/`Pool` (answers `{ rows }`) or a TypeORM `DataSource`/`EntityManager`
 * (answers the rows): anything with `query(text, params)`. Scores compare in thousandths and credits in
 * ten-thousandths (the stored columns are `real`). Self-contained: it imports only the pure model.
 */
import {
  CampaignStatus,
  creditShares,
  DestinationType,
  evaluatePlay,
  scoreCandidate,
  StatusPeriod,
} from '../../src/modules/attribution/attribution-model';

export interface Queryable {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

export interface ReferenceInput {
  clicks: Array<{
    id: string;
    campaignId: string;
    linkId: string;
    listenerId: string | null;
    clickedAt: Date;
    isBot: boolean;
    isHead: boolean;
  }>;
  campaigns: Array<{
    id: string;
    windowHours: number;
    startsAt: Date | null;
    endsAt: Date | null;
    destinationType: DestinationType;
    destinationId: string;
  }>;
  statusPeriods: Array<StatusPeriod & { campaignId: string }>;
  campaignTracks: Array<{ campaignId: string; trackId: string; addedAt: Date; removedAt: Date | null }>;
  plays: Array<{
    id: string;
    listenerId: string;
    trackId: string;
    playedAt: Date;
    contextUri: string | null;
    source: string;
  }>;
  tracks: Array<{ id: string; durationMs: number | null }>;
}

export interface ReferenceAttribution {
  playId: string;
  campaignId: string;
  clickId: string;
  linkId: string;
  score: number;
  reasons: string[];
  credit: number;
}

const date = (v: unknown) => new Date(v as string | Date);
const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : date(v));

async function rows<T>(db: Queryable, text: string, params: unknown[] = []): Promise<T[]> {
  const result = (await db.query(text, params)) as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

export async function loadReferenceInput(db: Queryable): Promise<ReferenceInput> {
  const clicks = await rows<Record<string, unknown>>(
    db,
    'SELECT id, campaign_id, link_id, listener_id, clicked_at, is_bot, is_head FROM clicks',
  );
  const campaigns = await rows<Record<string, unknown>>(
    db,
    `SELECT id, attribution_window_hours, starts_at, ends_at, destination_type, destination_id FROM campaigns`,
  );
  const periods = await rows<Record<string, unknown>>(
    db,
    'SELECT campaign_id, status, since, until FROM campaign_status_periods',
  );
  const campaignTracks = await rows<Record<string, unknown>>(
    db,
    'SELECT campaign_id, track_id, added_at, removed_at FROM campaign_tracks',
  );
  const plays = await rows<Record<string, unknown>>(
    db,
    'SELECT id::text AS id, listener_id, track_id, played_at, context_uri, source FROM plays',
  );
  const tracks = await rows<Record<string, unknown>>(db, 'SELECT id, duration_ms FROM tracks');
  return {
    clicks: clicks.map((r) => ({
      id: String(r['id']),
      campaignId: String(r['campaign_id']),
      linkId: String(r['link_id']),
      listenerId: (r['listener_id'] as string | null) ?? null,
      clickedAt: date(r['clicked_at']),
      isBot: !!r['is_bot'],
      isHead: !!r['is_head'],
    })),
    campaigns: campaigns.map((r) => ({
      id: String(r['id']),
      windowHours: Number(r['attribution_window_hours']),
      startsAt: dateOrNull(r['starts_at']),
      endsAt: dateOrNull(r['ends_at']),
      destinationType: r['destination_type'] as DestinationType,
      destinationId: String(r['destination_id']),
    })),
    statusPeriods: periods.map((r) => ({
      campaignId: String(r['campaign_id']),
      status: r['status'] as CampaignStatus,
      since: dateOrNull(r['since']),
      until: dateOrNull(r['until']),
    })),
    campaignTracks: campaignTracks.map((r) => ({
      campaignId: String(r['campaign_id']),
      trackId: String(r['track_id']),
      addedAt: date(r['added_at']),
      removedAt: dateOrNull(r['removed_at']),
    })),
    plays: plays.map((r) => ({
      id: String(r['id']),
      listenerId: String(r['listener_id']),
      trackId: String(r['track_id']),
      playedAt: date(r['played_at']),
      contextUri: (r['context_uri'] as string | null) ?? null,
      source: String(r['source']),
    })),
    tracks: tracks.map((r) => ({
      id: String(r['id']),
      durationMs: r['duration_ms'] === null ? null : Number(r['duration_ms']),
    })),
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const byPlayThenCampaign = (a: ReferenceAttribution, b: ReferenceAttribution) =>
  Number(a.playId) - Number(b.playId) ||
  (a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0);

/** The attributions the rules give for these rows (docs/attribution.md), computed play by play. */
export function referenceAttributions(input: ReferenceInput): ReferenceAttribution[] {
  const durations = new Map(input.tracks.map((t) => [t.id, t.durationMs]));
  const periods = groupBy(input.statusPeriods, (p) => p.campaignId);
  const tracks = groupBy(input.campaignTracks, (t) => t.campaignId);
  const clicks = groupBy(
    input.clicks.filter((c) => c.listenerId !== null),
    (c) => `${c.listenerId}:${c.campaignId}`,
  );
  const playsOf = groupBy(input.plays, (p) => `${p.listenerId}:${p.trackId}`);
  const out: ReferenceAttribution[] = [];
  for (const play of input.plays) {
    const held: Array<{
      campaignId: string;
      clickId: string;
      linkId: string;
      score: number;
      reasons: string[];
    }> = [];
    for (const campaign of input.campaigns) {
      const verdict = evaluatePlay(
        {
          playedAt: play.playedAt,
          durationMs: durations.get(play.trackId) ?? null,
          trackId: play.trackId,
          source: play.source,
        },
        {
          windowHours: campaign.windowHours,
          startsAt: campaign.startsAt,
          endsAt: campaign.endsAt,
          statuses: periods.get(campaign.id) ?? [],
          tracks: tracks.get(campaign.id) ?? [],
        },
        clicks.get(`${play.listenerId}:${campaign.id}`) ?? [],
      );
      if (!verdict.click) continue;
      const firstClickAt = verdict.firstClickAt.getTime();
      const playedBeforeClick = (playsOf.get(`${play.listenerId}:${play.trackId}`) ?? []).some(
        (p) => p.playedAt.getTime() < firstClickAt,
      );
      const score = scoreCandidate({
        playedAt: play.playedAt,
        clickedAt: verdict.click.clickedAt,
        windowHours: campaign.windowHours,
        destinationType: campaign.destinationType,
        destinationId: campaign.destinationId,
        contextUri: play.contextUri,
        playedBeforeClick,
      });
      held.push({
        campaignId: campaign.id,
        clickId: verdict.click.id,
        linkId: verdict.click.linkId,
        score: score.score,
        reasons: score.reasons,
      });
    }
    held.sort((a, b) => (a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0));
    const shares = creditShares(held.map((h) => h.score));
    held.forEach((h, i) => out.push({ playId: play.id, ...h, credit: shares[i]! }));
  }
  return out.sort(byPlayThenCampaign);
}

/** Every campaign's current generation, as stored. */
export async function storedAttributions(db: Queryable): Promise<ReferenceAttribution[]> {
  const stored = await rows<Record<string, unknown>>(
    db,
    `SELECT a.play_id::text AS play_id, a.campaign_id, a.click_id, a.link_id, a.score, a.reasons, a.credit
       FROM attributions a JOIN campaigns c ON c.id = a.campaign_id AND a.generation = c.attribution_generation`,
  );
  return stored
    .map((r) => ({
      playId: String(r['play_id']),
      campaignId: String(r['campaign_id']),
      clickId: String(r['click_id']),
      linkId: String(r['link_id']),
      score: Number(r['score']),
      reasons: r['reasons'] as string[],
      credit: Number(r['credit']),
    }))
    .sort(byPlayThenCampaign);
}

/** Scores in thousandths, credits in ten-thousandths: what the `real` columns hold exactly. */
function comparable(rows: ReferenceAttribution[]) {
  return rows.map((r) => ({
    ...r,
    score: Math.round(r.score * 1000),
    credit: Math.round(r.credit * 10_000),
  }));
}

/** Invariant 2: the stored current generations equal the from-scratch evaluation of the same rows. */
export async function expectStoredMatchesReference(db: Queryable): Promise<void> {
  const reference = referenceAttributions(await loadReferenceInput(db));
  const stored = await storedAttributions(db);
  expect(comparable(stored)).toEqual(comparable(reference));
}
