/**
 * The ListenBrainz API v1 parts Soundlink uses (https://listenbrainz.readthedocs.io/en/latest/users/api/core.html):
 * `GET /1/validate-token` and `GET /1/user/{user_name}/listens`, with the rate-limit headers every response
 * carries (https://listenbrainz.readthedocs.io/en/latest/users/api/index.html#rate-limiting) and errors as
 * `{"code": N, "error": "…"}`.
 */
import { json, Reply } from '@soundlink/spotify-sandbox';
import type { SourceFaultStore } from '../shared/faults';
import type { ListenStore, StoredListen } from '../shared/listens';
import type { RateLimiter } from '../shared/rate-limit';
import type { SourceContext } from '../shared/server';
import { listensPayload } from './serialize';

export interface ListenBrainzCore {
  store: ListenStore;
  faults: SourceFaultStore;
  limiter: RateLimiter;
  /** token → user name */
  tokens: Map<string, string>;
  now(): number;
}

/** DEFAULT_ITEMS_PER_GET and MAX_ITEMS_PER_GET of the ListenBrainz server. */
export const LB_DEFAULT_COUNT = 25;
export const LB_MAX_COUNT = 1000;

const lbError = (code: number, error: string): Reply => json(code, { code, error });

function tokenOf(ctx: SourceContext): string | null {
  const m = /^Token\s+(\S+)\s*$/i.exec(ctx.req.headers.authorization ?? '');
  return m ? m[1] : (ctx.query.get('token') ?? null);
}

export function handleListenBrainzApi(core: ListenBrainzCore, ctx: SourceContext): Reply {
  ctx.logged = true;
  const token = tokenOf(ctx);
  const tokenUser = token ? core.tokens.get(token) : undefined;
  const seg = ctx.path.split('/').filter(Boolean).map(decodeURIComponent);
  ctx.user = seg[1] === 'user' && seg[2] ? seg[2] : (tokenUser ?? null);
  const now = core.now();
  // Limited per valid token, otherwise per address (as the ListenBrainz server does).
  const key = tokenUser ? `token:${token}` : `ip:${ctx.req.socket?.remoteAddress ?? 'unknown'}`;
  const rate = core.limiter.hit(key, now);
  const resetIn = Math.max(0, Math.ceil((rate.resetAt - now) / 1000));
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(rate.limit),
    'x-ratelimit-remaining': String(rate.remaining),
    'x-ratelimit-reset-in': String(resetIn),
    'x-ratelimit-reset': String(Math.ceil(rate.resetAt / 1000)),
  };
  const withHeaders = (reply: Reply): Reply => ({ ...reply, headers: { ...reply.headers, ...headers } });
  const fault = core.faults.take({ user: ctx.user, path: ctx.path, method: null }, now);
  let delayMs: number | undefined;
  if (fault) {
    if (fault.drop) return { status: 0, drop: true, delayMs: fault.delayMs };
    if (fault.status !== undefined) {
      const reply = withHeaders(faultReply(fault.status));
      if (fault.status === 429) {
        const wait = String(fault.retryAfterS ?? resetIn);
        reply.headers = {
          ...reply.headers,
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-in': wait,
          'retry-after': wait,
        };
      }
      return { ...reply, delayMs: fault.delayMs };
    }
    delayMs = fault.delayMs;
  }
  if (!rate.allowed) return withHeaders(lbError(429, 'Too many requests. Please wait before trying again.'));
  const reply = withHeaders(route(core, ctx, seg, token, tokenUser));
  return delayMs ? { ...reply, delayMs } : reply;
}

function faultReply(status: number): Reply {
  if (status === 401) return lbError(401, 'Invalid authorization token.');
  if (status === 429) return lbError(429, 'Too many requests. Please wait before trying again.');
  if (status === 502 || status === 503) return lbError(status, 'The server is temporarily unavailable.');
  return lbError(500, 'An unknown error occured.');
}

function route(
  core: ListenBrainzCore,
  ctx: SourceContext,
  seg: string[],
  token: string | null,
  tokenUser: string | undefined,
): Reply {
  if (seg[0] !== '1') return lbError(404, 'The requested URL was not found on the server.');
  if (ctx.method !== 'GET') return lbError(405, 'The method is not allowed for the requested URL.');
  if (seg.length === 2 && seg[1] === 'validate-token') {
    if (!token) return lbError(400, 'You need to provide an Authorization token.');
    if (!tokenUser) return json(200, { code: 200, message: 'Token invalid.', valid: false });
    return json(200, { code: 200, message: 'Token valid.', valid: true, user_name: tokenUser });
  }
  if (seg.length === 4 && seg[1] === 'user' && seg[3] === 'listens') return listens(core, ctx, seg[2]);
  return lbError(404, 'The requested URL was not found on the server.');
}

function intArg(ctx: SourceContext, name: string): number | null | Reply {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return null;
  if (!/^-?\d+$/.test(raw)) return lbError(400, `'${name}' should be a valid integer.`);
  return Number(raw);
}

function listens(core: ListenBrainzCore, ctx: SourceContext, name: string): Reply {
  const user = core.store.get(name);
  if (!user) return lbError(404, `Cannot find user: ${name}`);
  const args: Record<string, number | null> = {};
  for (const key of ['min_ts', 'max_ts', 'count']) {
    const v = intArg(ctx, key);
    if (v !== null && typeof v === 'object') return v;
    args[key] = v;
  }
  const { min_ts: minTs, max_ts: maxTs } = args;
  if (minTs !== null && maxTs !== null)
    return lbError(400, 'You may only specify max_ts or min_ts, not both.');
  if (args['count'] !== null && args['count'] < 0)
    return lbError(400, "'count' should be a non-negative integer.");
  const count = Math.min(args['count'] ?? LB_DEFAULT_COUNT, LB_MAX_COUNT);
  const all = core.store.visible(user, core.now()); // oldest first
  let page: StoredListen[];
  if (minTs !== null) {
    // The `count` listens right after min_ts (exclusive), newest first: an incremental poller misses none.
    page = all
      .filter((l) => Math.floor(l.startedAt / 1000) > minTs)
      .slice(0, count)
      .reverse();
  } else {
    const before = maxTs === null ? all : all.filter((l) => Math.floor(l.startedAt / 1000) < maxTs);
    page = before.slice(Math.max(0, before.length - count)).reverse();
  }
  if (count === 0) page = [];
  return json(200, listensPayload(user.name, page, all));
}
