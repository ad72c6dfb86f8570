import { inject, Injectable } from '@angular/core';
import { API_CLIENT } from '../../core/api-client';
import { apiResult, ApiResult } from '../../core/api-problem';

/** Setting a new password with a one-time reset link's token (no sign-in), as an ApiResult. */
@Injectable({ providedIn: 'root' })
export class ResetPasswordApi {
  private readonly client = inject(API_CLIENT);

  reset(token: string, newPassword: string): Promise<ApiResult<unknown>> {
    return apiResult(this.client.POST('/api/v1/auth/password-reset', { body: { token, newPassword } }));
  }
}
