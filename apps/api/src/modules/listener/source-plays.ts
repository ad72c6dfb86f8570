import type { PlayOrigin } from './play.entity';

/**
 * Plays reported by listening sources other than Spotify (Last.fm, ListenBrainz): what a source module hands
 * to `ingestSourcePlays`, and the matching rules' constants (docs/listeners.md, "Matching").
 */

/** Plays from another source than Spotify. */
export type SourceOrigin = Exclude<PlayOrigin, 'spotify'>;

/** One play as Last.fm or ListenBrainz report it (the source module turns their payloads into these). */
export interface SourcePlay {
  /** When playback started, unix ms (Last.fm `date.uts`, ListenBrainz `listened_at`). */
  startedAtMs: number;
  artistName: string;
  trackName: string;
  albumName: string | null;
  /** The recording's length when the source says (ListenBrainz `duration_ms`); the match's is preferred. */
  durationMs: number | null;
  /** A Spotify track id, when the source carries one (ListenBrainz `spotify_id`, sometimes). */
  spotifyTrackId: string | null;
  isrc: string | null;
}

/** How sure each way of matching is: a factor of the attribution score (docs/listeners.md, "Matching"). */
export const MATCH_CONFIDENCE = {
  spotify_id: 1,
  isrc: 0.95,
  /** Artist, title and album all match. */
  name_album: 0.9,
  /** Artist and title match; the album does not, or the source named none. */
  name: 0.8,
} as const;

/** Two reports of one track are the same play when their starts are within its duration plus this. */
export const SAME_PLAY_SLACK_MS = 60_000;
