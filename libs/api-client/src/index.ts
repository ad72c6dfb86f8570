import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './generated/schema';

export type { components, operations, paths };

/** The typed Soundlink API client: every path, parameter and answer comes from the committed OpenAPI document. */
export type ApiClient = Client<paths>;

/** Response and request bodies by schema name, e.g. `ApiSchema<'HealthResponseDto'>`. */
export type ApiSchema<Name extends keyof components['schemas']> = components['schemas'][Name];

/**
 * A webhook body Soundlink POSTs to your endpoint (docs/webhooks.md), a union discriminated by `type`; each
 * event's own type is its schema, e.g. `ApiSchema<'LinkClickedEventDto'>`.
 */
export type WebhookEvent = components['schemas']['WebhookEvent'];

/**
 * Creates a client for the API at `baseUrl` ('' = the same origin, as in the SPA).
 * Cookies are sent with same-origin requests, so the SPA's session works without extra setup.
 */
export function createApiClient(baseUrl = '', options: Omit<ClientOptions, 'baseUrl'> = {}): ApiClient {
  return createClient<paths>({ baseUrl, credentials: 'same-origin', ...options });
}
