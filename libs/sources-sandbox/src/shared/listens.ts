/**
 * The listens a Last.fm or ListenBrainz sandbox user has: added through the control API or mirrored from the
 * Spotify sandbox. Times are epoch ms on the sandbox clock.
 */
export interface StoredListen {
  /** When playback started (Last.fm's date.uts, ListenBrainz's listened_at). */
  startedAt: number;
  /** When the service shows it: Last.fm after half the track or 4 minutes, ListenBrainz when submitted. */
  visibleAt: number;
  /** When playback ends (now playing until then); equal to startedAt when unknown. */
  endsAt: number;
  artistName: string;
  trackName: string;
  albumName: string;
  durationMs: number | null;
  /** open.spotify.com track URL, when the scrobbler sent one (ListenBrainz). */
  spotifyUrl: string | null;
  isrc: string | null;
  /** The Spotify track it mirrors (not shown; for the sandbox's own log). */
  spotifyTrackId: string | null;
  /** How the names differ from Spotify's (variants.ts), or 'control' for listens added by hand. */
  variant: string;
  /** Stable per listen: mbids, msids. */
  key: string;
  /** ListenBrainz extras (submission client, music service …); null for Last.fm. */
  extras: Record<string, unknown> | null;
}

export interface SourceUser {
  name: string;
  /** The Spotify sandbox user whose plays this user scrobbles, if any. */
  spotifyUserId: string | null;
  listens: StoredListen[];
}

/** Users by case-insensitive name (both services treat user names so), listens kept sorted by start. */
export class ListenStore {
  private users = new Map<string, SourceUser>();

  clear(): void {
    this.users = new Map();
  }

  all(): SourceUser[] {
    return [...this.users.values()];
  }

  get(name: string): SourceUser | undefined {
    return this.users.get(name.toLowerCase());
  }

  add(name: string, spotifyUserId: string | null): SourceUser {
    const user: SourceUser = { name, spotifyUserId, listens: [] };
    this.users.set(name.toLowerCase(), user);
    return user;
  }

  remove(name: string): void {
    this.users.delete(name.toLowerCase());
  }

  bySpotifyUser(spotifyUserId: string): SourceUser[] {
    return this.all().filter((u) => u.spotifyUserId === spotifyUserId);
  }

  /** Keeps the list sorted by start; a listen with the key of one already there is not added again. */
  insert(user: SourceUser, listen: StoredListen): void {
    const list = user.listens;
    let i = list.length;
    while (i > 0 && list[i - 1].startedAt > listen.startedAt) i--;
    for (let j = i - 1; j >= 0 && list[j].startedAt === listen.startedAt; j--) {
      if (list[j].key === listen.key) return;
    }
    list.splice(i, 0, listen);
    if (list.length > 20_000) list.splice(0, list.length - 20_000);
  }

  /** Listens shown at `now`, oldest first. */
  visible(user: SourceUser, now: number): StoredListen[] {
    return user.listens.filter((l) => l.visibleAt <= now);
  }
}

/** ISO date-time, epoch ms or unix seconds (a number below 10^11 or a digit string) → epoch ms. */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string' && value.trim() !== '') {
    if (/^\d+$/.test(value.trim())) return parseTimestamp(Number(value.trim()));
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}
