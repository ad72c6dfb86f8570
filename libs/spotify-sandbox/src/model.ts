/** The sandbox's internal data model (not Spotify's JSON shapes: see serialize.ts for those). */

export interface Artist {
  id: string;
  name: string;
  genres: string[];
  popularity: number;
  followers: number;
}

export type AlbumType = 'album' | 'single' | 'compilation';

export interface Album {
  id: string;
  name: string;
  albumType: AlbumType;
  artistIds: string[];
  trackIds: string[];
  releaseDate: string;
  label: string;
  popularity: number;
  upc: string;
}

export interface Track {
  id: string;
  name: string;
  albumId: string;
  artistIds: string[];
  durationMs: number;
  trackNumber: number;
  discNumber: number;
  explicit: boolean;
  popularity: number;
  isrc: string;
}

export type ContextType = 'playlist' | 'album' | 'artist' | 'liked';

/** Listening habits of a simulated listener. */
export interface ListenerProfile {
  sessionsPerDay: number;
  meanSessionTracks: number;
  skipRate: number;
  /** Active hours, UTC, [start, end): sessions only start inside. */
  activeFromHour: number;
  activeToHour: number;
  weights: Record<ContextType, number>;
  /** Probability that a playlist context is reported with type "playlist_v2". */
  playlistV2Rate: number;
  favoriteArtistIds: string[];
  playlistIds: string[];
}

export interface User {
  id: string;
  accountId: string;
  displayName: string;
  kind: 'label' | 'listener' | 'custom';
  hasImage: boolean;
  likedTrackIds: string[];
  savedAlbumIds: string[];
  followedArtistIds: string[];
  followedPlaylistIds: string[];
  /** Present for users the simulation drives. */
  profile: ListenerProfile | null;
}

export interface PlaylistEntry {
  trackId: string;
  addedAt: number;
  addedBy: string;
}

export interface Playlist {
  id: string;
  name: string;
  description: string;
  ownerId: string;
  public: boolean;
  collaborative: boolean;
  collaboratorIds: string[];
  entries: PlaylistEntry[];
  version: number;
}

export interface PlayContext {
  type: string;
  uri: string;
}

export interface Play {
  trackId: string;
  playedAt: number;
  context: PlayContext | null;
}

/** One listening event of the simulation, including skips that never reach recently-played. */
export interface ListeningEvent {
  trackId: string;
  startedAt: number;
  endedAt: number;
  msPlayed: number;
  skipped: boolean;
  context: PlayContext | null;
  sessionId: number;
}

export const SPOTIFY_ID_RE = /^[0-9A-Za-z]{22}$/;
export const EDITORIAL_PREFIX = '37i9dQZF';

export interface SpotifyRef {
  type: string;
  id: string;
}

/** Parses `spotify:type:id` or `https://open.spotify.com[/intl-xx]/type/id[?…]`. */
export function parseSpotifyRef(input: string): SpotifyRef | null {
  const uri = /^spotify:([a-z]+):([^:]+)$/.exec(input);
  if (uri) return { type: uri[1], id: uri[2] };
  try {
    const url = new URL(input);
    if (url.protocol !== 'https:' || url.hostname !== 'open.spotify.com') return null;
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0]?.startsWith('intl-')) parts.shift();
    if (parts.length !== 2) return null;
    return { type: parts[0], id: parts[1] };
  } catch {
    return null;
  }
}

export class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

/** Unwraps a value the sandbox's own invariants guarantee (ids taken from its own world). */
export function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`Sandbox invariant broken: missing ${what}`);
  return value;
}
