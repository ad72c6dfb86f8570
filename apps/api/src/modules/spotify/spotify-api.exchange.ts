import {
  DEV_MODE_REFUSAL,
  SpotifyAuthFailedError,
  SpotifyBadRequestError,
  SpotifyDevModeCapError,
  SpotifyError,
  SpotifyForbiddenError,
  SpotifyNotFoundError,
  SpotifyUnavailableError,
} from './spotify.errors';
import type { SpotifyAccountsClient } from './spotify-accounts.client';
import type { SpotifyClientOptions } from './spotify-client.options';
import type { SpotifyCall, SpotifyExchange } from './spotify-http.retrier';
import { SpotifySetback } from './spotify-http.retrier';
import type { SpotifyRateLimiter } from './spotify-rate-limiter.service';
import { parseRetryAfterMs } from './spotify-retry.policy';
import type { SpotifyAuth } from './spotify.types';

/** One Web API GET, with the state its attempts share. */
export interface ApiCall extends SpotifyCall {
  readonly url: URL;
  readonly auth: SpotifyAuth;
  /** The access token of the latest attempt. */
  token: string;
  /** A 401 was answered by renewing the token already (a second one fails the call). */
  reauthorized: boolean;
}

/**
 * How a Web API call is sent and read: every attempt waits for the SpotifyRateLimiter (the app's 429 pause
 * and shared request budget) and takes the current access token; answers become the parsed JSON, a setback
 * for the retry core (401, 429, 5xx) or Spotify's error (403 development-mode cap, 403, 404, other 4xx).
 */
export class SpotifyApiExchange implements SpotifyExchange<ApiCall, unknown> {
  constructor(
    private readonly limiter: SpotifyRateLimiter,
    private readonly accounts: SpotifyAccountsClient,
    private readonly options: SpotifyClientOptions,
  ) {}

  /** A new call of `auth` to `url` (`endpoint` is its pattern, for metrics). */
  static call(endpoint: string, url: URL, auth: SpotifyAuth): ApiCall {
    return { endpoint, url, auth, token: '', reauthorized: false };
  }

  async prepare(call: ApiCall): Promise<void> {
    await this.limiter.acquire();
    call.token = await this.accounts.accessTokenFor(call.auth);
  }

  send(call: ApiCall): Promise<Response> {
    return fetch(call.url, {
      headers: { authorization: `Bearer ${call.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
  }

  read(call: ApiCall, res: Response, body: string): unknown {
    if (res.ok) {
      if (res.status === 204 || body === '') return undefined;
      try {
        return JSON.parse(body);
      } catch {
        throw new SpotifyUnavailableError('bad-response', `Invalid JSON from ${call.endpoint}`, res.status);
      }
    }
    const { message, reason } = errorMessage(body, res.statusText || `HTTP ${res.status}`);
    if (res.status === 401) {
      if (call.reauthorized) throw new SpotifyAuthFailedError('invalid_token', message, 401);
      call.reauthorized = true;
      return SpotifySetback.unauthorized;
    }
    if (res.status === 429) {
      const retryAfterMs = parseRetryAfterMs(res.headers.get('retry-after'));
      return SpotifySetback.rateLimited(retryAfterMs, reason === 'QUOTA_EXCEEDED');
    }
    if (res.status >= 500) {
      const retryAfterMs = parseRetryAfterMs(res.headers.get('retry-after'));
      return SpotifySetback.serverError(res.status, `${res.status} ${message}`, retryAfterMs);
    }
    throw clientError(res.status, body, message);
  }

  reauthorize(call: ApiCall): Promise<void> {
    return this.accounts.renewAfter401(call.auth, call.token);
  }
}

function clientError(status: number, body: string, message: string): SpotifyError {
  if (status === 403 && body.includes(DEV_MODE_REFUSAL)) return new SpotifyDevModeCapError();
  if (status === 403) return new SpotifyForbiddenError(message);
  if (status === 404) return new SpotifyNotFoundError(message);
  return new SpotifyBadRequestError(message, status);
}

/** Spotify's error message (and `reason`, e.g. QUOTA_EXCEEDED) from an error answer's body. */
function errorMessage(body: string, fallback: string): { message: string; reason?: string } {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; reason?: unknown } | string };
    const error = parsed.error;
    if (error && typeof error === 'object') {
      return {
        message: typeof error.message === 'string' ? error.message : fallback,
        reason: typeof error.reason === 'string' ? error.reason : undefined,
      };
    }
  } catch {
    // not JSON
  }
  const text = body.trim();
  return { message: text && text.length < 300 ? text : fallback };
}
