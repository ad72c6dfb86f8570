import { DOCUMENT, inject, InjectionToken, Provider } from '@angular/core';
import { createApiClient, type ApiClient } from '@soundlink/api-client';
import { csrfMiddleware } from './csrf';

export type { ApiClient };

/**
 * The app's single API client (typed openapi-fetch client generated from the API's OpenAPI document).
 * Provided in `app.config.ts` with `provideApiClient()` — same origin; the dev server proxies `/api`,
 * `/health`, … to the API — and replaced by a fake in unit tests so nothing touches the network.
 */
export const API_CLIENT = new InjectionToken<ApiClient>('API_CLIENT');

/** The real client: same origin, with the CSRF header added to every unsafe request. */
export function provideApiClient(): Provider {
  return {
    provide: API_CLIENT,
    useFactory: () => {
      const document = inject(DOCUMENT);
      const client = createApiClient('');
      client.use(csrfMiddleware(() => document.cookie));
      return client;
    },
  };
}
