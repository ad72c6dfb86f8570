import { createHash, timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';

export type MetricsAccess = 'allowed' | 'needs-token' | 'not-loopback';

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(v4)) return v4.startsWith('127.');
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/** Constant-time: hashing first makes both sides the same length, so the length leaks nothing either. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Who may read /metrics. With METRICS_TOKEN: whoever sends `Authorization: Bearer <token>`, from anywhere (and
 * nobody without it, loopback included). Without: only a peer on loopback, judged by the socket's remote address
 * (never X-Forwarded-For or anything else the caller writes).
 */
export function metricsAccess(
  peerAddress: string | undefined,
  authorization: string | undefined,
  token: string | undefined,
): MetricsAccess {
  if (token) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const presented = match?.[1];
    return presented !== undefined && sameSecret(presented, token) ? 'allowed' : 'needs-token';
  }
  return isLoopback(peerAddress) ? 'allowed' : 'not-loopback';
}
