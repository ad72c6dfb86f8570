import { inject, Injectable } from '@angular/core';
import type { ApiSchema } from '@soundlink/api-client';
import { API_CLIENT } from '../../core/api-client';
import { apiResult, ApiResult } from '../../core/api-problem';

export type DemoInfo = ApiSchema<'DemoInfoDto'>;

/** What the sign-in page asks the API besides signing in (that is the SessionService's), as ApiResults. */
@Injectable({ providedIn: 'root' })
export class LoginApi {
  private readonly client = inject(API_CLIENT);

  /** Whether the API runs a sandbox demo, and its owner's sign-in when it does. */
  demo(): Promise<ApiResult<DemoInfo>> {
    return apiResult(this.client.GET('/api/v1/demo'));
  }
}
