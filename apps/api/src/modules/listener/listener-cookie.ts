import { randomBytes } from 'node:crypto';
import { signToken, verifyToken } from '../../common/security/signed-token';

export const LISTENER_COOKIE = 'sl_listener';
/** One year: within the 400 days browsers cap a cookie's lifetime at; the signed value expires with it. */
export const LISTENER_COOKIE_MAX_AGE_S = 365 * 24 * 3600;
/** A value in use that is older than this is replaced by a fresh one (new id, new expiry). */
export const LISTENER_COOKIE_ROTATE_AFTER_S = 24 * 3600;

interface ListenerCookiePayload {
  /** The listener id. */
  lid?: unknown;
  /** Issued at, seconds. */
  iat?: unknown;
  /** Expires at, seconds: the server refuses the value afterwards, whatever the browser kept. */
  exp?: unknown;
  /** A random id, so that every issued value differs. */
  jti?: unknown;
}

/**
 * The listener cookie's value: the listener id, signed so it cannot be forged or altered, with its own
 * issue time and expiry (a copied value stops working a year after it was issued at the latest).
 */
export function signListenerCookie(listenerId: string, secret: Buffer, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  return signToken(
    { lid: listenerId, iat, exp: iat + LISTENER_COOKIE_MAX_AGE_S, jti: randomBytes(9).toString('base64url') },
    secret,
  );
}

/**
 * The listener a cookie value names, and whether it is due for rotation; undefined when forged, expired or
 * without an expiry (values issued before cookies expired are refused: connecting again issues a new one).
 */
export function readListenerCookie(
  value: string | undefined,
  secret: Buffer,
  nowMs = Date.now(),
): { listenerId: string; rotate: boolean } | undefined {
  if (!value) return undefined;
  const payload = verifyToken<ListenerCookiePayload>(value, secret, nowMs);
  if (
    typeof payload?.lid !== 'string' ||
    typeof payload.exp !== 'number' ||
    typeof payload.iat !== 'number'
  ) {
    return undefined;
  }
  return { listenerId: payload.lid, rotate: nowMs / 1000 - payload.iat >= LISTENER_COOKIE_ROTATE_AFTER_S };
}

export function verifyListenerCookie(value: string | undefined, secret: Buffer): string | undefined {
  return readListenerCookie(value, secret)?.listenerId;
}

export function listenerCookieHeader(value: string, secure: boolean): string {
  return `${LISTENER_COOKIE}=${value}; Max-Age=${LISTENER_COOKIE_MAX_AGE_S}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
