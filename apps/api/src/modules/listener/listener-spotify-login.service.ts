import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config';
import { DEV_MODE_REFUSAL } from '../spotify/spotify.client';
import { SpotifyEndpoints } from '../spotify/spotify-endpoints.service';
import { SpotifyLogin, SpotifyStrategy } from '../spotify/spotify.strategy';

/** Why a Spotify login did not produce tokens, in the words the connect page understands. */
export type LoginFailure = 'denied' | 'dev-mode-cap' | 'unavailable' | 'failed';

export type LoginOutcome = { login: SpotifyLogin } | { failure: LoginFailure; detail: string };

interface PassportOutcome {
  user?: SpotifyLogin;
  redirect?: string;
  error?: unknown;
  cancelled?: boolean;
}

/** passport-oauth2's failures: TokenError / AuthorizationError / InternalOAuthError. */
interface OAuthFailure {
  name?: string;
  code?: string;
  message?: string;
  oauthError?: { statusCode?: number; data?: string; code?: string };
}

/**
 * The listener connect flow's use of passport-spotify (the app's SpotifyStrategy instance, pointed at the
 * configured endpoints): it builds the authorize URL with the listener scopes and our signed state, and on
 * the callback exchanges the code (so `expires_in` arrives through `validate`) and loads the profile.
 * Both legs use the listener connect redirect URI. Failures are classified, never thrown.
 */
@Injectable()
export class ListenerSpotifyLogin {
  constructor(
    private readonly strategy: SpotifyStrategy,
    private readonly endpoints: SpotifyEndpoints,
    private readonly config: AppConfig,
  ) {}

  get redirectUri(): string {
    return this.endpoints.redirectUris.listenerConnect;
  }

  /** Spotify's consent page URL for this (already signed and stored) state. */
  async authorizeUrl(state: string): Promise<string> {
    const outcome = await this.run({ query: {}, headers: {} } as unknown as Request, {
      state,
      showDialog: true,
    });
    if (!outcome.redirect) throw new Error('passport-spotify did not produce an authorize URL');
    return outcome.redirect;
  }

  /** Exchanges the callback's code for tokens and the profile (the state is checked by the caller first). */
  async complete(req: Request): Promise<LoginOutcome> {
    const outcome = await this.run(req, {});
    if (outcome.user) return { login: outcome.user };
    if (outcome.cancelled) return { failure: 'denied', detail: 'access_denied' };
    return classify(outcome.error);
  }

  private run(req: Request, options: Record<string, unknown>): Promise<PassportOutcome> {
    this.strategy.syncEndpoints();
    // passport-oauth2 has no timeout of its own: a Spotify that never answers must not hang the callback.
    const limitMs = Math.max(1000, this.config.SPOTIFY_TIMEOUT_MS * 2);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => resolve({ error: { name: 'InternalOAuthError', message: 'timeout' } }),
        limitMs,
      );
      const done = (outcome: PassportOutcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      // A per-request object over the shared strategy, as passport itself does.
      const attempt = Object.create(this.strategy) as SpotifyStrategy & {
        success(user: SpotifyLogin): void;
        fail(): void;
        redirect(url: string): void;
        error(error: unknown): void;
        pass(): void;
      };
      attempt.success = (user) => done({ user });
      attempt.fail = () => done({ cancelled: true });
      attempt.redirect = (url) => done({ redirect: url });
      attempt.error = (error) => done({ error });
      attempt.pass = () => done({ error: new Error('passport passed the request on') });
      try {
        attempt.authenticate(req, { session: false, callbackURL: this.redirectUri, ...options });
      } catch (error) {
        done({ error });
      }
    });
  }
}

function classify(error: unknown): { failure: LoginFailure; detail: string } {
  const e = (error ?? {}) as OAuthFailure;
  const status = e.oauthError?.statusCode;
  const data = typeof e.oauthError?.data === 'string' ? e.oauthError.data : '';
  if (status === 403 && data.includes(DEV_MODE_REFUSAL)) return { failure: 'dev-mode-cap', detail: data };
  if (e.name === 'TokenError' || e.name === 'AuthorizationError') {
    // Spotify's token endpoint answers 5xx with {"error":"server_error"}: that is Spotify being down.
    const code = e.code ?? '';
    if (code === 'server_error' || code === 'temporarily_unavailable') {
      return { failure: 'unavailable', detail: code };
    }
    return { failure: 'failed', detail: `${code}: ${e.message ?? ''}` };
  }
  if (e.name === 'InternalOAuthError') {
    if (!status || status >= 500 || status === 429) {
      return { failure: 'unavailable', detail: `${status ?? e.oauthError?.code ?? e.message ?? 'network'}` };
    }
    return { failure: 'failed', detail: `http_${status}: ${data.slice(0, 200)}` };
  }
  return { failure: 'failed', detail: e.message ?? 'login failed' };
}
