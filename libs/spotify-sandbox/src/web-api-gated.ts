/**
 * The Web API endpoints Spotify took away from development-mode apps in February 2026: artist top tracks, the
 * multi-id `GET /tracks|albums|artists`, new releases, markets, browse categories, other users' profiles and
 * playlists. In development mode (the default, as for any app created today) they answer 403 as Spotify does;
 * in extended mode they answer as before. Search stays in both, capped at 10 items per type in development mode.
 */
import { apiError, json, Reply } from './http';
import { Album, must, Track } from './model';
import {
  albumObject,
  artistObject,
  Json,
  paging,
  playlistObject,
  simplifiedAlbum,
  trackObject,
} from './serialize';
import { api, Call, fail, intParam, lookup, pageParams } from './web-api-call';

export type SpotifyAppMode = 'development' | 'extended';
export const SPOTIFY_APP_MODES: readonly SpotifyAppMode[] = ['development', 'extended'];

const MARKETS = ['AR', 'AU', 'BR', 'CA', 'DE', 'ES', 'FR', 'GB', 'IT', 'JP', 'MX', 'NL', 'SE', 'US'];
/** Multi-id endpoints' limits (Spotify's: 50 tracks or artists, 20 albums). */
const MULTI_MAX: Record<string, number> = { tracks: 50, artists: 50, albums: 20 };

const removed = (): Reply => apiError(403, 'Forbidden');

/** The answer for a gated endpoint, or null when the path is not one of them. */
export function routeModeGated(c: Call, seg: string[]): Reply | null {
  const [a, b, cc] = seg;
  const n = seg.length;
  const dev = c.core.state.appMode === 'development';
  if (a === 'search' && n === 1) return search(c, dev);
  if (n === 1 && (a === 'tracks' || a === 'albums' || a === 'artists')) return dev ? removed() : multi(c, a);
  if (a === 'artists' && n === 3 && cc === 'top-tracks') {
    if (dev) return removed();
    const artist = lookup(c.world.artists, b);
    const tracks = c.core.simulation.artistTopTrackIds(artist.id).map((id) => must(c.world.tracks.get(id)));
    return json(200, { tracks: tracks.map((t) => trackObject(c.link, c.world, t)) });
  }
  if (a === 'markets' && n === 1) return dev ? removed() : json(200, { markets: MARKETS });
  if (a === 'browse' && (b === 'new-releases' || b === 'categories')) {
    if (dev) return removed();
    return b === 'new-releases' ? newReleases(c) : categories(c, seg.slice(2));
  }
  if (a === 'users' && n >= 2 && n <= 3 && (n === 2 || cc === 'playlists')) {
    if (dev && b !== c.token.userId) return removed();
    const user = c.world.users.get(b);
    if (!user) return apiError(404, 'Resource not found');
    if (n === 2) {
      return json(200, {
        display_name: user.displayName,
        external_urls: { spotify: `https://open.spotify.com/user/${user.id}` },
        followers: { href: null, total: 0 },
        href: `${api(c)}/users/${user.id}`,
        id: user.id,
        images: [],
        type: 'user',
        uri: `spotify:user:${user.id}`,
      });
    }
    const own = b === c.token.userId;
    const lists = [...c.world.playlists.values()].filter((p) => p.ownerId === user.id && (p.public || own));
    const page = pageParams(c, 20, 50);
    return json(
      200,
      paging(`${api(c)}/users/${user.id}/playlists`, lists, page, (p) =>
        playlistObject(c.link, c.world, p, false),
      ),
    );
  }
  return null;
}

function multi(c: Call, kind: string): Reply {
  const raw = c.ctx.query.get('ids');
  if (!raw) return fail(400, 'invalid id');
  const ids = raw.split(',');
  if (ids.length > MULTI_MAX[kind]) fail(400, 'Too many ids requested');
  const w = c.world;
  const one = (id: string): Json | null => {
    if (kind === 'tracks') {
      const t = w.tracks.get(id);
      return t ? trackObject(c.link, w, t) : null;
    }
    if (kind === 'albums') {
      const al = w.albums.get(id);
      return al ? albumObject(c.link, w, al) : null;
    }
    const ar = w.artists.get(id);
    return ar ? artistObject(c.link, ar) : null;
  };
  return json(200, { [kind]: ids.map(one) });
}

function newReleases(c: Call): Reply {
  const albums = [...c.world.albums.values()].sort(
    (x, y) => y.releaseDate.localeCompare(x.releaseDate) || x.id.localeCompare(y.id),
  );
  const page = pageParams(c, 20, 50);
  return json(200, {
    albums: paging(`${api(c)}/browse/new-releases`, albums, page, (al) =>
      simplifiedAlbum(c.link, c.world, al),
    ),
  });
}

function categories(c: Call, rest: string[]): Reply {
  const genres = [...new Set([...c.world.artists.values()].flatMap((ar) => ar.genres))].sort();
  const category = (g: string) => ({
    href: `${api(c)}/browse/categories/${encodeURIComponent(slug(g))}`,
    icons: [],
    id: slug(g),
    name: g,
  });
  if (rest.length === 1) {
    const found = genres.find((g) => slug(g) === rest[0]);
    return found ? json(200, category(found)) : apiError(404, 'Resource not found');
  }
  if (rest.length > 1) return apiError(404, 'Service not found');
  const page = pageParams(c, 20, 50);
  return json(200, { categories: paging(`${api(c)}/browse/categories`, genres, page, category) });
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

const SEARCH_TYPES = ['album', 'artist', 'playlist', 'track'] as const;

/** GET /search: every word of q in the item's name (or its artists' names); development mode caps limit at 10. */
function search(c: Call, dev: boolean): Reply {
  const q = (c.ctx.query.get('q') ?? '').trim();
  if (!q) return fail(400, 'No search query');
  const rawTypes = c.ctx.query.get('type');
  if (!rawTypes) return fail(400, 'Missing parameter type');
  const types = rawTypes.split(',');
  if (types.some((t) => !(SEARCH_TYPES as readonly string[]).includes(t))) fail(400, 'Bad search type field');
  const limit = intParam(c, 'limit', dev ? 5 : 20, 0, dev ? 10 : 50);
  const offset = intParam(c, 'offset', 0, 0, 1000);
  const words = q.toLowerCase().split(/\s+/);
  const w = c.world;
  const matches = (text: string) => words.every((word) => text.toLowerCase().includes(word));
  const names = (ids: string[]) => ids.map((id) => w.artists.get(id)?.name ?? '').join(' ');
  const extra = `&query=${encodeURIComponent(q)}&type=${encodeURIComponent(rawTypes)}`;
  const base = `${api(c)}/search`;
  const page = { limit, offset };
  const out: Json = {};
  const byName = <T extends { name: string; id: string }>(xs: T[]) =>
    xs.sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id));
  if (types.includes('track')) {
    const hits = byName(
      [...w.tracks.values()].filter((t: Track) => matches(`${t.name} ${names(t.artistIds)}`)),
    );
    out['tracks'] = paging(base, hits, page, (t) => trackObject(c.link, w, t), extra);
  }
  if (types.includes('album')) {
    const hits = byName(
      [...w.albums.values()].filter((al: Album) => matches(`${al.name} ${names(al.artistIds)}`)),
    );
    out['albums'] = paging(base, hits, page, (al) => simplifiedAlbum(c.link, w, al), extra);
  }
  if (types.includes('artist')) {
    const hits = byName([...w.artists.values()].filter((ar) => matches(ar.name)));
    out['artists'] = paging(base, hits, page, (ar) => artistObject(c.link, ar), extra);
  }
  if (types.includes('playlist')) {
    const hits = byName([...w.playlists.values()].filter((p) => p.public && matches(p.name)));
    out['playlists'] = paging(base, hits, page, (p) => playlistObject(c.link, w, p, false), extra);
  }
  return json(200, out);
}
