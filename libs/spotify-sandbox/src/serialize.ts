/** Spotify Web API JSON shapes (as in Spotify's OpenAPI document) built from the internal model. */
import { createHash } from 'node:crypto';
import type { World } from './catalog';
import { Album, Artist, must, Play, PlayContext, Playlist, PlaylistEntry, Track, User } from './model';

export type Json = Record<string, unknown>;

const MARKETS = ['DE', 'FR', 'GB', 'NL', 'SE', 'US'];

/** Where links point: `publicUrl` is origin + basePath of the sandbox. */
export interface LinkContext {
  publicUrl: string;
}

const api = (l: LinkContext) => `${l.publicUrl}/v1`;
const open = (type: string, id: string) => ({ spotify: `https://open.spotify.com/${type}/${id}` });

export function images(l: LinkContext, id: string, sizes: number[] = [640, 300, 64]): Json[] {
  return sizes.map((size) => ({
    url: `${l.publicUrl}/_sandbox/images/${id}/${size}.svg`,
    height: size,
    width: size,
  }));
}

export function simplifiedArtist(l: LinkContext, a: Artist): Json {
  return {
    external_urls: open('artist', a.id),
    href: `${api(l)}/artists/${a.id}`,
    id: a.id,
    name: a.name,
    type: 'artist',
    uri: `spotify:artist:${a.id}`,
  };
}

export function artistObject(l: LinkContext, a: Artist): Json {
  return {
    external_urls: open('artist', a.id),
    followers: { href: null, total: a.followers },
    genres: a.genres,
    href: `${api(l)}/artists/${a.id}`,
    id: a.id,
    images: images(l, a.id, [640, 320, 160]),
    name: a.name,
    popularity: a.popularity,
    type: 'artist',
    uri: `spotify:artist:${a.id}`,
  };
}

function artistsOf(l: LinkContext, w: World, ids: string[]): Json[] {
  return ids.map((id) => simplifiedArtist(l, must(w.artists.get(id))));
}

export function simplifiedAlbum(l: LinkContext, w: World, a: Album): Json {
  return {
    album_type: a.albumType,
    total_tracks: a.trackIds.length,
    available_markets: MARKETS,
    external_urls: open('album', a.id),
    href: `${api(l)}/albums/${a.id}`,
    id: a.id,
    images: images(l, a.id),
    name: a.name,
    release_date: a.releaseDate,
    release_date_precision: 'day',
    type: 'album',
    uri: `spotify:album:${a.id}`,
    artists: artistsOf(l, w, a.artistIds),
  };
}

export function simplifiedTrack(l: LinkContext, w: World, t: Track): Json {
  return {
    artists: artistsOf(l, w, t.artistIds),
    available_markets: MARKETS,
    disc_number: t.discNumber,
    duration_ms: t.durationMs,
    explicit: t.explicit,
    external_urls: open('track', t.id),
    href: `${api(l)}/tracks/${t.id}`,
    id: t.id,
    name: t.name,
    preview_url: null,
    track_number: t.trackNumber,
    type: 'track',
    uri: `spotify:track:${t.id}`,
    is_local: false,
  };
}

export function trackObject(l: LinkContext, w: World, t: Track): Json {
  return {
    album: simplifiedAlbum(l, w, must(w.albums.get(t.albumId))),
    artists: artistsOf(l, w, t.artistIds),
    available_markets: MARKETS,
    disc_number: t.discNumber,
    duration_ms: t.durationMs,
    explicit: t.explicit,
    external_ids: { isrc: t.isrc },
    external_urls: open('track', t.id),
    href: `${api(l)}/tracks/${t.id}`,
    id: t.id,
    is_local: false,
    name: t.name,
    popularity: t.popularity,
    preview_url: null,
    track_number: t.trackNumber,
    type: 'track',
    uri: `spotify:track:${t.id}`,
  };
}

export interface PageParams {
  offset: number;
  limit: number;
}

/** A Spotify paging object; `base` is the endpoint URL without offset/limit. */
export function paging<T>(
  base: string,
  all: T[],
  p: PageParams,
  map: (item: T) => unknown,
  extra = '',
): Json {
  const pageUrl = (offset: number) => `${base}?offset=${offset}&limit=${p.limit}${extra}`;
  const slice = all.slice(p.offset, p.offset + p.limit);
  return {
    href: pageUrl(p.offset),
    items: slice.map(map),
    limit: p.limit,
    next: p.offset + p.limit < all.length ? pageUrl(p.offset + p.limit) : null,
    offset: p.offset,
    previous: p.offset > 0 ? pageUrl(Math.max(0, p.offset - p.limit)) : null,
    total: all.length,
  };
}

export function albumObject(l: LinkContext, w: World, a: Album): Json {
  const year = a.releaseDate.slice(0, 4);
  const tracks = a.trackIds.map((id) => must(w.tracks.get(id)));
  return {
    ...simplifiedAlbum(l, w, a),
    tracks: paging(`${api(l)}/albums/${a.id}/tracks`, tracks, { offset: 0, limit: 50 }, (t) =>
      simplifiedTrack(l, w, t),
    ),
    copyrights: [
      { text: `© ${year} ${a.label}`, type: 'C' },
      { text: `℗ ${year} ${a.label}`, type: 'P' },
    ],
    external_ids: { upc: a.upc },
    genres: [],
    label: a.label,
    popularity: a.popularity,
  };
}

export function userLink(l: LinkContext, u: User): Json {
  return {
    external_urls: open('user', u.id),
    href: `${api(l)}/users/${u.id}`,
    id: u.id,
    type: 'user',
    uri: `spotify:user:${u.id}`,
  };
}

/** GET /me in development mode (2026): no country, email, product, followers, explicit_content. */
export function privateUser(l: LinkContext, u: User): Json {
  return {
    account_id: u.accountId,
    display_name: u.displayName,
    external_urls: open('user', u.id),
    href: `${api(l)}/users/${u.id}`,
    id: u.id,
    images: u.hasImage ? images(l, u.id, [300, 64]) : [],
    type: 'user',
    uri: `spotify:user:${u.id}`,
  };
}

/** Spotify-like snapshot id: base64 of a version counter and a digest of the track list. */
export function snapshotId(p: Playlist): string {
  const digest = createHash('sha256')
    .update(`${p.id}:${p.version}:${p.entries.map((e) => e.trackId).join(',')}`)
    .digest();
  const version = Buffer.alloc(4);
  version.writeUInt32BE(p.version);
  return Buffer.concat([version, digest.subarray(0, 20)]).toString('base64');
}

export function playlistEntry(l: LinkContext, w: World, e: PlaylistEntry, field: 'item' | 'track'): Json {
  const addedBy = w.users.get(e.addedBy);
  return {
    added_at: iso(e.addedAt).replace(/\.\d{3}Z$/, 'Z'),
    added_by: addedBy ? userLink(l, addedBy) : null,
    is_local: false,
    [field]: trackObject(l, w, must(w.tracks.get(e.trackId))),
  };
}

export function playlistObject(l: LinkContext, w: World, p: Playlist, withItems: boolean): Json {
  const owner = must(w.users.get(p.ownerId));
  const base = `${api(l)}/playlists/${p.id}`;
  const page = { offset: 0, limit: 100 };
  return {
    collaborative: p.collaborative,
    description: p.description,
    external_urls: open('playlist', p.id),
    href: base,
    id: p.id,
    images: images(l, p.id, [640]),
    name: p.name,
    owner: { ...userLink(l, owner), display_name: owner.displayName },
    public: p.public,
    snapshot_id: snapshotId(p),
    items: withItems
      ? paging(`${base}/items`, p.entries, page, (e) => playlistEntry(l, w, e, 'item'))
      : { href: `${base}/items`, total: p.entries.length },
    tracks: withItems
      ? paging(`${base}/tracks`, p.entries, page, (e) => playlistEntry(l, w, e, 'track'))
      : { href: `${base}/tracks`, total: p.entries.length },
    type: 'playlist',
    uri: `spotify:playlist:${p.id}`,
  };
}

export function contextObject(l: LinkContext, c: PlayContext): Json {
  const [, kind = c.type, id = ''] = c.uri.split(':');
  const plural =
    kind === 'playlist' ? 'playlists' : kind === 'album' ? 'albums' : kind === 'artist' ? 'artists' : kind;
  return {
    type: c.type,
    href: `${api(l)}/${plural}/${id}`,
    external_urls: open(kind, id),
    uri: c.uri,
  };
}

export function playHistory(l: LinkContext, w: World, p: Play): Json {
  return {
    track: trackObject(l, w, must(w.tracks.get(p.trackId))),
    played_at: iso(p.playedAt),
    context: p.context ? contextObject(l, p.context) : null,
  };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
