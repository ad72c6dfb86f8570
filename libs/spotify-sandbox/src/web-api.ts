/** The Web API under /v1: authentication, development-mode rules and the endpoints Soundlink uses. */
import { Core } from './core';
import { DEV_MODE_BODY, faultReply } from './faults';
import { applyFields, FieldsSyntaxError, parseFields } from './fields';
import { apiError, json, Reply, RequestContext, text } from './http';
import { EDITORIAL_PREFIX, must, parseSpotifyRef, Playlist, SPOTIFY_ID_RE, User } from './model';
import {
  albumObject,
  artistObject,
  Json,
  paging,
  playHistory,
  playlistEntry,
  playlistObject,
  privateUser,
  simplifiedTrack,
  trackObject,
} from './serialize';
import type { AccessToken } from './state';
import {
  ApiFailure,
  api,
  Call,
  fail,
  lookup,
  pageParams,
  intParam,
  requireScope,
  requireUser,
} from './web-api-call';
import { routeModeGated } from './web-api-gated';

function bearer(ctx: RequestContext): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(ctx.req.headers.authorization ?? '');
  return m ? m[1] : null;
}

/** Handles one /v1 call: identifies the token, applies faults, then authenticates and routes. */
export function handleWebApi(core: Core, ctx: RequestContext): Reply {
  const raw = bearer(ctx);
  const token = raw ? core.state.accessTokens.get(raw) : undefined;
  if (token) {
    ctx.userId = token.userId;
    ctx.clientId = token.clientId;
  }
  const now = core.clock.now();
  const fault = core.faults.take({ path: ctx.path, userId: ctx.userId, tokenEndpoint: false }, now);
  let delayMs: number | undefined;
  if (fault) {
    const reply = faultReply(fault, false);
    if (reply) return reply;
    delayMs = fault.delayMs;
  }
  const reply = authenticateAndRoute(core, ctx, raw, token, now);
  if (delayMs) reply.delayMs = delayMs;
  return reply;
}

function authenticateAndRoute(
  core: Core,
  ctx: RequestContext,
  raw: string | null,
  token: AccessToken | undefined,
  now: number,
): Reply {
  if (!raw) return apiError(401, 'No token provided');
  if (!token) return apiError(401, 'Invalid access token');
  if (token.expiresAt <= now) return apiError(401, 'The access token expired');
  if (token.userId && !core.state.userAllowed(token.clientId, token.userId)) return text(403, DEV_MODE_BODY);
  if (ctx.method !== 'GET') return apiError(405, 'Method not allowed');
  core.simulation.catchUp();
  const call: Call = { core, ctx, token, link: { publicUrl: ctx.publicUrl }, world: core.state.world, now };
  try {
    return route(call, ctx.path.slice('/v1'.length).split('/').filter(Boolean));
  } catch (e) {
    if (e instanceof ApiFailure) return e.reply;
    throw e;
  }
}

function route(c: Call, seg: string[]): Reply {
  // Endpoints development mode removed in 2026 (and, in extended mode, their answers): web-api-gated.ts.
  const gated = routeModeGated(c, seg);
  if (gated) return gated;
  const [a, b, cc] = seg;
  const n = seg.length;
  if (a === 'me') {
    const user = requireUser(c);
    if (n === 1) return json(200, privateUser(c.link, user));
    if (n === 3 && b === 'player' && cc === 'recently-played') return recentlyPlayed(c, user);
    if (n === 3 && b === 'top') return topItems(c, user, cc);
    if (n === 3 && b === 'library' && cc === 'contains') return libraryContains(c, user);
  }
  if (a === 'tracks') {
    if (n === 2) return json(200, trackObject(c.link, c.world, lookup(c.world.tracks, b)));
  }
  if (a === 'albums' && n >= 2) {
    const album = lookup(c.world.albums, b);
    if (n === 2) return json(200, albumObject(c.link, c.world, album));
    if (n === 3 && cc === 'tracks') {
      const page = pageParams(c, 20, 50);
      const tracks = album.trackIds.map((id) => must(c.world.tracks.get(id)));
      return json(
        200,
        paging(`${api(c)}/albums/${album.id}/tracks`, tracks, page, (t) =>
          simplifiedTrack(c.link, c.world, t),
        ),
      );
    }
  }
  if (a === 'artists' && n === 2) return json(200, artistObject(c.link, lookup(c.world.artists, b)));
  if (a === 'playlists' && n >= 2) {
    if (b.startsWith(EDITORIAL_PREFIX)) return apiError(404, 'Resource not found');
    const playlist = lookup(c.world.playlists, b);
    if (n === 2) return getPlaylist(c, playlist);
    if (n === 3 && (cc === 'items' || cc === 'tracks'))
      return playlistItems(c, playlist, cc === 'items' ? 'item' : 'track');
  }
  return apiError(404, 'Service not found');
}

function withFields(c: Call, body: Json): Reply {
  const fields = c.ctx.query.get('fields');
  if (!fields) return json(200, body);
  try {
    return json(200, applyFields(body, parseFields(fields)));
  } catch (e) {
    if (e instanceof FieldsSyntaxError) return apiError(400, `Invalid fields: ${e.message}`);
    throw e;
  }
}

function canSeeItems(c: Call, p: Playlist): boolean {
  const userId = c.token.userId;
  return userId !== null && (p.ownerId === userId || (p.collaborative && p.collaboratorIds.includes(userId)));
}

function getPlaylist(c: Call, p: Playlist): Reply {
  const member = canSeeItems(c, p);
  if (!p.public && !member) return apiError(404, 'Resource not found');
  return withFields(c, playlistObject(c.link, c.world, p, member));
}

function playlistItems(c: Call, p: Playlist, field: 'item' | 'track'): Reply {
  if (!canSeeItems(c, p)) return apiError(403, 'Forbidden');
  const page = pageParams(c, 100, 100);
  const base = `${api(c)}/playlists/${p.id}/${field === 'item' ? 'items' : 'tracks'}`;
  return withFields(
    c,
    paging(base, p.entries, page, (e) => playlistEntry(c.link, c.world, e, field)),
  );
}

function recentlyPlayed(c: Call, user: User): Reply {
  requireScope(c, 'user-read-recently-played');
  const q = c.ctx.query;
  const limit = intParam(c, 'limit', 20, 1, 50);
  const hasAfter = q.get('after') !== null;
  const hasBefore = q.get('before') !== null;
  if (hasAfter && hasBefore) fail(400, "Only one of 'after' and 'before' may be set");
  const after = hasAfter ? intParam(c, 'after', 0, 0, Number.MAX_SAFE_INTEGER) : null;
  const before = hasBefore ? intParam(c, 'before', 0, 0, Number.MAX_SAFE_INTEGER) : null;
  const visible = c.core.state.visiblePlays(user.id, c.now); // oldest first, at most 50
  let matching: typeof visible;
  let page: typeof visible;
  let next: string | null = null;
  const base = `${api(c)}/me/player/recently-played`;
  if (after !== null) {
    matching = visible.filter((p) => p.playedAt > after);
    page = matching.slice(0, limit);
    if (matching.length > page.length)
      next = `${base}?after=${page[page.length - 1].playedAt}&limit=${limit}`;
  } else {
    matching = before !== null ? visible.filter((p) => p.playedAt < before) : visible;
    page = matching.slice(Math.max(0, matching.length - limit));
    if (matching.length > page.length) next = `${base}?before=${page[0].playedAt}&limit=${limit}`;
  }
  const newestFirst = [...page].reverse();
  const query = q.toString();
  return json(200, {
    href: query ? `${base}?${query}` : base,
    items: newestFirst.map((p) => playHistory(c.link, c.world, p)),
    limit,
    next,
    cursors: {
      after: newestFirst.length ? String(newestFirst[0].playedAt) : null,
      before: newestFirst.length ? String(newestFirst[newestFirst.length - 1].playedAt) : null,
    },
    total: matching.length,
  });
}

const RANGES: Record<string, number> = {
  short_term: 28 * 86_400_000,
  medium_term: 182 * 86_400_000,
  long_term: 365 * 86_400_000,
};

function topItems(c: Call, user: User, type: string): Reply {
  if (type !== 'artists' && type !== 'tracks') return apiError(404, 'Service not found');
  requireScope(c, 'user-top-read');
  const range = c.ctx.query.get('time_range') ?? 'medium_term';
  if (!(range in RANGES)) fail(400, 'Invalid time_range');
  const page = pageParams(c, 20, 50);
  const since = c.now - RANGES[range];
  const trackScore = new Map<string, number>();
  const bump = (id: string, by: number) => trackScore.set(id, (trackScore.get(id) ?? 0) + by);
  for (const p of c.core.state.playsOf(user.id))
    if (p.playedAt >= since && p.playedAt <= c.now) bump(p.trackId, 3);
  const longWeight = range === 'short_term' ? 0.5 : range === 'medium_term' ? 1 : 2;
  for (const id of user.likedTrackIds) bump(id, 2 * longWeight);
  const favorites = new Set(user.profile?.favoriteArtistIds ?? user.followedArtistIds);
  for (const t of c.world.tracks.values()) {
    if (favorites.has(t.artistIds[0])) bump(t.id, longWeight * (1 + t.popularity / 100));
  }
  const sortedTracks = [...trackScore]
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, 100)
    .map(([id]) => must(c.world.tracks.get(id)));
  const base = `${api(c)}/me/top/${type}`;
  const extra = `&time_range=${range}`;
  if (type === 'tracks') {
    return json(
      200,
      paging(base, sortedTracks, page, (t) => trackObject(c.link, c.world, t), extra),
    );
  }
  const artistScore = new Map<string, number>();
  for (const [id, score] of trackScore) {
    const artistId = must(c.world.tracks.get(id)).artistIds[0];
    artistScore.set(artistId, (artistScore.get(artistId) ?? 0) + score);
  }
  const artists = [...artistScore]
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, 50)
    .map(([id]) => must(c.world.artists.get(id)));
  return json(
    200,
    paging(base, artists, page, (a) => artistObject(c.link, a), extra),
  );
}

function libraryContains(c: Call, user: User): Reply {
  requireScope(c, 'user-library-read');
  const raw = c.ctx.query.get('uris');
  if (!raw) return fail(400, 'Missing required parameter: uris');
  const uris = raw.split(',');
  if (uris.length > 40) fail(400, 'Too many uris requested');
  const result = uris.map((uri) => {
    const ref = uri.startsWith('spotify:') ? parseSpotifyRef(uri) : null;
    if (!ref) return fail(400, `Invalid URI: ${uri}`);
    const { type, id } = ref;
    if (type === 'user') return false;
    if (!SPOTIFY_ID_RE.test(id)) fail(400, `Invalid base62 id: ${id}`);
    switch (type) {
      case 'track':
        return user.likedTrackIds.includes(id);
      case 'album':
        return user.savedAlbumIds.includes(id);
      case 'artist':
        return user.followedArtistIds.includes(id);
      case 'playlist':
        return user.followedPlaylistIds.includes(id);
      case 'episode':
      case 'show':
      case 'audiobook':
        return false;
      default:
        return fail(400, `Unsupported URI type: ${type}`);
    }
  });
  return json(200, result);
}
