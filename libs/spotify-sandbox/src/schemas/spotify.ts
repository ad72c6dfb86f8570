/**
 * Response shapes of the emulated endpoints, transcribed from Spotify's OpenAPI document (mid-2026) with the
 * development-mode (2026) restrictions from FACTS.md. Strict: every field Spotify documents for the object is
 * required, and nothing undocumented is allowed.
 */
import { Schema, strictObject } from './validator';

const str: Schema = { type: 'string' };
const nullableStr: Schema = { type: 'string', nullable: true };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };
const url: Schema = { type: 'string', format: 'uri' };
const nullableUrl: Schema = { type: 'string', format: 'uri', nullable: true };
const dateTime: Schema = { type: 'string', format: 'date-time' };
export const spotifyId: Schema = { type: 'string', pattern: /^[0-9A-Za-z]{22}$/ };
const uriOf = (type: string): Schema => ({
  type: 'string',
  pattern: new RegExp(`^spotify:${type}:[0-9A-Za-z]+$`),
});
const openUrl = (type: string): Schema =>
  strictObject({
    spotify: { type: 'string', pattern: new RegExp(`^https://open\\.spotify\\.com/${type}/[0-9A-Za-z]+$`) },
  });
const arrayOf = (items: Schema, extra: { minItems?: number; maxItems?: number } = {}): Schema => ({
  type: 'array',
  items,
  ...extra,
});

export const ImageObject = strictObject({
  url,
  height: { type: 'integer', nullable: true },
  width: { type: 'integer', nullable: true },
});

export const SimplifiedArtistObject = strictObject({
  external_urls: openUrl('artist'),
  href: url,
  id: spotifyId,
  name: str,
  type: { type: 'string', enum: ['artist'] },
  uri: uriOf('artist'),
});

export const ArtistObject = strictObject({
  external_urls: openUrl('artist'),
  followers: strictObject({ href: nullableStr, total: int }),
  genres: arrayOf(str),
  href: url,
  id: spotifyId,
  images: arrayOf(ImageObject),
  name: str,
  popularity: { type: 'integer', minimum: 0, maximum: 100 },
  type: { type: 'string', enum: ['artist'] },
  uri: uriOf('artist'),
});

const albumBase = {
  album_type: { type: 'string', enum: ['album', 'single', 'compilation'] },
  total_tracks: { type: 'integer', minimum: 1 },
  available_markets: arrayOf(str),
  external_urls: openUrl('album'),
  href: url,
  id: spotifyId,
  images: arrayOf(ImageObject),
  name: str,
  release_date: { type: 'string', pattern: /^\d{4}(-\d{2}(-\d{2})?)?$/ },
  release_date_precision: { type: 'string', enum: ['year', 'month', 'day'] },
  type: { type: 'string', enum: ['album'] },
  uri: uriOf('album'),
  artists: arrayOf(SimplifiedArtistObject, { minItems: 1 }),
} as const satisfies Record<string, Schema>;

export const SimplifiedAlbumObject = strictObject(albumBase);

const durationMs: Schema = { type: 'integer', minimum: 120_000, maximum: 360_000 };

export const SimplifiedTrackObject = strictObject({
  artists: arrayOf(SimplifiedArtistObject, { minItems: 1 }),
  available_markets: arrayOf(str),
  disc_number: { type: 'integer', minimum: 1 },
  duration_ms: durationMs,
  explicit: bool,
  external_urls: openUrl('track'),
  href: url,
  id: spotifyId,
  name: str,
  preview_url: nullableUrl,
  track_number: { type: 'integer', minimum: 1 },
  type: { type: 'string', enum: ['track'] },
  uri: uriOf('track'),
  is_local: bool,
});

export const TrackObject = strictObject({
  album: SimplifiedAlbumObject,
  artists: arrayOf(SimplifiedArtistObject, { minItems: 1 }),
  available_markets: arrayOf(str),
  disc_number: { type: 'integer', minimum: 1 },
  duration_ms: durationMs,
  explicit: bool,
  external_ids: strictObject({ isrc: str }),
  external_urls: openUrl('track'),
  href: url,
  id: spotifyId,
  is_local: bool,
  name: str,
  popularity: { type: 'integer', minimum: 0, maximum: 100 },
  preview_url: nullableUrl,
  track_number: { type: 'integer', minimum: 1 },
  type: { type: 'string', enum: ['track'] },
  uri: uriOf('track'),
});

/** A Spotify paging object of the given items. */
export function PagingObject(items: Schema, maxLimit = 50): Schema {
  return strictObject({
    href: url,
    items: arrayOf(items),
    limit: { type: 'integer', minimum: 1, maximum: maxLimit },
    next: nullableUrl,
    offset: { type: 'integer', minimum: 0 },
    previous: nullableUrl,
    total: { type: 'integer', minimum: 0 },
  });
}

export const AlbumObject = strictObject({
  ...albumBase,
  tracks: PagingObject(SimplifiedTrackObject),
  copyrights: arrayOf(strictObject({ text: str, type: { type: 'string', enum: ['C', 'P'] } })),
  external_ids: strictObject({ upc: str }, ['upc']),
  genres: arrayOf(str, { maxItems: 0 }),
  label: str,
  popularity: { type: 'integer', minimum: 0, maximum: 100 },
});

export const PlaylistUserObject = strictObject({
  external_urls: openUrl('user'),
  href: url,
  id: str,
  type: { type: 'string', enum: ['user'] },
  uri: uriOf('user'),
});

export const PlaylistOwnerObject = strictObject({
  external_urls: openUrl('user'),
  href: url,
  id: str,
  type: { type: 'string', enum: ['user'] },
  uri: uriOf('user'),
  display_name: nullableStr,
});

/** /playlists/{id}/items entries carry `item`. */
export const PlaylistItemObject = strictObject({
  added_at: { type: 'string', format: 'date-time', nullable: true },
  added_by: { ...PlaylistUserObject, nullable: true } as Schema,
  is_local: bool,
  item: TrackObject,
});

/** Legacy /playlists/{id}/tracks entries carry `track`. */
export const PlaylistTrackObject = strictObject({
  added_at: { type: 'string', format: 'date-time', nullable: true },
  added_by: { ...PlaylistUserObject, nullable: true } as Schema,
  is_local: bool,
  track: TrackObject,
});

const PlaylistTracksRefObject = strictObject({ href: url, total: int });

export const PlaylistObject = strictObject({
  collaborative: bool,
  description: nullableStr,
  external_urls: openUrl('playlist'),
  href: url,
  id: spotifyId,
  images: arrayOf(ImageObject),
  name: str,
  owner: PlaylistOwnerObject,
  public: bool,
  snapshot_id: { type: 'string', pattern: /^[A-Za-z0-9+/=]{16,}$/ },
  items: { oneOf: [PagingObject(PlaylistItemObject, 100), PlaylistTracksRefObject] },
  tracks: { oneOf: [PagingObject(PlaylistTrackObject, 100), PlaylistTracksRefObject] },
  type: { type: 'string', enum: ['playlist'] },
  uri: uriOf('playlist'),
});

/** GET /me in development mode (2026): no country, email, product, followers, explicit_content. */
export const PrivateUserObjectDevMode = strictObject({
  account_id: str,
  display_name: nullableStr,
  external_urls: openUrl('user'),
  href: url,
  id: str,
  images: arrayOf(ImageObject),
  type: { type: 'string', enum: ['user'] },
  uri: uriOf('user'),
});

export const ContextObject: Schema = {
  ...strictObject({
    type: { type: 'string', enum: ['playlist', 'playlist_v2', 'album', 'artist', 'show', 'collection'] },
    href: url,
    external_urls: strictObject({ spotify: { type: 'string', pattern: /^https:\/\/open\.spotify\.com\// } }),
    uri: { type: 'string', pattern: /^spotify:[a-z]+:[0-9A-Za-z]+$/ },
  }),
  nullable: true,
} as Schema;

export const PlayHistoryObject = strictObject({
  track: TrackObject,
  played_at: dateTime,
  context: ContextObject,
});

export const CursorPagingPlayHistoryObject = strictObject({
  href: url,
  items: arrayOf(PlayHistoryObject, { maxItems: 50 }),
  limit: { type: 'integer', minimum: 1, maximum: 50 },
  next: nullableUrl,
  cursors: strictObject({
    after: { type: 'string', pattern: /^\d+$/, nullable: true },
    before: { type: 'string', pattern: /^\d+$/, nullable: true },
  }),
  total: { type: 'integer', minimum: 0, maximum: 50 },
});

export const ArtistTopTracks = strictObject({ tracks: arrayOf(TrackObject, { maxItems: 10 }) });

export const ArrayOfBooleans = arrayOf(bool);

/** {"error":{"status":N,"message":"…"}} (429 and 403 may add reason). */
export const WebApiError = strictObject({
  error: strictObject(
    { status: { type: 'integer', minimum: 400, maximum: 599 }, message: str, reason: str },
    ['reason'],
  ),
});

/** Accounts errors: {"error":"invalid_grant","error_description":"…"}. */
export const AccountsError = strictObject({
  error: {
    type: 'string',
    enum: ['invalid_grant', 'invalid_client', 'invalid_request', 'unsupported_grant_type', 'server_error'],
  },
  error_description: str,
});

const tokenType: Schema = { type: 'string', enum: ['Bearer'] };
const opaqueToken: Schema = { type: 'string', pattern: /^[A-Za-z0-9_-]{40,}$/ };

export const AuthorizationCodeTokenResponse = strictObject({
  access_token: opaqueToken,
  token_type: tokenType,
  scope: str,
  expires_in: { type: 'integer', minimum: 1 },
  refresh_token: opaqueToken,
});

export const RefreshTokenResponse = strictObject(
  {
    access_token: opaqueToken,
    token_type: tokenType,
    scope: str,
    expires_in: { type: 'integer', minimum: 1 },
    refresh_token: opaqueToken,
  },
  ['refresh_token'],
);

export const ClientCredentialsTokenResponse = strictObject({
  access_token: opaqueToken,
  token_type: tokenType,
  expires_in: { type: 'integer', minimum: 1 },
});
