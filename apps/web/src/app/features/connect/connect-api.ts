import { DOCUMENT, inject, Injectable, InjectionToken } from '@angular/core';
import type { ApiSchema } from '@soundlink/api-client';
import { API_CLIENT } from '../../core/api-client';
import { apiResult, ApiResult } from '../../core/api-problem';
import { LISTENER_HEADER } from '../listener/listener-api';

export type ConnectInfo = ApiSchema<'ConnectInfoDto'>;
export type ListenBrainzConnected = ApiSchema<'ListenBrainzConnectedDto'>;

/** Leaves the SPA for another site (the campaign's music on open.spotify.com); replaced in unit specs. */
export const OPEN_EXTERNAL_URL = new InjectionToken<(url: string) => void>('OPEN_EXTERNAL_URL', {
  providedIn: 'root',
  factory: () => {
    const document = inject(DOCUMENT);
    return (url: string) => document.location.assign(url);
  },
});

/** The public connect page's endpoints (no sign-in), as ApiResults. */
@Injectable({ providedIn: 'root' })
export class ConnectApi {
  private readonly client = inject(API_CLIENT);

  /** What a tracker link's connect page shows: the campaign, its owner and its destination. */
  info(slug: string): Promise<ApiResult<ConnectInfo>> {
    return apiResult(this.client.GET('/api/v1/connect/{slug}', { params: { path: { slug } } }));
  }

  /**
   * Connects ListenBrainz with the listener's user token (the API checks it with ListenBrainz and sets the
   * listener cookie). It sets a cookie, so it carries the anti-CSRF header like the listener's own requests.
   */
  connectListenBrainz(
    token: string,
    slug: string,
    click: string | undefined,
  ): Promise<ApiResult<ListenBrainzConnected>> {
    return apiResult(
      this.client.POST('/api/v1/listeners/connect/listenbrainz', {
        params: { header: LISTENER_HEADER },
        body: { token, slug, ...(click ? { click } : {}) },
      }),
    );
  }
}
