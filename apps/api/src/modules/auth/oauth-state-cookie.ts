import type { Request, Response } from 'express';
import { STATE_TTL_S } from './oauth-state.service';

/**
 * The cookie that binds an OAuth flow to the browser that started it (see OAuthStateService): one per kind
 * of flow, HttpOnly (no script reads it), SameSite=Lax (sent on Spotify's top-level redirect back to us,
 * not on cross-site subrequests), scoped to the callback's path (sent nowhere else) and living as long as
 * the state. Starting a second flow of the same kind in the same browser replaces the first one's key.
 */
export interface StateCookie {
  name: string;
  /** The callback path, e.g. /api/v1/owners/me/spotify/callback. */
  path: string;
}

export const OWNER_SPOTIFY_STATE_COOKIE: StateCookie = {
  name: 'sl_oauth_owner',
  path: '/api/v1/owners/me/spotify/callback',
};

export const LISTENER_CONNECT_STATE_COOKIE: StateCookie = {
  name: 'sl_oauth_listener',
  path: '/api/v1/listeners/connect/callback',
};

export function setStateCookie(
  res: Response,
  cookie: StateCookie,
  browserKey: string,
  secure: boolean,
): void {
  res.cookie(cookie.name, browserKey, {
    maxAge: STATE_TTL_S * 1000,
    path: cookie.path,
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
}

export function readStateCookie(req: Request, cookie: StateCookie): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[cookie.name];
  return typeof value === 'string' && value ? value : undefined;
}

/** A callback uses its browser's key once, whatever the outcome. */
export function clearStateCookie(res: Response, cookie: StateCookie, secure: boolean): void {
  res.clearCookie(cookie.name, { path: cookie.path, httpOnly: true, sameSite: 'lax', secure });
}
