/** Who may use the control API under /_sandbox/ (reset, clock, tokens, faults, users, plays, …). */
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

export interface ControlAccessOptions {
  /**
   * 'loopback' (default): only requests whose TCP peer is this machine (127.0.0.0/8, ::1) and that did
   * not come through a proxy. 'any': everyone (a sandbox on a private network of its own).
   */
  allow?: 'loopback' | 'any';
  /** Also accept any peer presenting `Authorization: Bearer <token>` (e.g. a test runner elsewhere). */
  token?: string;
}

/**
 * Control routes anyone may read: the sandbox's description, its (fictional, public) catalog, the sample
 * list built from it and the cover images the app's pages show. Everything else under /_sandbox/ changes
 * or reveals state (the play page adds plays, so it stays on loopback like the rest).
 */
export function isPublicControlRoute(method: string, route: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return (
    route === '' ||
    route === 'info' ||
    route === 'catalog' ||
    route === 'samples' ||
    route.startsWith('images/')
  );
}

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/** 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 spelling. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

/**
 * Whether this request may use a non-public control route. Decided on the socket's peer address, never
 * on what headers claim: a forwarding header can only take access away (a request relayed by a reverse
 * proxy on this machine has a loopback peer but comes from elsewhere), never grant it.
 */
export function controlAllowed(req: IncomingMessage, options: ControlAccessOptions = {}): boolean {
  if (options.allow === 'any') return true;
  if (options.token) {
    const given = req.headers.authorization;
    if (typeof given === 'string' && sameText(given, `Bearer ${options.token}`)) return true;
  }
  if (!isLoopbackAddress(req.socket?.remoteAddress)) return false;
  return !FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
