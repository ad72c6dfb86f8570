import type { ApiKeyScope } from './api-key.entity';
import type { OwnerRole } from './owner.entity';

/** Who is calling: an owner through the SPA's session cookie, or an integrator through an API key. */
export interface Principal {
  ownerId: string;
  role: OwnerRole;
  via: 'session' | 'api_key';
  /** Session principals hold every scope; API keys hold the scopes they were created with. */
  scopes: ReadonlySet<ApiKeyScope>;
  sessionId?: string;
  apiKeyId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}
