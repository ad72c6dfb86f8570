import { HistoryInvalidError } from './streaming-history.errors';

/**
 * One entry of Spotify's extended streaming history (docs/insights.md): validated, and told apart (track,
 * podcast episode, anything else). Pure.
 */

/** A track play to store: `startMs` = ts − ms_played (the history's `ts` is when playback ENDED). */
export interface HistoryPlay {
  startMs: number;
  trackId: string;
  msPlayed: number;
}

/** What the history says about a track: names only (it carries no artist or album ids). */
export interface HistoryTrack {
  id: string;
  name: string;
  artistName: string | null;
  albumName: string | null;
}

/** Spotify applies no filter; shorter plays are not counted as plays anywhere else either. */
export const MIN_PLAY_MS = 30_000;
const EARLIEST_MS = Date.UTC(2006, 0, 1);

const TRACK_URI = /^spotify:track:([0-9A-Za-z]{22})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:?\d{2})$/;

export type HistoryEntry =
  | {
      kind: 'track';
      endMs: number;
      msPlayed: number;
      trackId: string;
      name: string | null;
      artistName: string | null;
      albumName: string | null;
    }
  | { kind: 'episode'; msPlayed: number }
  | { kind: 'other'; msPlayed: number };

const optionalString = (entry: Record<string, unknown>, key: string, file: string, index: number) => {
  const value = entry[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new HistoryInvalidError(file, index, key, 'must be a string or null');
  return value;
};

/** Validates one entry of an extended streaming history and says what it is. */
export function parseHistoryEntry(
  value: unknown,
  file: string,
  index: number,
  now = Date.now(),
): HistoryEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HistoryInvalidError(file, index, null, 'is not an object');
  }
  const entry = value as Record<string, unknown>;
  if (!('ts' in entry) && 'endTime' in entry) {
    throw new HistoryInvalidError(
      file,
      index,
      null,
      'is from the basic account-data history (endTime, trackName…), which names no tracks: request the ' +
        '“Extended streaming history” from Spotify’s privacy page and upload that',
    );
  }
  const ts = entry['ts'];
  if (typeof ts !== 'string' || !ISO_INSTANT.test(ts) || !Number.isFinite(Date.parse(ts))) {
    throw new HistoryInvalidError(
      file,
      index,
      'ts',
      'must be an ISO 8601 date-time such as 2024-03-01T18:04:12Z',
    );
  }
  const endMs = Date.parse(ts);
  if (endMs < EARLIEST_MS || endMs > now + 86_400_000) {
    throw new HistoryInvalidError(file, index, 'ts', 'is not a plausible time for a play');
  }
  const msPlayed = entry['ms_played'];
  if (typeof msPlayed !== 'number' || !Number.isInteger(msPlayed) || msPlayed < 0 || msPlayed > 2 ** 31 - 1) {
    throw new HistoryInvalidError(
      file,
      index,
      'ms_played',
      'must be a whole number of milliseconds (0 or more)',
    );
  }
  if (!('spotify_track_uri' in entry)) {
    throw new HistoryInvalidError(
      file,
      index,
      'spotify_track_uri',
      'is missing (every extended-history entry has it; null for podcasts)',
    );
  }
  const uri = entry['spotify_track_uri'];
  const name = optionalString(entry, 'master_metadata_track_name', file, index);
  const artistName = optionalString(entry, 'master_metadata_album_artist_name', file, index);
  const albumName = optionalString(entry, 'master_metadata_album_album_name', file, index);
  const episodeUri = optionalString(entry, 'spotify_episode_uri', file, index);
  const episodeName = optionalString(entry, 'episode_name', file, index);
  if (uri === null) {
    return episodeUri !== null || episodeName !== null
      ? { kind: 'episode', msPlayed }
      : { kind: 'other', msPlayed };
  }
  const match = typeof uri === 'string' ? TRACK_URI.exec(uri) : null;
  if (!match) {
    throw new HistoryInvalidError(
      file,
      index,
      'spotify_track_uri',
      'must be a track URI (spotify:track: and 22 letters or digits) or null',
    );
  }
  return { kind: 'track', endMs, msPlayed, trackId: match[1] as string, name, artistName, albumName };
}

/** What a track entry of 30 s or more stores: the play, and what the entry says of its track. */
export function historyPlayOf(entry: Extract<HistoryEntry, { kind: 'track' }>): {
  play: HistoryPlay;
  track: HistoryTrack;
} {
  return {
    play: { startMs: entry.endMs - entry.msPlayed, trackId: entry.trackId, msPlayed: entry.msPlayed },
    track: {
      id: entry.trackId,
      name: (entry.name ?? '').slice(0, 500),
      artistName: entry.artistName?.slice(0, 500) || null,
      albumName: entry.albumName?.slice(0, 500) || null,
    },
  };
}
