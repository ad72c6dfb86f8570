import {
  SpotifyAuthFailedError,
  SpotifyReconnectRequiredError,
  SpotifyUnavailableError,
} from './spotify.errors';
import type { SpotifyClientOptions } from './spotify-client.options';
import type { SpotifyApiTarget } from './spotify-endpoints.service';
import { SpotifyCall, SpotifyExchange, SpotifyHttpRetrier, SpotifySetback } from './spotify-http.retrier';
import { normalizeTokenResponse } from './spotify.normalizer';
import { parseRetryAfterMs } from './spotify-retry.policy';
import type { SpotifyAuth, SpotifyTokenSet, SpotifyUserAuth } from './spotify.types';

type Json = Record<string, unknown>;

/** One POST /api/token call. */
interface TokenCall extends SpotifyCall {
  readonly grantType: string;
  readonly authorization: string;
  /** The form, encoded once for every attempt. */
  readonly form: string;
}

/**
 * Spotify's accounts service for the client: the token endpoint (code exchange, refresh, client
 * credentials), the app token's cache, and the access token each Web API call uses.
 *
 * The token endpoint's 5xx and 429 answers, network errors and timeouts are retried with backoff (a 429
 * there is not the Web API's rate limit: it pauses nothing). invalid_grant on a refresh →
 * SpotifyReconnectRequiredError, never retried. Refreshes are single-flight per refresh token: concurrent
 * calls of one listener share one token request.
 */
export class SpotifyAccountsClient implements SpotifyExchange<TokenCall, Json> {
  private appToken: { token: string; expiresAtMs: number } | undefined;
  private appTokenRequest: Promise<string> | undefined;
  private readonly refreshes = new Map<string, Promise<SpotifyTokenSet>>();

  constructor(
    private readonly target: SpotifyApiTarget,
    private readonly http: SpotifyHttpRetrier,
    private readonly options: SpotifyClientOptions,
  ) {}

  /** Exchanges an authorization code (the OAuth callback's `code`) for the user's tokens. */
  async exchangeCode(code: string, redirectUri: string, codeVerifier?: string): Promise<SpotifyTokenSet> {
    const form: Record<string, string> = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
    };
    if (codeVerifier) form['code_verifier'] = codeVerifier;
    const { refreshTokenRotated: _, ...tokens } = normalizeTokenResponse(
      await this.tokenRequest(form),
      Date.now(),
    );
    return tokens;
  }

  /**
   * New tokens for a refresh token. Keeps the old refresh token when Spotify sends none. Concurrent calls
   * with the same refresh token share one request. invalid_grant (expired after 6 months, revoked) →
   * SpotifyReconnectRequiredError.
   */
  refresh(refreshToken: string): Promise<SpotifyTokenSet> {
    const running = this.refreshes.get(refreshToken);
    if (running) return running;
    const request = (async () => {
      try {
        const raw = await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
        const { refreshTokenRotated: _, ...tokens } = normalizeTokenResponse(raw, Date.now(), refreshToken);
        return tokens;
      } finally {
        this.refreshes.delete(refreshToken);
      }
    })();
    this.refreshes.set(refreshToken, request);
    return request;
  }

  /** An app-only access token (client credentials), cached until shortly before it expires. */
  clientCredentialsToken(): Promise<string> {
    if (this.appToken && this.appToken.expiresAtMs - this.options.tokenExpirySkewMs > Date.now()) {
      return Promise.resolve(this.appToken.token);
    }
    this.appTokenRequest ??= (async () => {
      try {
        const tokens = normalizeTokenResponse(
          await this.tokenRequest({ grant_type: 'client_credentials' }),
          Date.now(),
        );
        this.appToken = { token: tokens.accessToken, expiresAtMs: tokens.expiresAt.getTime() };
        return tokens.accessToken;
      } finally {
        this.appTokenRequest = undefined;
      }
    })();
    return this.appTokenRequest;
  }

  // ---------------------------------------------------------------- the token a Web API call uses

  /** The access token to send for `auth`; a user token about to expire is refreshed first. */
  async accessTokenFor(auth: SpotifyAuth): Promise<string> {
    if (auth === 'app') return this.clientCredentialsToken();
    const expiresAt = auth.expiresAt instanceof Date ? auth.expiresAt.getTime() : auth.expiresAt;
    if (expiresAt - this.options.tokenExpirySkewMs <= Date.now()) await this.renewUser(auth);
    return auth.accessToken;
  }

  /** After a 401 with `failedToken`: the next attempt gets a renewed token (unless one came meanwhile). */
  async renewAfter401(auth: SpotifyAuth, failedToken: string): Promise<void> {
    if (auth === 'app') {
      if (this.appToken?.token === failedToken) this.appToken = undefined;
      await this.clientCredentialsToken();
      return;
    }
    if (auth.accessToken === failedToken) await this.renewUser(auth);
  }

  /**
   * New tokens for a user, leaving `auth` as it is: the token owner's (`renew`: it refreshes and persists),
   * else a refresh here (single-flight per refresh token).
   */
  refreshUser(auth: SpotifyUserAuth): Promise<SpotifyTokenSet> {
    return auth.renew ? auth.renew(auth.accessToken) : this.refresh(auth.refreshToken);
  }

  /**
   * Refreshes a user's tokens and hands them to the caller as SpotifyUserAuth promises: written into `auth`
   * (the next call with it uses them) and, without a token owner, reported once through `onRefreshed`. A
   * concurrent call with the same object that applied tokens first wins.
   */
  private async renewUser(auth: SpotifyUserAuth): Promise<void> {
    const before = auth.accessToken;
    const tokens = await this.refreshUser(auth);
    if (auth.accessToken !== before) return; // a concurrent call of this object applied them already
    if (auth.renew) return adoptTokens(auth, tokens);
    if (tokens.accessToken === before) return;
    adoptTokens(auth, tokens);
    await auth.onRefreshed?.(tokens);
  }

  // ---------------------------------------------------------------- the token endpoint (SpotifyExchange)

  /** POST /api/token with the app's credentials, through the retry core. */
  private tokenRequest(form: Record<string, string>): Promise<Json> {
    const basic = Buffer.from(`${this.target.clientId}:${this.target.clientSecret}`).toString('base64');
    const call: TokenCall = {
      endpoint: `/api/token:${form['grant_type']}`,
      grantType: form['grant_type'],
      authorization: `Basic ${basic}`,
      form: new URLSearchParams(form).toString(),
    };
    return this.http.run(this, call);
  }

  /** The token endpoint waits for nothing (the Web API's rate limit does not apply to it). */
  prepare(): void {
    // nothing to wait for
  }

  send(call: TokenCall): Promise<Response> {
    return fetch(`${this.target.accountsUrl}/api/token`, {
      method: 'POST',
      headers: {
        authorization: call.authorization,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: call.form,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
  }

  read(call: TokenCall, res: Response, body: string): Json | SpotifySetback {
    if (res.status >= 500 || res.status === 429) {
      const retryAfterMs = parseRetryAfterMs(res.headers.get('retry-after'));
      return SpotifySetback.serverError(res.status, `token endpoint ${res.status}`, retryAfterMs);
    }
    let json: Json = {};
    try {
      json = JSON.parse(body) as Json;
    } catch {
      // handled below
    }
    if (res.ok) {
      if (typeof json['access_token'] !== 'string') {
        throw new SpotifyUnavailableError('bad-response', 'token answer without access_token', res.status);
      }
      return json;
    }
    const error = typeof json['error'] === 'string' ? json['error'] : `http_${res.status}`;
    const description =
      typeof json['error_description'] === 'string' ? json['error_description'] : body.slice(0, 200);
    if (error === 'invalid_grant' && call.grantType === 'refresh_token') {
      throw new SpotifyReconnectRequiredError(description);
    }
    const callerFault = call.grantType === 'authorization_code' && error === 'invalid_grant';
    throw new SpotifyAuthFailedError(error, description, res.status, callerFault ? 400 : 502);
  }

  /** The token endpoint never asks for it (a 401 there is a final SpotifyAuthFailedError). */
  reauthorize(): Promise<void> {
    return Promise.reject(new Error('the token endpoint has no credentials to renew'));
  }
}

/** The one place a user's SpotifyUserAuth is updated: the refreshed tokens replace the used ones. */
function adoptTokens(auth: SpotifyUserAuth, tokens: SpotifyTokenSet): void {
  auth.accessToken = tokens.accessToken;
  auth.refreshToken = tokens.refreshToken;
  auth.expiresAt = tokens.expiresAt;
}
