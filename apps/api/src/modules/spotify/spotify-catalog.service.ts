import { Inject, Injectable, Optional } from '@nestjs/common';
import { explainSandboxMiss } from './sandbox-unknown-item';
import { SpotifySandboxHost } from './spotify-sandbox-host.service';
import { SpotifyNotFoundError } from './spotify.errors';
import { SpotifyClient } from './spotify.client';
import { SPOTIFY_CLIENT_OPTIONS, SpotifyClientOptions } from './spotify-client.options';
import { LruCache } from './spotify-catalog.cache';
import { resolveSpotifyLink } from './spotify-link.resolver';
import type { SpotifyLinkType, SpotifyRef } from './spotify-link.parser';
import type { SpotifyAuth, SpotifyPlaylistItem, SpotifyTrack } from './spotify.types';

/** Spotify-owned editorial playlists answer 404 to apps since 2024/2026. */
const EDITORIAL_PREFIX = '37i9dQZF';

/** What a pasted destination turns out to be. */
export interface SpotifyDestination extends SpotifyRef {
  name: string;
  imageUrl: string | null;
  /** Playlist owner, or the artists of a track/album. */
  ownerName?: string;
  /** Tracks of a playlist or album. */
  trackCount?: number;
}

export interface CachedPlaylistItems {
  playlistId: string;
  snapshotId: string;
  items: SpotifyPlaylistItem[];
}

/**
 * Catalog look-ups with an in-memory LRU cache in front of the client: tracks by id, playlist contents by
 * (playlist id, snapshot id). An unchanged playlist costs one `fields=snapshot_id` request instead of all
 * its item pages.
 *
 * The playlist cache is keyed by playlist and snapshot only, not by user: use it with tokens that may read
 * the playlist's items (its owner or a collaborator), as Spotify itself requires.
 */
@Injectable()
export class SpotifyCatalog {
  private readonly tracks: LruCache<string, SpotifyTrack>;
  private readonly playlists: LruCache<string, CachedPlaylistItems>;

  constructor(
    private readonly client: SpotifyClient,
    @Inject(SPOTIFY_CLIENT_OPTIONS) private readonly options: SpotifyClientOptions,
    @Optional() private readonly sandboxHost?: SpotifySandboxHost,
  ) {
    this.tracks = new LruCache(options.cacheMaxTracks);
    this.playlists = new LruCache(options.cacheMaxPlaylists);
  }

  /** A track, from the cache when seen before (app token unless `auth` says otherwise). */
  async getTrack(id: string, auth: SpotifyAuth = 'app'): Promise<SpotifyTrack> {
    const cached = this.tracks.get(id);
    if (cached) return cached;
    const track = await this.client.getTrack(auth, id);
    this.tracks.set(id, track);
    return track;
  }

  /**
   * All entries of a playlist: asks Spotify for the current snapshot id first and fetches the items only
   * when that snapshot is not cached yet.
   */
  async getPlaylistItems(auth: SpotifyAuth, playlistId: string): Promise<CachedPlaylistItems> {
    const snapshotId = await this.client.getPlaylistSnapshotId(auth, playlistId);
    const key = `${playlistId}:${snapshotId}`;
    const cached = snapshotId ? this.playlists.get(key) : undefined;
    if (cached) return cached;
    const items = await this.client.getPlaylistItems(auth, playlistId);
    const entry = { playlistId, snapshotId, items };
    if (snapshotId) this.playlists.set(key, entry);
    for (const item of items) if (item.track?.album) this.tracks.set(item.track.id, item.track);
    return entry;
  }

  /**
   * Parses (and for short links resolves) what an owner pasted and describes the item with the app token.
   * Throws SpotifyLinkError (422) for unusable input, SpotifyNotFoundError (422) for items Spotify does not
   * show to apps (private or editorial playlists, unknown ids); in sandbox mode SandboxUnknownItem (422) for
   * items outside the sandbox's sample catalog (real Spotify links).
   */
  async resolveDestination(input: string): Promise<SpotifyDestination> {
    const ref = await resolveSpotifyLink(input, {
      timeoutMs: this.options.linkTimeoutMs,
      maxHops: this.options.linkMaxHops,
      fetch: this.options.linkFetch,
    });
    try {
      return await this.describe(ref);
    } catch (error) {
      throw explainSandboxMiss(error, ref, this.sandboxHost);
    }
  }

  private async describe(ref: SpotifyRef): Promise<SpotifyDestination> {
    const base = { type: ref.type as SpotifyLinkType, id: ref.id, uri: ref.uri };
    switch (ref.type) {
      case 'track': {
        const track = await this.getTrack(ref.id);
        return {
          ...base,
          name: track.name,
          imageUrl: track.album?.imageUrl ?? null,
          ownerName: track.artists.map((a) => a.name).join(', ') || undefined,
        };
      }
      case 'album': {
        const album = await this.client.getAlbum('app', ref.id);
        return {
          ...base,
          name: album.name,
          imageUrl: album.imageUrl,
          ownerName: album.artists.map((a) => a.name).join(', ') || undefined,
          trackCount: album.totalTracks ?? undefined,
        };
      }
      case 'artist': {
        const artist = await this.client.getArtist('app', ref.id);
        return { ...base, name: artist.name, imageUrl: artist.imageUrl };
      }
      case 'playlist': {
        try {
          const playlist = await this.client.getPlaylist('app', ref.id);
          return {
            ...base,
            name: playlist.name,
            imageUrl: playlist.imageUrl,
            ownerName: playlist.ownerName ?? undefined,
            trackCount: playlist.trackCount ?? undefined,
          };
        } catch (error) {
          if (error instanceof SpotifyNotFoundError) {
            throw new SpotifyNotFoundError(
              ref.id.startsWith(EDITORIAL_PREFIX)
                ? 'Spotify-owned editorial playlists are not available to apps; use one of your own playlists'
                : 'the playlist does not exist or is private; make it public or use one of your own playlists',
            );
          }
          throw error;
        }
      }
    }
  }
}
