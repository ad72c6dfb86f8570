import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DEV_MODE_REFUSAL } from './spotify.client';
import {
  SpotifyAuthFailedError,
  SpotifyDevModeCapError,
  SpotifyLoginCancelledError,
  SpotifyUnavailableError,
} from './spotify.errors';
import { SpotifyEndpoints } from './spotify.endpoints';
import { SpotifyLogin, SpotifyStrategy } from './spotify.strategy';

interface PassportOutcome {
  user?: SpotifyLogin;
  redirect?: string;
  error?: unknown;
  cancelled?: boolean;
}

/** The OAuth error passport-oauth2 raises for a failed code exchange (TokenError / InternalOAuthError). */
interface OAuthFailure {
  name?: string;
  code?: string;
  message?: string;
  oauthError?: { statusCode?: number; data?: string };
}

/**
 * Runs passport-spotify for one request, like @nestjs/passport's AuthGuard but on this app's own strategy
 * instance: without a `code` it redirects to Spotify's consent page; on the callback it exchanges the code,
 * loads the profile and puts the SpotifyLogin on `req.user`. Failures become Spotify domain errors.
 * The redirect URI is the login callback (/api/v1/spotify/callback), the same for both legs.
 */
@Injectable()
export class SpotifyAuthGuard implements CanActivate {
  constructor(
    private readonly strategy: SpotifyStrategy,
    private readonly endpoints: SpotifyEndpoints,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user?: SpotifyLogin }>();
    const res = context.switchToHttp().getResponse<Response>();
    this.strategy.syncEndpoints();
    const outcome = await this.run(req);
    if (outcome.redirect) {
      res.redirect(302, outcome.redirect);
      return false;
    }
    if (outcome.cancelled) throw new SpotifyLoginCancelledError();
    if (outcome.error !== undefined || !outcome.user) throw this.toDomainError(outcome.error);
    req.user = outcome.user;
    return true;
  }

  private run(req: Request): Promise<PassportOutcome> {
    return new Promise((resolve) => {
      // A per-request object over the shared strategy, as passport itself does for named strategies.
      const attempt = Object.create(this.strategy) as SpotifyStrategy & {
        success(user: SpotifyLogin): void;
        fail(): void;
        redirect(url: string): void;
        error(error: unknown): void;
        pass(): void;
      };
      attempt.success = (user) => resolve({ user });
      attempt.fail = () => resolve({ cancelled: true });
      attempt.redirect = (url) => resolve({ redirect: url });
      attempt.error = (error) => resolve({ error });
      attempt.pass = () => resolve({ error: new Error('passport passed the request on') });
      attempt.authenticate(req, { session: false, callbackURL: this.endpoints.redirectUris.login });
    });
  }

  private toDomainError(error: unknown): Error {
    const e = (error ?? {}) as OAuthFailure;
    if (e.name === 'TokenError' || e.name === 'AuthorizationError') {
      const code = e.code ?? 'invalid_request';
      return new SpotifyAuthFailedError(
        code,
        e.message ?? 'login failed',
        400,
        code === 'invalid_client' ? 502 : 400,
      );
    }
    if (e.name === 'InternalOAuthError') {
      const status = e.oauthError?.statusCode;
      if (status === 403 && (e.oauthError?.data ?? '').includes(DEV_MODE_REFUSAL)) {
        return new SpotifyDevModeCapError();
      }
      if (status && status < 500) {
        return new SpotifyAuthFailedError(`http_${status}`, (e.oauthError?.data ?? '').slice(0, 200), status);
      }
      return new SpotifyUnavailableError(status ? 'server-error' : 'network', e.message ?? '', status);
    }
    return new SpotifyUnavailableError('bad-response', e.message ?? 'login failed');
  }
}
