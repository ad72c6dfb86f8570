import { inject, Injectable } from '@angular/core';
import type { ApiSchema } from '@soundlink/api-client';
import { API_CLIENT } from '../../../core/api-client';
import { apiResult, ApiResult } from '../../../core/api-problem';
import type { AnalyticsParams } from './dashboard-query';

export type Funnel = ApiSchema<'FunnelDto'>;
export type Timeseries = ApiSchema<'TimeseriesDto'>;
export type TimeseriesPoint = ApiSchema<'TimeseriesPointDto'>;
export type LinkStats = ApiSchema<'LinksDto'>;
export type TopTracks = ApiSchema<'TopTracksDto'>;
export type CampaignTopTrack = ApiSchema<'TopTrackDto'>;
export type Retention = ApiSchema<'RetentionDto'>;
export type Lift = ApiSchema<'LiftDto'>;
export type Segments = ApiSchema<'SegmentsDto'>;
export type Completeness = ApiSchema<'CompletenessDto'>;
export type Attribution = ApiSchema<'AttributionDto'>;
export type AttributionPage = ApiSchema<'AttributionPageDto'>;
export type PlayExplanation = ApiSchema<'PlayExplanationDto'>;
export type CampaignsSummary = ApiSchema<'CampaignsSummaryDto'>;
export type CampaignSummary = ApiSchema<'CampaignSummaryDto'>;

export const ATTRIBUTIONS_PAGE_SIZE = 25;

export type ExportDataset =
  'attributions' | 'funnel' | 'timeseries' | 'top-tracks' | 'links' | 'segments' | 'lift';

/** The campaign analytics endpoints (docs/analytics.md), as ApiResults, through the generated client. */
@Injectable({ providedIn: 'root' })
export class AnalyticsApi {
  private readonly client = inject(API_CLIENT);

  funnel(id: string, query: AnalyticsParams): Promise<ApiResult<Funnel>> {
    return apiResult(
      this.client.GET('/api/v1/campaigns/{id}/analytics/funnel', { params: { path: { id }, query } }),
    );
  }

  timeseries(id: string, query: AnalyticsParams): Promise<ApiResult<Timeseries>> {
    return apiResult(
      this.client.GET('/api/v1/campaigns/{id}/analytics/timeseries', { params: { path: { id }, query } }),
    );
  }

  links(id: string, query: AnalyticsParams): Promise<ApiResult<LinkStats>> {
    return apiResult(
      this.client.GET('/api/v1/campaigns/{id}/analytics/links', { params: { path: { id }, query } }),
    );
  }

  topTracks(id: string, query: AnalyticsParams, limit = 10): Promise<ApiResult<TopTracks>> {
    return apiResult(
      this.client.GET('/api/v1/campaigns/{id}/analytics/top-tracks', {
        params: { path: { id }, query: { ...query, limit } },
      }),
    );
  }

  retention(id: string, query: AnalyticsParams): Promise<ApiResult<Retention>> {
    return apiResult(
      this.client.GET('/api/v1/campaigns/{id}/analytics/retention', { params: { path: { id }, query } }),
    );
  }

  lift(id: string, query: AnalyticsParams): Promise<ApiResult<Lift>> {
    return apiResult(
      this.client.GET('/api/v1/campaigns/{id}/analytics/lift', { params: { path: { id }, query } }),
    );
  }

  segments(id: string, query: AnalyticsParams): Promise<ApiResult<Segments>> {
    return apiResult(
      this.client.GET('/api/v1/campaigns/{id}/analytics/segments', { params: { path: { id }, query } }),
    );
  }

  /** Newest first; `cursor` is the previous page's nextCursor. */
  attributions(id: string, query: AnalyticsParams, cursor?: string): Promise<ApiResult<AttributionPage>> {
    return apiResult(
      this.client.GET('/api/v1/campaigns/{id}/attributions', {
        params: {
          path: { id },
          query: {
            from: query.from,
            to: query.to,
            ...(query.linkId ? { linkId: query.linkId } : {}),
            ...(query.tier ? { tier: query.tier } : {}),
            limit: ATTRIBUTIONS_PAGE_SIZE,
            ...(cursor ? { cursor } : {}),
          },
        },
      }),
    );
  }

  explanation(playId: string): Promise<ApiResult<PlayExplanation>> {
    return apiResult(this.client.GET('/api/v1/plays/{playId}/explanation', { params: { path: { playId } } }));
  }

  /** Key figures of the owner's campaigns over the last `days` UTC days (the campaigns list). */
  campaignsSummary(ids: readonly string[], days = 7): Promise<ApiResult<CampaignsSummary>> {
    return apiResult(
      this.client.GET('/api/v1/analytics/campaigns-summary', {
        params: { query: { days, ...(ids.length ? { ids: ids.join(',') } : {}) } },
      }),
    );
  }
}

/**
 * The export endpoint with the dashboard's range and filters: a plain link (a file download the browser
 * handles with the session cookie, streamed by the API), not a fetch.
 */
export function exportUrl(
  campaignId: string,
  dataset: ExportDataset,
  format: 'csv' | 'json',
  query: AnalyticsParams,
): string {
  const params = new URLSearchParams({ dataset, format, from: query.from, to: query.to, tz: query.tz });
  if (query.linkId) params.set('linkId', query.linkId);
  if (query.utmSource) params.set('utmSource', query.utmSource);
  if (query.tier) params.set('tier', query.tier);
  return `/api/v1/campaigns/${encodeURIComponent(campaignId)}/export?${params.toString()}`;
}

/** The documented live event stream of a campaign (Server-Sent Events, same origin, session cookie). */
export function streamUrl(campaignId: string): string {
  return `/api/v1/campaigns/${encodeURIComponent(campaignId)}/stream`;
}
