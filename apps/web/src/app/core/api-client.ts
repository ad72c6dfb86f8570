import { InjectionToken } from '@angular/core';
import type { ApiClient } from '@soundlink/api-client';

export type { ApiClient };

/**
 * The app's single API client (typed openapi-fetch client generated from the API's OpenAPI document).
 * Provided in `app.config.ts` with `createApiClient('')` — same origin; the dev server proxies `/api`,
 * `/health`, … to the API — and replaced by a fake in unit tests so nothing touches the network.
 */
export const API_CLIENT = new InjectionToken<ApiClient>('API_CLIENT');
