import type { SourcePlay } from '../../listener/source-plays';
import type { ListeningSource, SourceAccount } from '../listening-source';
import { LastfmClient, LastfmTrack } from './lastfm.client';

/** Pages of 200 read per poll at most (a listener back from a long break is read over several polls). */
const MAX_PAGES = 10;

/** A scrobble as a SourcePlay: `date.uts` is when playback started; the now-playing entry has no date. */
export function lastfmPlay(track: LastfmTrack): SourcePlay | null {
  if (track['@attr']?.nowplaying === 'true' || !track.date?.uts) return null;
  const startedAtMs = Number(track.date.uts) * 1000;
  const artistName = track.artist?.['#text'] ?? track.artist?.name ?? '';
  if (!Number.isFinite(startedAtMs) || !track.name || !artistName) return null;
  return {
    startedAtMs,
    artistName,
    trackName: track.name,
    albumName: track.album?.['#text'] || null,
    durationMs: null,
    spotifyTrackId: null,
    isrc: null,
  };
}

/**
 * Last.fm: the listener allows Soundlink on Last.fm's web-authentication page (the token of the callback
 * becomes a session key), and their scrobbles are read with user.getRecentTracks `from` the cursor.
 */
export class LastfmSource implements ListeningSource {
  readonly kind = 'lastfm' as const;
  readonly label = 'Last.fm';
  readonly shares =
    'Last.fm shares the tracks you scrobble (artist, title, album, when you started playing them).';

  constructor(private readonly client: LastfmClient) {}

  async prove(token: string): Promise<SourceAccount> {
    const session = await this.client.getSession(token);
    return { accountName: session.name, credential: session.key };
  }

  /**
   * Pages come newest first. When more pages than a poll reads are waiting, the oldest ones are read (and
   * the first page dropped), so the cursor moves forward without skipping plays; the next poll goes on.
   */
  async fetchSince(account: SourceAccount, sinceMs: number, maxPlays: number): Promise<SourcePlay[]> {
    const fromS = Math.floor(sinceMs / 1000);
    const read = (page: number) =>
      this.client.recentTracks(account.accountName, account.credential, fromS, page);
    const first = await read(1);
    const pages =
      first.totalPages <= MAX_PAGES
        ? Array.from({ length: first.totalPages - 1 }, (_, i) => i + 2)
        : Array.from({ length: MAX_PAGES }, (_, i) => first.totalPages - i);
    const plays: SourcePlay[] = [];
    const add = (tracks: LastfmTrack[]) => {
      for (const track of tracks) {
        const play = lastfmPlay(track);
        if (play) plays.push(play);
      }
    };
    if (first.totalPages <= MAX_PAGES) add(first.tracks);
    for (const page of pages) {
      if (plays.length >= maxPlays) break;
      add((await read(page)).tracks);
    }
    return plays;
  }
}
