import { inject, Injectable, InjectionToken } from '@angular/core';
import { API_CLIENT } from '../../core/api-client';
import { apiResult, ApiResult } from '../../core/api-problem';
import type {
  Campaign,
  CampaignPage,
  CampaignStatus,
  OwnerSpotifyStatus,
  SandboxSamples,
  SpotifyPreview,
  TrackerLink,
} from './campaign-model';

/** How long the form waits after the last keystroke before asking Spotify what a link points at. */
export const RESOLVE_DEBOUNCE_MS = new InjectionToken<number>('RESOLVE_DEBOUNCE_MS', {
  providedIn: 'root',
  factory: () => 400,
});

export const PAGE_SIZE = 20;

export interface CampaignQuery {
  readonly q?: string;
  readonly status?: CampaignStatus;
  readonly offset?: number;
}

export interface CampaignChanges {
  name?: string;
  description?: string;
  destination?: string;
  attributionWindowHours?: number;
  clickRetentionDays?: number | null;
  startsAt?: string | null;
  endsAt?: string | null;
  timezone?: string;
  status?: CampaignStatus;
}

export interface NewCampaign {
  name: string;
  description?: string;
  destination: string;
  attributionWindowHours: number;
  clickRetentionDays?: number;
  startsAt?: string;
  endsAt?: string;
  timezone?: string;
  status: 'draft' | 'active';
}

export interface NewLink {
  label: string;
  slug?: string;
  utmSource?: string | null;
  utmMedium?: string | null;
  utmCampaign?: string | null;
  utmContent?: string | null;
  utmTerm?: string | null;
  enabled: boolean;
  expiresAt?: string;
}

export interface LinkChanges {
  enabled?: boolean;
  expiresAt?: string | null;
}

/** Campaigns, tracker links and Spotify look-ups, as ApiResults. */
@Injectable({ providedIn: 'root' })
export class CampaignsApi {
  private readonly client = inject(API_CLIENT);

  list(query: CampaignQuery): Promise<ApiResult<CampaignPage>> {
    return apiResult(
      this.client.GET('/api/v1/campaigns', {
        params: {
          query: {
            ...(query.q ? { q: query.q } : {}),
            ...(query.status ? { status: query.status } : {}),
            limit: PAGE_SIZE,
            offset: query.offset ?? 0,
          },
        },
      }),
    );
  }

  get(id: string): Promise<ApiResult<Campaign>> {
    return apiResult(this.client.GET('/api/v1/campaigns/{id}', { params: { path: { id } } }));
  }

  create(campaign: NewCampaign): Promise<ApiResult<Campaign>> {
    return apiResult(this.client.POST('/api/v1/campaigns', { body: campaign }));
  }

  update(id: string, changes: CampaignChanges): Promise<ApiResult<Campaign>> {
    return apiResult(
      this.client.PATCH('/api/v1/campaigns/{id}', {
        params: { path: { id } },
        body: changes,
      }),
    );
  }

  delete(id: string): Promise<ApiResult<unknown>> {
    return apiResult(this.client.DELETE('/api/v1/campaigns/{id}', { params: { path: { id } } }));
  }

  resolve(url: string): Promise<ApiResult<SpotifyPreview>> {
    return apiResult(this.client.GET('/api/v1/spotify/resolve', { params: { query: { url } } }));
  }

  /** Sandbox mode only (404 otherwise): the built-in Spotify emulator's sample catalog. */
  sandboxSamples(): Promise<ApiResult<SandboxSamples>> {
    return apiResult(this.client.GET('/api/v1/sandbox/samples'));
  }

  ownerSpotify(): Promise<ApiResult<OwnerSpotifyStatus>> {
    return apiResult(this.client.GET('/api/v1/owners/me/spotify'));
  }

  links(campaignId: string): Promise<ApiResult<TrackerLink[]>> {
    return apiResult(
      this.client.GET('/api/v1/campaigns/{campaignId}/links', { params: { path: { campaignId } } }),
    );
  }

  createLink(campaignId: string, link: NewLink): Promise<ApiResult<TrackerLink>> {
    return apiResult(
      this.client.POST('/api/v1/campaigns/{campaignId}/links', {
        params: { path: { campaignId } },
        body: link,
      }),
    );
  }

  updateLink(campaignId: string, linkId: string, changes: LinkChanges): Promise<ApiResult<TrackerLink>> {
    return apiResult(
      this.client.PATCH('/api/v1/campaigns/{campaignId}/links/{linkId}', {
        params: { path: { campaignId, linkId } },
        body: changes,
      }),
    );
  }

  deleteLink(campaignId: string, linkId: string): Promise<ApiResult<unknown>> {
    return apiResult(
      this.client.DELETE('/api/v1/campaigns/{campaignId}/links/{linkId}', {
        params: { path: { campaignId, linkId } },
      }),
    );
  }
}
