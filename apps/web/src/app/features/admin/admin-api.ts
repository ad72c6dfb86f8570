import { inject, Injectable } from '@angular/core';
import type { ApiSchema } from '@soundlink/api-client';
import { API_CLIENT } from '../../core/api-client';
import { apiResult, ApiResult } from '../../core/api-problem';
import type { PollingSummary } from './polling-model';

export type OwnerPage = ApiSchema<'OwnerPageDto'>;
export type PasswordResetLink = ApiSchema<'PasswordResetLinkDto'>;
export type SourcePolling = ApiSchema<'SourcePollingDto'>;

/** The admin endpoints (owners, polling health), as ApiResults. */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly client = inject(API_CLIENT);

  owners(limit: number, offset: number): Promise<ApiResult<OwnerPage>> {
    return apiResult(this.client.GET('/api/v1/admin/owners', { params: { query: { limit, offset } } }));
  }

  /** Disables an owner (their sessions end, their API keys stop working) or enables them again. */
  setDisabled(id: string, disabled: boolean): Promise<ApiResult<unknown>> {
    const params = { params: { path: { id } } };
    return apiResult(
      disabled
        ? this.client.POST('/api/v1/admin/owners/{id}/disable', params)
        : this.client.POST('/api/v1/admin/owners/{id}/enable', params),
    );
  }

  /** A one-time password reset link for an owner. */
  issuePasswordReset(id: string): Promise<ApiResult<PasswordResetLink>> {
    return apiResult(
      this.client.POST('/api/v1/admin/owners/{id}/password-reset', { params: { path: { id } } }),
    );
  }

  polling(): Promise<ApiResult<PollingSummary>> {
    return apiResult(this.client.GET('/api/v1/admin/polling'));
  }

  /** Last.fm and ListenBrainz at a glance, beside the Spotify figures of `polling()`. */
  pollingSources(): Promise<ApiResult<{ items: SourcePolling[] }>> {
    return apiResult(this.client.GET('/api/v1/admin/polling/sources'));
  }
}
