import type { SourcePlay } from '../../listener/source-plays';
import type { ListeningSource, SourceAccount } from '../listening-source';
import { spotifyTrackIdOf } from '../source-http';
import { LB_MAX_COUNT, ListenBrainzClient, ListenBrainzListen } from './listenbrainz.client';

/**
 * Listens can be inserted late (an importer, an offline player): each poll reads again from this long before
 * the cursor. Plays read twice are stored once (ingestSourcePlays is idempotent).
 */
export const LB_OVERLAP_MS = 60 * 60_000;
/** Requests per poll at most. */
const MAX_REQUESTS = 5;

/** A listen as a SourcePlay: `listened_at` is when playback started; the ids are in additional_info. */
export function listenBrainzPlay(listen: ListenBrainzListen): SourcePlay | null {
  const meta = listen.track_metadata;
  if (typeof listen.listened_at !== 'number' || !meta?.artist_name || !meta.track_name) return null;
  const info = meta.additional_info ?? {};
  const durationMs =
    typeof info.duration_ms === 'number'
      ? info.duration_ms
      : typeof info.duration === 'number'
        ? info.duration * 1000
        : null;
  return {
    startedAtMs: listen.listened_at * 1000,
    artistName: meta.artist_name,
    trackName: meta.track_name,
    albumName: meta.release_name || null,
    durationMs,
    spotifyTrackId: spotifyTrackIdOf(info.spotify_id),
    isrc: typeof info.isrc === 'string' ? info.isrc.toUpperCase() : null,
  };
}

/**
 * ListenBrainz: the listener pastes their user token (validated with /1/validate-token, which names the
 * user), and their listens are read with `min_ts` the cursor minus an overlap, page after page.
 */
export class ListenBrainzSource implements ListeningSource {
  readonly kind = 'listenbrainz' as const;
  readonly label = 'ListenBrainz';
  readonly shares =
    'ListenBrainz shares the listens you submit or import (artist, title, release, when you started playing them, and a Spotify id or ISRC when known).';

  constructor(private readonly client: ListenBrainzClient) {}

  async prove(token: string): Promise<SourceAccount> {
    const userName = await this.client.validateToken(token.trim());
    return { accountName: userName, credential: token.trim() };
  }

  async fetchSince(account: SourceAccount, sinceMs: number, maxPlays: number): Promise<SourcePlay[]> {
    const plays: SourcePlay[] = [];
    let minTs = Math.floor((sinceMs - LB_OVERLAP_MS) / 1000);
    for (let request = 0; request < MAX_REQUESTS && plays.length < maxPlays; request++) {
      const listens = await this.client.listens(account.accountName, account.credential, minTs, LB_MAX_COUNT);
      for (const listen of listens) {
        const play = listenBrainzPlay(listen);
        if (play) plays.push(play);
        if (typeof listen.listened_at === 'number') minTs = Math.max(minTs, listen.listened_at);
      }
      if (listens.length < LB_MAX_COUNT) break;
    }
    return plays;
  }
}
