import { inject, Injectable } from '@angular/core';
import type { ApiSchema } from '@soundlink/api-client';
import { API_CLIENT } from '../../core/api-client';
import { apiResult, ApiResult } from '../../core/api-problem';

export type ApiKey = ApiSchema<'ApiKeyDto'>;
export type CreatedApiKey = ApiSchema<'CreatedApiKeyDto'>;
export type ApiKeyScope = ApiKey['scopes'][number];
export type OwnerSpotify = ApiSchema<'OwnerSpotifyStatusDto'>;

/** The signed-in owner's settings endpoints (API keys, Spotify account, password), as ApiResults. */
@Injectable({ providedIn: 'root' })
export class SettingsApi {
  private readonly client = inject(API_CLIENT);

  apiKeys(): Promise<ApiResult<ApiKey[]>> {
    return apiResult(this.client.GET('/api/v1/api-keys'));
  }

  /** A new key; its secret is in this answer only. */
  createApiKey(name: string, scopes: ApiKeyScope[]): Promise<ApiResult<CreatedApiKey>> {
    return apiResult(this.client.POST('/api/v1/api-keys', { body: { name, scopes } }));
  }

  revokeApiKey(id: string): Promise<ApiResult<unknown>> {
    return apiResult(this.client.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } }));
  }

  spotify(): Promise<ApiResult<OwnerSpotify>> {
    return apiResult(this.client.GET('/api/v1/owners/me/spotify'));
  }

  disconnectSpotify(): Promise<ApiResult<unknown>> {
    return apiResult(this.client.DELETE('/api/v1/owners/me/spotify'));
  }

  changePassword(currentPassword: string, newPassword: string): Promise<ApiResult<unknown>> {
    return apiResult(this.client.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } }));
  }
}
