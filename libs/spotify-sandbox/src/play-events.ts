/**
 * The play hook: every listen the sandbox creates (simulated, scheduled through /listen or added through the
 * control API), announced once with what another service would learn about it. The Last.fm and ListenBrainz
 * sandboxes subscribe to it, so a simulated listener who "scrobbles" shows the same plays there; nothing here
 * knows about them (the coupling goes one way).
 */
import type { World } from './catalog';
import type { ListeningEvent } from './model';

export interface PlayEvent {
  /** The Spotify sandbox user id. */
  userId: string;
  trackId: string;
  trackName: string;
  /** The track's artists, main artist first. */
  artistNames: string[];
  albumName: string;
  isrc: string;
  durationMs: number;
  /** Epoch ms when playback started (what Last.fm and ListenBrainz timestamp a listen with). */
  startedAt: number;
  /** Epoch ms when it stopped (Spotify's played_at). May lie ahead of the clock for scheduled listens. */
  endedAt: number;
  msPlayed: number;
  /** Stopped before 30 s: never in recently-played (scrobblers drop it too). */
  skipped: boolean;
}

export type PlayListener = (event: PlayEvent) => void;

export class PlayEvents {
  private readonly listeners = new Set<PlayListener>();

  subscribe(listener: PlayListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get active(): boolean {
    return this.listeners.size > 0;
  }

  emit(world: World, userId: string, e: ListeningEvent): void {
    if (this.listeners.size === 0) return;
    const event = playEvent(world, userId, e);
    if (!event) return;
    for (const listener of this.listeners) listener(event);
  }
}

/** What another service learns about a listen; null for a track the world does not have. */
export function playEvent(world: World, userId: string, e: ListeningEvent): PlayEvent | null {
  const track = world.tracks.get(e.trackId);
  if (!track) return null;
  return {
    userId,
    trackId: track.id,
    trackName: track.name,
    artistNames: track.artistIds.map((id) => world.artists.get(id)?.name ?? ''),
    albumName: world.albums.get(track.albumId)?.name ?? '',
    isrc: track.isrc,
    durationMs: track.durationMs,
    startedAt: e.startedAt,
    endedAt: e.endedAt,
    msPlayed: e.msPlayed,
    skipped: e.skipped,
  };
}
