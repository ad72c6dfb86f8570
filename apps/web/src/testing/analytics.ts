import type {
  Attribution,
  AttributionPage,
  CampaignsSummary,
  Completeness,
  Funnel,
  Lift,
  LinkStats,
  PlayExplanation,
  Retention,
  Segments,
  Timeseries,
  TopTracks,
} from '../app/features/campaigns/dashboard/analytics-api';
import type { EventSourceLike } from '../app/features/campaigns/dashboard/live-events';
import { CAMPAIGN_ID } from './campaigns';
import type { FakeAnswer, FakeRequestInit } from './fake-api-client';

/** A tracker link id that is a real UUID (the dashboard's URL filter only takes those). */
export const DASH_LINK_ID = '0190a0b0-0000-7000-8000-0000000000b1';
const LINK_ID = DASH_LINK_ID;

const RANGE = {
  from: '2026-10-06T22:00:00.000Z',
  to: '2026-11-03T23:00:00.000Z',
  tz: 'Europe/Berlin',
  granularity: 'day' as const,
  linkId: null,
  utmSource: null,
  tier: null,
};

export function completeness(overrides: Partial<Completeness> = {}): Completeness {
  return {
    share: 0.97,
    listeners: 4,
    connectedHours: 100,
    gapHours: 3,
    computedAt: '2026-11-03T10:00:00.000Z',
    ...overrides,
  };
}

export function funnel(overrides: Partial<Funnel> = {}): Funnel {
  return {
    range: RANGE,
    clicks: 120,
    botClicks: 4,
    uniqueVisitors: 100,
    connects: 20,
    alreadyConnected: 2,
    connectsReached: 12,
    listeners: 12,
    listenerTypes: { new: 9, existing: 3 },
    attributedPlays: 48,
    activeListeners: 12,
    creditedPlays: 46.5,
    rates: {
      visitorsPerClick: 0.833,
      connectsPerVisitor: 0.2,
      listenersPerConnect: 0.6,
      playsPerListener: 4,
    },
    completeness: completeness(),
    rawData: {
      clickRetentionDays: 395,
      rawClicksSince: '2025-10-04T10:00:00.000Z',
      playRetentionDays: 760,
      rawPlaysSince: '2024-10-04T10:00:00.000Z',
      rangeBeforeRawClicks: false,
    },
    ...overrides,
  };
}

export function timeseries(points = 2): Timeseries {
  return {
    range: RANGE,
    points: Array.from({ length: points }, (_, i) => ({
      start: new Date(Date.UTC(2026, 10, 1 + i) - 3_600_000).toISOString(),
      clicks: 10 + i,
      uniqueVisitors: 8,
      connects: 2,
      attributedPlays: 6,
      attributedPlaysByTier: { high: 3, medium: 2, low: 1 },
      creditedPlays: 6,
      listeners: 1,
    })),
    completeness: completeness(),
  };
}

export function emptyTimeseries(): Timeseries {
  const series = timeseries(2);
  return {
    ...series,
    points: series.points.map((p) => ({
      ...p,
      clicks: 0,
      uniqueVisitors: 0,
      connects: 0,
      attributedPlays: 0,
      attributedPlaysByTier: { high: 0, medium: 0, low: 0 },
      creditedPlays: 0,
      listeners: 0,
    })),
  };
}

export function linkStats(): LinkStats {
  const stats = {
    clicks: 120,
    uniqueVisitors: 100,
    connects: 20,
    connectRate: 0.2,
    attributedPlays: 48,
    creditedPlays: 46.5,
    listeners: 12,
    playsPerClick: 0.4,
  };
  return {
    range: RANGE,
    links: [{ linkId: LINK_ID, label: 'Instagram bio', slug: 'summer-ig', utmSource: 'instagram', ...stats }],
    channels: [{ utmSource: 'instagram', ...stats }],
    completeness: completeness(),
  };
}

export function topTracks(): TopTracks {
  return {
    range: RANGE,
    items: [
      {
        trackId: '4uLU6hMCjMI75M1A2tKUQC',
        name: 'Night Drive',
        artistNames: ['The Nightjars'],
        imageUrl: null,
        attributedPlays: 30,
        creditedPlays: 29,
        share: 0.625,
      },
    ],
    completeness: completeness(),
  };
}

export function retention(): Retention {
  return {
    range: RANGE,
    cohort: 12,
    windows: [
      { window: 'days1to7', fromDay: 1, toDay: 7, eligible: 10, retained: 4, share: 0.4 },
      { window: 'days8to14', fromDay: 8, toDay: 14, eligible: 6, retained: 2, share: 0.333 },
      { window: 'days15to28', fromDay: 15, toDay: 28, eligible: 0, retained: 0, share: null },
    ],
    completeness: completeness(),
  };
}

export function lift(overrides: Partial<Lift> = {}): Lift {
  const group = (listeners: number, before: number, after: number): Lift['exposed'] => ({
    listeners,
    beforeListeners: listeners,
    afterListeners: listeners,
    beforeObservedDays: listeners * 28,
    afterObservedDays: listeners * 7,
    beforePlays: Math.round(before * listeners * 28),
    afterPlays: Math.round(after * listeners * 7),
    beforePerDay: before,
    afterPerDay: after,
    changePerDay: after - before,
  });
  return {
    range: RANGE,
    status: 'ok',
    reason: null,
    estimatePerDay: 0.5,
    interval: { low: 0.21, high: 0.87 },
    counterfactualPerDay: 0.25,
    relative: 2,
    exposed: group(20, 0.25, 0.75),
    control: group(40, 0.25, 0.25),
    method: {
      beforeDays: 28,
      afterHours: 168,
      controlAnchor: '2026-10-15T12:00:00.000Z',
      controlPool: 40,
      controlSample: 5000,
      resamples: 1000,
      seed: 16,
      minListeners: 10,
      minObservedDays: 7,
    },
    completeness: completeness(),
    ...overrides,
  };
}

/** 12 listeners reached: 4 new, 1 reactivated, 2 amplified, 1 steady, 4 unknown (docs/analytics.md). */
export function segments(overrides: Partial<Segments> = {}): Segments {
  const figure = (segment: string, listeners: number, plays: number) => ({
    segment: segment as Segments['segments'][number]['segment'],
    listeners,
    plays,
    share: Math.round((listeners / 12) * 1e6) / 1e6,
    playsShare: Math.round((plays / 48) * 1e6) / 1e6,
  });
  return {
    range: RANGE,
    baselineDays: 28,
    afterWindowHours: 168,
    artists: [{ id: '0TnOYISbd1XYRBk9myaseg', name: 'Nova Lines' }],
    artistCount: 1,
    listeners: 12,
    plays: 48,
    segments: [
      figure('new', 4, 16),
      figure('reactivated', 1, 3),
      figure('amplified', 2, 12),
      figure('steady', 1, 2),
      figure('unknown', 4, 15),
    ],
    coverage: {
      fullyObserved: 8,
      share: 0.666667,
      withOlderHistory: 5,
      unknownMeanObservedDays: 2.5,
      unknownByObservedDays: [
        { fromDays: 0, toDays: 1, listeners: 1 },
        { fromDays: 1, toDays: 7, listeners: 3 },
        { fromDays: 7, toDays: 14, listeners: 0 },
        { fromDays: 14, toDays: 28, listeners: 0 },
      ],
    },
    completeness: completeness(),
    ...overrides,
  };
}

export function attribution(overrides: Partial<Attribution> = {}): Attribution {
  return {
    playId: '1001',
    trackId: '4uLU6hMCjMI75M1A2tKUQC',
    trackName: 'Night Drive',
    playedAt: '2026-11-02T18:00:00.000Z',
    listenerId: '0190a0b0-0000-7000-8000-0000000000a1',
    clickId: '0190a0b0-0000-7000-8000-0000000000c1',
    linkId: LINK_ID,
    clickedAt: '2026-11-02T17:00:00.000Z',
    score: 0.91,
    tier: 'high',
    reasons: ['CONTEXT_DESTINATION', 'TIME_DECAY', 'NEW_REACH'],
    credit: 1,
    modelVersion: 'v1',
    ...overrides,
  };
}

export function attributionPage(
  items: Attribution[] = [attribution()],
  nextCursor: string | null = null,
): AttributionPage {
  return { items, nextCursor };
}

export function explanation(playId = '1001'): PlayExplanation {
  return {
    playId,
    trackId: '4uLU6hMCjMI75M1A2tKUQC',
    trackName: 'Night Drive',
    playedAt: '2026-11-02T18:00:00.000Z',
    contextUri: 'spotify:album:4aawyAB9vmqN3uQ7FjRGTy',
    source: 'poll',
    origin: 'spotify',
    matchMethod: null,
    matchConfidence: 1,
    alsoReportedBy: [],
    sourceSummary: 'Reported by Spotify.',
    modelVersion: 'v1',
    campaigns: [
      {
        campaignId: CAMPAIGN_ID,
        campaignName: 'Summer Singles launch',
        attributed: true,
        summary: 'Played from the campaign’s album 1 hour after a click on Instagram bio.',
        score: 0.91,
        tier: 'high',
        credit: 1,
        reasons: ['CONTEXT_DESTINATION', 'TIME_DECAY', 'NEW_REACH'],
        factors: { context: 1, decay: 0.91, baseline: 1, match: 1 },
        clickId: '0190a0b0-0000-7000-8000-0000000000c1',
        linkId: LINK_ID,
        clickRemoved: false,
        linkLabel: 'Instagram bio',
        clickedAt: '2026-11-02T17:00:00.000Z',
        hoursAfterClick: 1,
        windowHours: 168,
      },
    ],
  };
}

export function campaignsSummary(ids: string[], clicks = 6): CampaignsSummary {
  return {
    days: 7,
    from: '2026-10-28T00:00:00.000Z',
    to: '2026-11-04T00:00:00.000Z',
    campaigns: ids.map((campaignId) => ({
      campaignId,
      clicks,
      connects: 2,
      listeners: 3,
      attributedPlays: 11,
      series: Array.from({ length: 7 }, (_, i) => ({
        day: new Date(Date.UTC(2026, 9, 28 + i)).toISOString(),
        clicks: i === 6 ? clicks : 0,
        listeners: i === 6 ? 3 : 0,
        attributedPlays: i === 6 ? 11 : 0,
      })),
    })),
  };
}

type Route = FakeAnswer | ((init: FakeRequestInit) => FakeAnswer | Promise<FakeAnswer>);

/** Fake answers for every endpoint the dashboard calls; override any of them. */
export function dashboardRoutes(overrides: Record<string, Route> = {}): Record<string, Route> {
  return {
    'GET /api/v1/campaigns/{id}/analytics/funnel': { status: 200, body: funnel() },
    'GET /api/v1/campaigns/{id}/analytics/timeseries': { status: 200, body: timeseries() },
    'GET /api/v1/campaigns/{id}/analytics/links': { status: 200, body: linkStats() },
    'GET /api/v1/campaigns/{id}/analytics/top-tracks': { status: 200, body: topTracks() },
    'GET /api/v1/campaigns/{id}/analytics/retention': { status: 200, body: retention() },
    'GET /api/v1/campaigns/{id}/analytics/lift': { status: 200, body: lift() },
    'GET /api/v1/campaigns/{id}/analytics/segments': { status: 200, body: segments() },
    'GET /api/v1/campaigns/{id}/attributions': { status: 200, body: attributionPage() },
    'GET /api/v1/plays/{playId}/explanation': { status: 200, body: explanation() },
    ...overrides,
  };
}

/** A stand-in EventSource the spec drives: `open()`, `emit(type, data)`, `fail(closed)`. */
export class FakeEventSource implements EventSourceLike {
  static readonly opened: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private readonly listeners = new Map<string, ((event: MessageEvent) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }

  static reset(): void {
    FakeEventSource.opened.splice(0);
  }

  static latest(): FakeEventSource {
    const source = FakeEventSource.opened[FakeEventSource.opened.length - 1];
    if (!source) throw new Error('No EventSource was opened');
    return source;
  }

  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  emit(type: string, data: Record<string, unknown>): void {
    const event = new MessageEvent(type, { data: JSON.stringify({ type, ...data }) });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  fail(closed: boolean): void {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}
