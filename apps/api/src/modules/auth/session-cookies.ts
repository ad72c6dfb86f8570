import type { CookieOptions, Response } from 'express';

export const SESSION_COOKIE = 'sl_session';
export const CSRF_COOKIE = 'sl_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The session token is reissued every 5 minutes of use (rotation); a reissued token replaces the old
 * one, which stays valid for a short grace period so requests already in flight still succeed.
 */
export const TOKEN_ROTATE_AFTER_S = 5 * 60;
export const ROTATION_GRACE_MS = 60 * 1000;
/** A session not used for 14 days ends. */
export const SESSION_IDLE_MS = 14 * 24 * 60 * 60 * 1000;

function base(secure: boolean): CookieOptions {
  return { secure, sameSite: 'lax', path: '/' };
}

export function setSessionCookies(res: Response, token: string, csrf: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { ...base(secure), httpOnly: true, maxAge: SESSION_IDLE_MS });
  // Readable by the SPA, which echoes it in the X-CSRF-Token header of unsafe requests.
  res.cookie(CSRF_COOKIE, csrf, {
    ...base(secure),
    httpOnly: false,
    sameSite: 'strict',
    maxAge: SESSION_IDLE_MS,
  });
}

export function clearSessionCookies(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { ...base(secure), httpOnly: true });
  res.clearCookie(CSRF_COOKIE, { ...base(secure), sameSite: 'strict' });
}
