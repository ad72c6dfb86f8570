import { signToken, verifyToken } from '../../common/security/signed-token';

export const LISTENER_COOKIE = 'sl_listener';
export const LISTENER_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

/** The listener cookie's value: the listener id, signed so it cannot be forged or altered. */
export function signListenerCookie(listenerId: string, secret: Buffer): string {
  return signToken({ lid: listenerId }, secret);
}

export function verifyListenerCookie(value: string | undefined, secret: Buffer): string | undefined {
  if (!value) return undefined;
  const payload = verifyToken<{ lid?: unknown }>(value, secret);
  return typeof payload?.lid === 'string' ? payload.lid : undefined;
}

export function listenerCookieHeader(value: string, secure: boolean): string {
  return `${LISTENER_COOKIE}=${value}; Max-Age=${LISTENER_COOKIE_MAX_AGE_S}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
