import { Injectable } from '@nestjs/common';
import { OwnerSpotifyService, ownerSpotifyRequired } from '../owner-spotify/owner-spotify.service';
import { SpotifyCatalog } from '../spotify/spotify-catalog.service';
import { resolveSpotifyLink } from '../spotify/spotify-link.resolver';
import { SpotifyClient } from '../spotify/spotify.client';
import { SpotifyForbiddenError } from '../spotify/spotify.errors';
import { DomainError } from '../../common/errors/api-error';
import type { DestinationType } from './campaign.entity';
import { DestinationResolver, ResolvedDestination } from './destination-resolver';

export const notOwnPlaylist = () =>
  new DomainError(
    'PlaylistNotYours',
    422,
    'Your Spotify account neither owns nor collaborates on this playlist, so Spotify will not show its tracks. Use one of your playlists, or ask its owner to add you as a collaborator.',
    [{ field: 'destination', reason: 'is a playlist you neither own nor collaborate on' }],
  );

/**
 * Resolves campaign destinations through Spotify: metadata with the app token; the target track set of a
 * playlist with the owner's own token (Spotify's rule since 2026), of an album from its tracks, of a track
 * itself, and of an artist from their top tracks at the time.
 */
@Injectable()
export class SpotifyDestinationResolver extends DestinationResolver {
  constructor(
    private readonly catalog: SpotifyCatalog,
    private readonly client: SpotifyClient,
    private readonly ownerSpotify: OwnerSpotifyService,
  ) {
    super();
  }

  async identify(input: string): Promise<{ type: DestinationType; id: string }> {
    const ref = await resolveSpotifyLink(input);
    return { type: ref.type as DestinationType, id: ref.id };
  }

  async resolve(input: string, ownerId: string): Promise<ResolvedDestination> {
    const destination = await this.catalog.resolveDestination(input);
    const type = destination.type as DestinationType;
    const base = {
      type,
      id: destination.id,
      name: destination.name,
      imageUrl: destination.imageUrl,
      ownerName: destination.ownerName ?? null,
    };
    switch (type) {
      case 'track':
        return { ...base, snapshotId: null, tracks: [{ trackId: destination.id, addedAt: null }] };
      case 'album': {
        const tracks = await this.client.getAlbumTracks('app', destination.id);
        return { ...base, snapshotId: null, tracks: tracks.map((t) => ({ trackId: t.id, addedAt: null })) };
      }
      case 'artist':
        // Every track by the artist counts, decided from each play's track (its artists): no top-tracks call,
        // which a development-mode app may not make since February 2026. The campaign module opens the rows.
        return { ...base, snapshotId: null, tracks: [] };
      case 'playlist': {
        const auth = await this.ownerSpotify.auth(ownerId);
        if (!auth) throw ownerSpotifyRequired();
        try {
          const { snapshotId, items } = await this.catalog.getPlaylistItems(auth, destination.id);
          return {
            ...base,
            snapshotId,
            tracks: items.flatMap((item) =>
              item.track && !item.track.isLocal ? [{ trackId: item.track.id, addedAt: item.addedAt }] : [],
            ),
          };
        } catch (error) {
          if (error instanceof SpotifyForbiddenError) throw notOwnPlaylist();
          throw error;
        }
      }
    }
  }

  async playlistSnapshot(playlistId: string, ownerId: string): Promise<string> {
    const auth = await this.ownerSpotify.auth(ownerId);
    if (!auth) throw ownerSpotifyRequired();
    return this.client.getPlaylistSnapshotId(auth, playlistId);
  }
}
