import { inject, Injectable } from '@angular/core';
import type { ApiSchema } from '@soundlink/api-client';
import { API_CLIENT } from '../../core/api-client';
import { apiResult, ApiResult } from '../../core/api-problem';

export type Trends = ApiSchema<'TrendsDto'>;
export type TrendItem = ApiSchema<'TrendItemDto'>;

export const TREND_WINDOWS = ['24h', '7d', '28d'] as const;
export type TrendWindow = (typeof TREND_WINDOWS)[number];
export const DEFAULT_TREND_WINDOW: TrendWindow = '7d';

export type TrendType = 'track' | 'artist';
/** The three kinds of public chart: most listened, rising against the window before, new entries. */
export type TrendChart = 'top' | 'rising' | 'new';

/** `?window=` as the page reads it: anything unknown is the default. */
export function parseTrendWindow(value: string | null | undefined): TrendWindow {
  return (TREND_WINDOWS as readonly string[]).includes(value ?? '')
    ? (value as TrendWindow)
    : DEFAULT_TREND_WINDOW;
}

/** The public trends endpoints (docs/trends.md), as ApiResults, through the generated client. No sign-in. */
@Injectable({ providedIn: 'root' })
export class TrendsApi {
  private readonly client = inject(API_CLIENT);

  chart(chart: TrendChart, type: TrendType, window: TrendWindow, limit: number): Promise<ApiResult<Trends>> {
    switch (chart) {
      case 'top':
        return type === 'track'
          ? apiResult(this.client.GET('/api/v1/trends/tracks', { params: { query: { window, limit } } }))
          : apiResult(this.client.GET('/api/v1/trends/artists', { params: { query: { window, limit } } }));
      case 'rising':
        return apiResult(
          this.client.GET('/api/v1/trends/rising', { params: { query: { type, window, limit } } }),
        );
      case 'new':
        return apiResult(
          this.client.GET('/api/v1/trends/new', { params: { query: { type, window, limit } } }),
        );
    }
  }
}
