import type { TrendItem, Trends, TrendWindow } from '../app/features/trends/trends-api';
import type { FakeAnswer, FakeRequestInit } from './fake-api-client';

const WINDOWS: Record<TrendWindow, { from: string; previousFrom: string }> = {
  '24h': { from: '2026-11-20T00:00:00.000Z', previousFrom: '2026-11-19T00:00:00.000Z' },
  '7d': { from: '2026-11-14T00:00:00.000Z', previousFrom: '2026-11-07T00:00:00.000Z' },
  '28d': { from: '2026-10-24T00:00:00.000Z', previousFrom: '2026-09-26T00:00:00.000Z' },
};

export function trendItem(overrides: Partial<TrendItem> = {}): TrendItem {
  return {
    rank: 1,
    type: 'track',
    id: '4uLU6hMCjMI75M1A2tKUQC',
    name: 'Night Drive',
    artists: [{ id: '0OdUWJ0sBjDrqHygGUXeCF', name: 'The Nightjars' }],
    albumName: 'Midnight Drive',
    imageUrl: null,
    listeners: 24,
    plays: 130,
    previousListeners: 18,
    previousRank: 3,
    growth: 1.3,
    zScore: 1.1,
    ...overrides,
  };
}

export function artistItem(overrides: Partial<TrendItem> = {}): TrendItem {
  return trendItem({
    type: 'artist',
    id: '0OdUWJ0sBjDrqHygGUXeCF',
    name: 'The Nightjars',
    artists: [],
    albumName: null,
    ...overrides,
  });
}

/** One chart as GET /api/v1/trends/… answers it (k = 10; the window ends 00:00 UTC on 21 Nov 2026). */
export function trends(
  items: TrendItem[] = [trendItem()],
  window: TrendWindow = '7d',
  type: 'track' | 'artist' = 'track',
): Trends {
  return {
    type,
    window,
    from: WINDOWS[window].from,
    to: '2026-11-21T00:00:00.000Z',
    previousFrom: WINDOWS[window].previousFrom,
    minListeners: 10,
    computedAt: '2026-11-21T08:00:00.000Z',
    items,
  };
}

type Route = FakeAnswer | ((init: FakeRequestInit) => FakeAnswer | Promise<FakeAnswer>);

const windowOf = (init: FakeRequestInit): TrendWindow =>
  (init.params?.query?.['window'] as TrendWindow | undefined) ?? '7d';
const typeOf = (init: FakeRequestInit): 'track' | 'artist' =>
  init.params?.query?.['type'] === 'artist' ? 'artist' : 'track';

/** Fake answers for the four trends routes (charts for the window asked); override any of them. */
export function trendsRoutes(overrides: Record<string, Route> = {}): Record<string, Route> {
  return {
    'GET /api/v1/trends/tracks': (init) => ({
      status: 200,
      body: trends(
        [
          trendItem(),
          trendItem({ rank: 2, id: '1aaaaaaaaaaaaaaaaaaaaa', name: 'Slow Tide', previousRank: null }),
        ],
        windowOf(init),
      ),
    }),
    'GET /api/v1/trends/artists': (init) => ({
      status: 200,
      body: trends([artistItem()], windowOf(init), 'artist'),
    }),
    'GET /api/v1/trends/rising': (init) => ({
      status: 200,
      body: trends(
        [
          typeOf(init) === 'artist'
            ? artistItem({ name: 'Hollow Pines', growth: 2.43 })
            : trendItem({ name: 'Paper Moons', growth: 2.43, previousRank: 40 }),
        ],
        windowOf(init),
        typeOf(init),
      ),
    }),
    'GET /api/v1/trends/new': (init) => ({
      status: 200,
      body: trends(
        [typeOf(init) === 'artist' ? artistItem({ name: 'Glass Owls' }) : trendItem({ name: 'First Light' })],
        windowOf(init),
        typeOf(init),
      ),
    }),
    ...overrides,
  };
}

/** Every trends route answering an empty chart: fewer than k listeners played anything. */
export function emptyTrendsRoutes(): Record<string, Route> {
  const empty: Route = (init) => ({ status: 200, body: trends([], windowOf(init), typeOf(init)) });
  return {
    'GET /api/v1/trends/tracks': empty,
    'GET /api/v1/trends/artists': empty,
    'GET /api/v1/trends/rising': empty,
    'GET /api/v1/trends/new': empty,
  };
}
