/**
 * The sample catalog as a newcomer sees it: what a campaign can be made of in sandbox mode (the public
 * playlists, the albums, tracks and artists), each with the open.spotify.com link to paste and, for a
 * playlist, who may read its items (Spotify shows them only to the owner and collaborators).
 */
import type { World } from './catalog';

export type SampleKind = 'playlist' | 'album' | 'track' | 'artist';

export interface SampleUser {
  /** The sandbox user id (what the consent page's radio buttons carry). */
  id: string;
  /** The account id Spotify's /me answers as account_id (what an app stores for a connected account). */
  accountId: string;
  displayName: string;
}

export interface SandboxSample {
  kind: SampleKind;
  id: string;
  name: string;
  /** The artists of an album or track; the owner's name for a playlist; empty for an artist. */
  byline: string;
  /** The link to paste: https://open.spotify.com/{kind}/{id}. */
  link: string;
  /** Playlists only: the owner and collaborators, who alone may read its items. */
  owner?: SampleUser;
  collaborators?: SampleUser[];
}

const KIND_ORDER: Record<SampleKind, number> = { playlist: 0, album: 1, artist: 2, track: 3 };

/**
 * The samples, playlists first, then albums, artists and tracks, each kind by name. Private playlists are
 * left out: Spotify answers 404 for them to an app token, so they cannot be a campaign's destination.
 */
export function listSamples(world: World): SandboxSample[] {
  const user = (id: string): SampleUser => {
    const u = world.users.get(id);
    return { id, accountId: u?.accountId ?? id, displayName: u?.displayName ?? id };
  };
  const artistNames = (ids: string[]) =>
    ids
      .map((id) => world.artists.get(id)?.name)
      .filter(Boolean)
      .join(', ');
  const link = (kind: SampleKind, id: string) => `https://open.spotify.com/${kind}/${id}`;
  const samples: SandboxSample[] = [];
  for (const p of world.playlists.values()) {
    if (!p.public) continue;
    const owner = user(p.ownerId);
    samples.push({
      kind: 'playlist',
      id: p.id,
      name: p.name,
      byline: owner.displayName,
      link: link('playlist', p.id),
      owner,
      collaborators: p.collaboratorIds.map(user),
    });
  }
  for (const a of world.albums.values())
    samples.push({
      kind: 'album',
      id: a.id,
      name: a.name,
      byline: artistNames(a.artistIds),
      link: link('album', a.id),
    });
  for (const a of world.artists.values())
    samples.push({ kind: 'artist', id: a.id, name: a.name, byline: '', link: link('artist', a.id) });
  for (const t of world.tracks.values())
    samples.push({
      kind: 'track',
      id: t.id,
      name: t.name,
      byline: artistNames(t.artistIds),
      link: link('track', t.id),
    });
  return samples.sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name, 'en'),
  );
}

/** Whether the sandbox knows the item at all (private playlists included). */
export function hasSample(world: World, kind: string, id: string): boolean {
  switch (kind) {
    case 'playlist':
      return world.playlists.has(id);
    case 'album':
      return world.albums.has(id);
    case 'track':
      return world.tracks.has(id);
    case 'artist':
      return world.artists.has(id);
    default:
      return false;
  }
}
