import { createHmac, timingSafeEqual } from 'node:crypto';

/** Compact HMAC-SHA256 signed tokens (JWT, HS256) for session cookies and OAuth state. */
export function signToken(payload: Record<string, unknown>, secret: Buffer): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

/** The payload when the signature is valid and `exp` (seconds) has not passed; otherwise undefined. */
export function verifyToken<T extends object>(
  token: string,
  secret: Buffer,
  nowMs = Date.now(),
): T | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, body, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T & { exp?: unknown };
    if (typeof payload.exp === 'number' && payload.exp * 1000 <= nowMs) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}
