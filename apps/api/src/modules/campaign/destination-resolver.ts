import type { DestinationType } from './campaign.entity';

export interface ResolvedDestination {
  type: DestinationType;
  id: string;
  name: string;
  imageUrl: string | null;
  ownerName: string | null;
  /** Playlists only: the snapshot the tracks were read from. */
  snapshotId: string | null;
  /**
   * The target track set; `addedAt` is when the track entered the playlist (null: unknown / always). Empty for
   * an artist: their set is every track by them (`ARTIST_TRACK_RULE`), kept by the campaign module.
   */
  tracks: Array<{ trackId: string; addedAt: Date | null }>;
}

/**
 * Turns what an owner pasted into a usable destination through Spotify. Implemented by the Spotify
 * module; throws DomainErrors (422 for unusable destinations, 503 when Spotify is unreachable).
 */
export abstract class DestinationResolver {
  /** Which destination a pasted link names, without reading the catalog (short links are followed). */
  abstract identify(input: string): Promise<{ type: DestinationType; id: string }>;

  /** Parses and resolves a pasted link (URL, URI or short link), reading the target track set. */
  abstract resolve(input: string, ownerId: string): Promise<ResolvedDestination>;

  /** The playlist's current snapshot_id, to notice edits without reading every track. */
  abstract playlistSnapshot(playlistId: string, ownerId: string): Promise<string>;
}

/**
 * The rule for an artist destination: every track whose artists include them, decided from the play's track
 * (documented in docs/campaigns.md). Top tracks are gone for development-mode apps since February 2026.
 */
export const ARTIST_TRACK_RULE = 'any-track-by-artist';
