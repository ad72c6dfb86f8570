import { inject, Injectable } from '@angular/core';
import type { ApiSchema } from '@soundlink/api-client';
import { API_CLIENT } from '../../core/api-client';
import { apiResult, ApiResult } from '../../core/api-problem';

export type ConnectInfo = ApiSchema<'ConnectInfoDto'>;

/** The public connect page's endpoint (no sign-in), as an ApiResult. */
@Injectable({ providedIn: 'root' })
export class ConnectApi {
  private readonly client = inject(API_CLIENT);

  /** What a tracker link's connect page shows: the campaign, its owner and its destination. */
  info(slug: string): Promise<ApiResult<ConnectInfo>> {
    return apiResult(this.client.GET('/api/v1/connect/{slug}', { params: { path: { slug } } }));
  }
}
