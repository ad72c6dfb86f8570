/**
 * Turns Spotify's Web API JSON into Soundlink's typed shapes. Defensive: Spotify drops fields in
 * development mode, renames them (`items[].item` vs legacy `items[].track`) and sends odd context types
 * (`playlist_v2`), so nothing here trusts a field to exist.
 */
import type {
  SpotifyAlbum,
  SpotifyArtist,
  SpotifyArtistRef,
  SpotifyPlay,
  SpotifyPlayContext,
  SpotifyPlaylist,
  SpotifyPlaylistItem,
  SpotifyRecentlyPlayedPage,
  SpotifyTokenSet,
  SpotifyTrack,
  SpotifyUserProfile,
} from './spotify.types';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The id part of `spotify:{type}:{id}` (also legacy `spotify:user:{u}:playlist:{id}`); null when none. */
export function idFromUri(uri: string | null | undefined): string | null {
  if (!uri) return null;
  const parts = uri.split(':');
  if (parts[0] !== 'spotify' || parts.length < 3) return null;
  if (parts.length === 5 && parts[1] === 'user' && parts[3] === 'playlist') return parts[4] || null;
  return parts.length === 3 && parts[2] ? parts[2] : null;
}

/** The type part of a spotify: URI (`playlist` for legacy user playlists). */
export function typeFromUri(uri: string | null | undefined): string | null {
  if (!uri) return null;
  const parts = uri.split(':');
  if (parts[0] !== 'spotify' || parts.length < 2) return null;
  if (parts.length === 5 && parts[1] === 'user' && parts[3] === 'playlist') return 'playlist';
  if (parts[1] === 'user' && parts[parts.length - 1] === 'collection') return 'collection';
  return parts[1] || null;
}

/** `playlist_v2` and other suffixed variants → their base type; falls back to the URI's type. */
export function normalizeContextType(type: string | null, uri: string | null): string {
  const base = type?.toLowerCase().replace(/_v\d+$/, '') ?? null;
  if (base && ['playlist', 'album', 'artist', 'show', 'collection'].includes(base)) return base;
  return typeFromUri(uri) ?? base ?? 'unknown';
}

export function normalizeContext(raw: unknown): SpotifyPlayContext | null {
  const c = obj(raw);
  if (!c) return null;
  const uri = str(c['uri']);
  if (!uri) return null;
  return { type: normalizeContextType(str(c['type']), uri), uri, id: idFromUri(uri) };
}

/** Milliseconds of an ISO date-time, epoch ms number or numeric string; null when unusable. */
export function toEpochMs(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value === '') return null;
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

function firstImage(v: unknown): string | null {
  return str(obj(arr(v)[0])?.['url']);
}

function artistRefs(v: unknown): SpotifyArtistRef[] {
  return arr(v)
    .map(obj)
    .filter((a): a is Json => a !== null)
    .map((a) => ({ id: str(a['id']) ?? idFromUri(str(a['uri'])) ?? '', name: str(a['name']) ?? '' }));
}

export function normalizeTrack(raw: unknown): SpotifyTrack | null {
  const t = obj(raw);
  if (!t) return null;
  const type = str(t['type']);
  if (type && type !== 'track') return null; // podcast episodes in playlists
  const uri = str(t['uri']);
  const id = str(t['id']) ?? idFromUri(uri);
  if (!id) return null;
  const album = obj(t['album']);
  return {
    id,
    uri: uri ?? `spotify:track:${id}`,
    name: str(t['name']) ?? '',
    durationMs: num(t['duration_ms']) ?? 0,
    artists: artistRefs(t['artists']),
    album: album
      ? {
          id: str(album['id']) ?? idFromUri(str(album['uri'])) ?? '',
          name: str(album['name']) ?? '',
          imageUrl: firstImage(album['images']),
        }
      : null,
    isrc: str(obj(t['external_ids'])?.['isrc']),
    popularity: num(t['popularity']),
    isLocal: t['is_local'] === true,
  };
}

export function normalizePlay(raw: unknown): SpotifyPlay | null {
  const p = obj(raw);
  if (!p) return null;
  const track = normalizeTrack(p['track']);
  const playedAtMs = toEpochMs(p['played_at']);
  if (!track || playedAtMs === null) return null;
  return { track, playedAt: new Date(playedAtMs), playedAtMs, context: normalizeContext(p['context']) };
}

export function normalizeRecentlyPlayed(raw: unknown): SpotifyRecentlyPlayedPage {
  const body = obj(raw) ?? {};
  const cursors = obj(body['cursors']);
  return {
    items: arr(body['items'])
      .map(normalizePlay)
      .filter((p): p is SpotifyPlay => p !== null),
    cursors: { after: toEpochMs(cursors?.['after']), before: toEpochMs(cursors?.['before']) },
    next: str(body['next']),
    limit: num(body['limit']) ?? 0,
  };
}

/** One playlist entry in either shape: `{item}` (2026) or legacy `{track}`. */
export function normalizePlaylistItem(raw: unknown): SpotifyPlaylistItem | null {
  const e = obj(raw);
  if (!e) return null;
  const addedAtMs = toEpochMs(e['added_at']);
  const addedBy = obj(e['added_by']);
  return {
    addedAt: addedAtMs === null ? null : new Date(addedAtMs),
    addedBy: addedBy ? (str(addedBy['id']) ?? idFromUri(str(addedBy['uri']))) : null,
    track: normalizeTrack(e['item'] !== undefined ? e['item'] : e['track']),
  };
}

export function normalizeUser(raw: unknown): SpotifyUserProfile {
  const u = obj(raw) ?? {};
  return {
    id: str(u['id']) ?? idFromUri(str(u['uri'])) ?? '',
    accountId: str(u['account_id']),
    displayName: str(u['display_name']),
    imageUrl: firstImage(u['images']),
  };
}

export function normalizeArtist(raw: unknown): SpotifyArtist {
  const a = obj(raw) ?? {};
  const id = str(a['id']) ?? idFromUri(str(a['uri'])) ?? '';
  return {
    id,
    uri: str(a['uri']) ?? `spotify:artist:${id}`,
    name: str(a['name']) ?? '',
    imageUrl: firstImage(a['images']),
    genres: arr(a['genres']).filter((g): g is string => typeof g === 'string'),
    popularity: num(a['popularity']),
  };
}

export function normalizeAlbum(raw: unknown): SpotifyAlbum {
  const a = obj(raw) ?? {};
  const id = str(a['id']) ?? idFromUri(str(a['uri'])) ?? '';
  return {
    id,
    uri: str(a['uri']) ?? `spotify:album:${id}`,
    name: str(a['name']) ?? '',
    artists: artistRefs(a['artists']),
    imageUrl: firstImage(a['images']),
    totalTracks: num(a['total_tracks']) ?? num(obj(a['tracks'])?.['total']),
    releaseDate: str(a['release_date']),
  };
}

export function normalizePlaylist(raw: unknown): SpotifyPlaylist {
  const p = obj(raw) ?? {};
  const id = str(p['id']) ?? idFromUri(str(p['uri'])) ?? '';
  const owner = obj(p['owner']);
  return {
    id,
    uri: str(p['uri']) ?? `spotify:playlist:${id}`,
    name: str(p['name']) ?? '',
    ownerId: owner ? (str(owner['id']) ?? idFromUri(str(owner['uri']))) : null,
    ownerName: owner ? (str(owner['display_name']) ?? str(owner['id'])) : null,
    snapshotId: str(p['snapshot_id']) ?? '',
    public: typeof p['public'] === 'boolean' ? p['public'] : null,
    collaborative: p['collaborative'] === true,
    imageUrl: firstImage(p['images']),
    trackCount: num(obj(p['items'])?.['total']) ?? num(obj(p['tracks'])?.['total']),
  };
}

/** The token endpoint's answer; keeps `previousRefreshToken` when Spotify sends no new one. */
export function normalizeTokenResponse(
  raw: unknown,
  now: number,
  previousRefreshToken?: string,
): SpotifyTokenSet & { refreshTokenRotated: boolean } {
  const t = obj(raw) ?? {};
  const accessToken = str(t['access_token']);
  if (!accessToken) throw new TypeError('The token response has no access_token');
  const fresh = str(t['refresh_token']);
  const scope = str(t['scope']);
  return {
    accessToken,
    refreshToken: fresh ?? previousRefreshToken ?? '',
    refreshTokenRotated: fresh !== null && fresh !== previousRefreshToken,
    expiresAt: new Date(now + (num(t['expires_in']) ?? 3600) * 1000),
    ...(scope !== null ? { scope } : {}),
  };
}
