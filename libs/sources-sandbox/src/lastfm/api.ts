/**
 * The Last.fm API root `/2.0/`: `method=auth.getToken|auth.getSession|user.getRecentTracks`, JSON only
 * (format=json), parameters from the query or a form-encoded POST body.
 * Reference: https://www.last.fm/api/show/auth.getSession, https://www.last.fm/api/show/user.getRecentTracks.
 */
import { bodyOf, json, Reply, text } from '@soundlink/spotify-sandbox';
import type { SourceFaultStore } from '../shared/faults';
import type { ListenStore } from '../shared/listens';
import type { SourceContext } from '../shared/server';
import { LastfmFailure, lastfmError } from './errors';
import { recentTracksJson, trackJson } from './serialize';
import { lastfmSignature } from './signature';
import { LastfmApp, LastfmState, TOKEN_TTL_MS } from './state';

export interface LastfmCore {
  state: LastfmState;
  store: ListenStore;
  faults: SourceFaultStore;
  now(): number;
}

async function paramsOf(ctx: SourceContext): Promise<URLSearchParams> {
  const params = new URLSearchParams(ctx.query);
  if (
    ctx.method === 'POST' &&
    (ctx.req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')
  ) {
    for (const [k, v] of new URLSearchParams(await bodyOf(ctx))) params.set(k, v);
  }
  return params;
}

export async function handleLastfmApi(core: LastfmCore, ctx: SourceContext): Promise<Reply> {
  ctx.logged = true;
  const params = await paramsOf(ctx);
  // The call log shows what was sent, POST bodies included.
  for (const [k, v] of params) if (!ctx.query.has(k)) ctx.query.set(k, v);
  try {
    return await route(core, ctx, params);
  } catch (e) {
    if (!(e instanceof LastfmFailure)) throw e;
    ctx.error = e.code;
    if ((params.get('format') ?? '').toLowerCase() !== 'json') return xmlError(e.code, e.message);
    return lastfmError(e.code, e.detail, e.status);
  }
}

function xmlError(code: number, message: string): Reply {
  return text(
    code === 29 ? 429 : 400,
    `<?xml version="1.0" encoding="UTF-8"?>\n<lfm status="failed">\n  <error code="${code}">${message}</error>\n</lfm>\n`,
    'text/xml; charset=utf-8',
  );
}

async function route(core: LastfmCore, ctx: SourceContext, params: URLSearchParams): Promise<Reply> {
  const method = (params.get('method') ?? '').toLowerCase();
  const app = core.state.app(params.get('api_key'));
  if (!app) throw new LastfmFailure(10);
  if (core.state.suspendedKeys.has(app.apiKey)) throw new LastfmFailure(26);
  const session = params.get('sk') ? core.state.sessions.get(params.get('sk') as string) : undefined;
  ctx.user = params.get('user') ?? session?.user ?? null;
  const now = core.now();
  const fault = core.faults.take({ user: ctx.user, path: ctx.path, method }, now);
  let delayMs: number | undefined;
  if (fault) {
    if (fault.drop) return { status: 0, drop: true, delayMs: fault.delayMs };
    if (fault.error !== undefined) {
      const reply = lastfmErrorFor(ctx, fault.error);
      if (fault.retryAfterS !== undefined)
        reply.headers = { ...reply.headers, 'retry-after': String(fault.retryAfterS) };
      return { ...reply, delayMs: fault.delayMs };
    }
    if (fault.status !== undefined) {
      return { ...text(fault.status, `${fault.status} Service Unavailable`), delayMs: fault.delayMs };
    }
    delayMs = fault.delayMs;
  }
  if (!core.state.limiter.hit(app.apiKey, now).allowed) throw new LastfmFailure(29);
  if ((params.get('format') ?? '').toLowerCase() !== 'json') throw new LastfmFailure(5);
  const reply = dispatchMethod(core, ctx, app, method, params, now);
  return delayMs ? { ...reply, delayMs } : reply;
}

function lastfmErrorFor(ctx: SourceContext, code: number): Reply {
  ctx.error = code;
  return lastfmError(code);
}

function dispatchMethod(
  core: LastfmCore,
  ctx: SourceContext,
  app: LastfmApp,
  method: string,
  params: URLSearchParams,
  now: number,
): Reply {
  if (!method) throw new LastfmFailure(6);
  if (method === 'auth.gettoken') {
    checkSignature(app, params);
    return json(200, { token: core.state.issueToken(app.apiKey, null, now).token });
  }
  if (method === 'auth.getsession') return getSession(core, ctx, app, params, now);
  if (method === 'user.getrecenttracks') return recentTracks(core, ctx, app, params, now);
  throw new LastfmFailure(3);
}

function checkSignature(app: LastfmApp, params: URLSearchParams): void {
  const given = params.get('api_sig');
  if (!given || given.toLowerCase() !== lastfmSignature(params, app.sharedSecret))
    throw new LastfmFailure(13);
}

function getSession(
  core: LastfmCore,
  ctx: SourceContext,
  app: LastfmApp,
  params: URLSearchParams,
  now: number,
): Reply {
  const tokenValue = params.get('token');
  if (!tokenValue) throw new LastfmFailure(6);
  checkSignature(app, params);
  const token = core.state.tokens.get(tokenValue);
  if (!token || token.apiKey !== app.apiKey || token.used)
    throw new LastfmFailure(4, 'Invalid authentication token supplied');
  if (now - token.issuedAt > TOKEN_TTL_MS) throw new LastfmFailure(15);
  if (!token.user) throw new LastfmFailure(14);
  token.used = true;
  const user = core.store.get(token.user);
  if (!user) throw new LastfmFailure(4, 'Invalid authentication token supplied');
  ctx.user = user.name;
  const session = core.state.openSession(app.apiKey, user.name);
  return json(200, { session: { name: user.name, key: session.key, subscriber: 0 } });
}

function intParam(params: URLSearchParams, name: string, def: number, min: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return def;
  if (!/^\d+$/.test(raw) || Number(raw) < min)
    throw new LastfmFailure(6, `Invalid parameters - ${name} must be a number >= ${min}`);
  return Number(raw);
}

/** Last.fm's documented maximum page size. */
export const LASTFM_MAX_LIMIT = 200;

function recentTracks(
  core: LastfmCore,
  ctx: SourceContext,
  app: LastfmApp,
  params: URLSearchParams,
  now: number,
): Reply {
  const name = params.get('user');
  if (!name) throw new LastfmFailure(6);
  const user = core.store.get(name);
  if (!user) throw new LastfmFailure(6, 'User not found', 404);
  ctx.user = user.name;
  const sk = params.get('sk');
  if (sk) {
    checkSignature(app, params);
    const session = core.state.sessions.get(sk);
    if (!session || session.revoked || session.apiKey !== app.apiKey) throw new LastfmFailure(9);
  }
  if (core.state.privateUsers.has(user.name.toLowerCase())) {
    const session = sk ? core.state.sessions.get(sk) : undefined;
    if (session?.user.toLowerCase() !== user.name.toLowerCase()) throw new LastfmFailure(17);
  }
  // Larger limits are served as the maximum, not refused.
  const limit = Math.min(intParam(params, 'limit', 50, 1), LASTFM_MAX_LIMIT);
  const page = intParam(params, 'page', 1, 1);
  const from = intParam(params, 'from', 0, 0);
  const to = params.get('to') ? intParam(params, 'to', 0, 0) : null;
  const extended = params.get('extended') === '1' || params.get('extended') === 'true';
  // Scrobbles in [from, to] (unix seconds, inclusive), newest first.
  const matching = core.store
    .visible(user, now)
    .filter((l) => {
      const uts = Math.floor(l.startedAt / 1000);
      return uts >= from && (to === null || uts <= to);
    })
    .reverse();
  const slice = matching.slice((page - 1) * limit, page * limit);
  const items = slice.map((l) => trackJson(l, extended, false));
  if (page === 1 && to === null) {
    const playing = [...user.listens].reverse().find((l) => l.startedAt <= now && now < l.endsAt);
    if (playing) items.unshift(trackJson(playing, extended, true));
  }
  return json(200, recentTracksJson(user.name, items, { page, perPage: limit, total: matching.length }));
}
