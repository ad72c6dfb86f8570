/**
 * What the Spotify client hands to the rest of Soundlink: normalised, typed shapes (camelCase, Dates,
 * ids taken from URIs when missing). The raw Web API JSON never leaves the spotify module.
 */
import type { SpotifyLinkType } from './spotify-link.parser';

/** Tokens of one Spotify user, as stored by the listener/owner modules. */
export interface SpotifyTokenSet {
  accessToken: string;
  /** The old one is kept when Spotify's refresh answer carries none. */
  refreshToken: string;
  expiresAt: Date;
  /** Granted scopes, space-separated, when Spotify says. */
  scope?: string;
}

/**
 * A user's token pair given to a client call. On a refresh (proactive, or after a 401) the client updates
 * this object in place. With `renew`, the token owner refreshes (the client asks it for the tokens to use
 * instead of `accessToken`, which may come from a refresh by another process); without it the client
 * refreshes itself and calls `onRefreshed` once with the new tokens so the caller can persist them.
 */
export interface SpotifyUserAuth {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date | number;
  renew?: (usedAccessToken: string) => Promise<SpotifyTokenSet>;
  onRefreshed?: (tokens: SpotifyTokenSet) => void | Promise<void>;
}

/** Whose token a call uses: the app's (client credentials) or a user's. */
export type SpotifyAuth = 'app' | SpotifyUserAuth;

export interface SpotifyArtistRef {
  id: string;
  name: string;
}

export interface SpotifyTrack {
  id: string;
  uri: string;
  name: string;
  durationMs: number;
  artists: SpotifyArtistRef[];
  album: { id: string; name: string; imageUrl: string | null } | null;
  isrc: string | null;
  popularity: number | null;
  isLocal: boolean;
}

/** Where a play happened. `type` is normalised (`playlist_v2` → `playlist`). */
export interface SpotifyPlayContext {
  type: SpotifyLinkType | 'collection' | string;
  uri: string;
  /** The item id from the URI, when the URI names one. */
  id: string | null;
}

export interface SpotifyPlay {
  track: SpotifyTrack;
  playedAt: Date;
  playedAtMs: number;
  /** null for Liked Songs, deleted playlists and some accounts. */
  context: SpotifyPlayContext | null;
}

export interface SpotifyRecentlyPlayedPage {
  items: SpotifyPlay[];
  cursors: { after: number | null; before: number | null };
  next: string | null;
  limit: number;
}

export interface SpotifyUserProfile {
  id: string;
  /** Stable account id (2026); prefer it to `id` for linking when present. */
  accountId: string | null;
  displayName: string | null;
  imageUrl: string | null;
}

export interface SpotifyArtist {
  id: string;
  uri: string;
  name: string;
  imageUrl: string | null;
  genres: string[];
  popularity: number | null;
}

export interface SpotifyAlbum {
  id: string;
  uri: string;
  name: string;
  artists: SpotifyArtistRef[];
  imageUrl: string | null;
  totalTracks: number | null;
  releaseDate: string | null;
}

export interface SpotifyPlaylist {
  id: string;
  uri: string;
  name: string;
  ownerId: string | null;
  ownerName: string | null;
  snapshotId: string;
  public: boolean | null;
  collaborative: boolean;
  imageUrl: string | null;
  trackCount: number | null;
}

export interface SpotifyPlaylistItem {
  addedAt: Date | null;
  addedBy: string | null;
  /** null for podcast episodes and unavailable entries. */
  track: SpotifyTrack | null;
}

export interface SpotifyPage<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type SpotifyTimeRange = 'short_term' | 'medium_term' | 'long_term';
