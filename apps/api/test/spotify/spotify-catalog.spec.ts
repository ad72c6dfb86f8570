import { SpotifyForbiddenError } from '../../src/modules/spotify/spotify.errors';
import { normalizePlaylistItem } from '../../src/modules/spotify/spotify.normalizer';
import {
  calls,
  Catalog,
  catalogOf,
  clearCalls,
  clientFor,
  control,
  http,
  issueTokens,
  playlistNamed,
  StandaloneSandbox,
  startStandaloneSandbox,
  userAuth,
  userNamed,
} from './spotify-test-kit';

const PLAYLIST_SCOPES = 'playlist-read-private playlist-read-collaborative';

describe('playlists, albums and the catalog cache (sandbox over HTTP)', () => {
  let sb: StandaloneSandbox;
  let catalog: Catalog;

  beforeAll(async () => {
    sb = await startStandaloneSandbox();
    catalog = await catalogOf(sb.url);
  });
  afterAll(() => sb?.close());
  beforeEach(() => control(sb.url, 'POST', '/reset'));

  const tokensOf = async (name: string) =>
    userAuth(await issueTokens(sb.url, userNamed(catalog, name), PLAYLIST_SCOPES)).auth;

  it('reads playlist items only with the owner’s or a collaborator’s token (403 otherwise)', async () => {
    const { client } = clientFor(sb.url);
    const shared = playlistNamed(catalog, 'Ada & Grace Shared Mix');
    const owner = await client.getPlaylistItems(await tokensOf('Ada Moreno'), shared.id);
    const collaborator = await client.getPlaylistItems(await tokensOf('Grace Okoye'), shared.id);
    expect(owner.map((i) => i.track?.id)).toEqual(shared.trackIds);
    expect(collaborator).toEqual(owner);
    expect(owner.some((i) => i.addedBy === userNamed(catalog, 'Grace Okoye'))).toBe(true);

    const outsider = await client.getPlaylistItems(await tokensOf('Benji Carter'), shared.id).catch((e) => e);
    expect(outsider).toBeInstanceOf(SpotifyForbiddenError);
    expect(outsider).toMatchObject({ code: 'SpotifyForbidden', status: 422 });
    // The app token cannot read items either, even of a public playlist.
    const demo = playlistNamed(catalog, 'Nightjar Demo Campaign: Summer Singles');
    await expect(client.getPlaylistItems('app', demo.id)).rejects.toBeInstanceOf(SpotifyForbiddenError);
  });

  it('parses both playlist shapes: items[].item (2026) and legacy items[].track', async () => {
    const { client } = clientFor(sb.url);
    const classics = playlistNamed(catalog, 'Nightjar Label Classics');
    const owner = await tokensOf('Nightjar Records');
    const viaItems = await client.getPlaylistItems(owner, classics.id);
    const headers = { authorization: `Bearer ${owner.accessToken}` };
    const modern = await http<{ items: Array<Record<string, unknown>> }>(
      `${sb.url}/v1/playlists/${classics.id}/items?limit=100`,
      { headers },
    );
    const legacy = await http<{ items: Array<Record<string, unknown>> }>(
      `${sb.url}/v1/playlists/${classics.id}/tracks?limit=100`,
      { headers },
    );
    expect(Object.keys(modern.body.items[0])).toContain('item');
    expect(Object.keys(legacy.body.items[0])).toContain('track');
    expect(modern.body.items.map(normalizePlaylistItem)).toEqual(viaItems);
    expect(legacy.body.items.map(normalizePlaylistItem)).toEqual(viaItems);
    expect(viaItems.map((i) => i.track!.id)).toEqual(classics.trackIds);
  });

  it('reads every page of a long playlist and of an album', async () => {
    const { client } = clientFor(sb.url);
    const owner = await tokensOf('Nightjar Records');
    const classics = playlistNamed(catalog, 'Nightjar Label Classics');
    const more = catalog.tracks.slice(0, 100).map((t) => t.id);
    await control(sb.url, 'POST', `/playlists/${classics.id}/tracks`, { trackIds: more });
    await clearCalls(sb.url);
    const items = await client.getPlaylistItems(owner, classics.id);
    expect(items).toHaveLength(classics.trackIds.length + 100);
    expect((await calls(sb.url)).filter((c) => c.path.endsWith('/items'))).toHaveLength(2);

    const album = catalog.albums.find((a) => a.trackIds.length > 1)!;
    const tracks = await client.getAlbumTracks('app', album.id);
    expect(tracks.map((t) => t.id)).toEqual(album.trackIds);
  });

  it('does not fetch an unchanged playlist twice, and refetches after an edit', async () => {
    const { catalog: cache } = clientFor(sb.url);
    const owner = await tokensOf('Nightjar Records');
    const demo = playlistNamed(catalog, 'Nightjar Demo Campaign: Summer Singles');
    await clearCalls(sb.url);

    const first = await cache.getPlaylistItems(owner, demo.id);
    const second = await cache.getPlaylistItems(owner, demo.id);
    expect(second).toBe(first);
    const log = await calls(sb.url);
    expect(log.map((c) => `${c.path} ${c.query['fields'] ?? ''}`.trim())).toEqual([
      `/v1/playlists/${demo.id} snapshot_id`,
      `/v1/playlists/${demo.id}/items`,
      `/v1/playlists/${demo.id} snapshot_id`,
    ]);

    const added = catalog.tracks.find((t) => !demo.trackIds.includes(t.id))!;
    await control(sb.url, 'POST', `/playlists/${demo.id}/tracks`, { trackIds: [added.id] });
    await clearCalls(sb.url);
    const third = await cache.getPlaylistItems(owner, demo.id);
    expect(third.snapshotId).not.toBe(first.snapshotId);
    expect(third.items.map((i) => i.track?.id)).toEqual([...demo.trackIds, added.id]);
    expect((await calls(sb.url)).filter((c) => c.path.endsWith('/items'))).toHaveLength(1);
  });

  it('serves a track seen before from the cache', async () => {
    const { catalog: cache } = clientFor(sb.url);
    const track = catalog.tracks[3];
    await cache.getTrack(track.id);
    await clearCalls(sb.url);
    await expect(cache.getTrack(track.id)).resolves.toMatchObject({ id: track.id, name: track.name });
    expect(await calls(sb.url)).toEqual([]);
  });

  it('describes pasted destinations with the app token', async () => {
    const { catalog: cache } = clientFor(sb.url);
    const demo = playlistNamed(catalog, 'Nightjar Demo Campaign: Summer Singles');
    await expect(
      cache.resolveDestination(`https://open.spotify.com/intl-de/playlist/${demo.id}?si=abc`),
    ).resolves.toEqual({
      type: 'playlist',
      id: demo.id,
      uri: `spotify:playlist:${demo.id}`,
      name: demo.name,
      imageUrl: expect.stringContaining(demo.id),
      ownerName: 'Nightjar Records',
      trackCount: demo.trackIds.length,
    });
    const album = catalog.albums[0];
    await expect(cache.resolveDestination(`spotify:album:${album.id}`)).resolves.toMatchObject({
      type: 'album',
      name: album.name,
      trackCount: album.trackIds.length,
    });
    const artist = catalog.artists[0];
    await expect(cache.resolveDestination(`spotify:artist:${artist.id}`)).resolves.toMatchObject({
      type: 'artist',
      name: artist.name,
    });
    const secret = playlistNamed(catalog, 'Nightjar A&R Shortlist');
    await expect(cache.resolveDestination(`spotify:playlist:${secret.id}`)).rejects.toMatchObject({
      code: 'SpotifyNotFound',
      status: 422,
      message: expect.stringMatching(/private/),
    });
  });
});
