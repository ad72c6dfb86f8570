import request from 'supertest';
import { connectOwnerSpotify, createCampaign, demoPlaylist } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxCatalog, SandboxCatalog } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

interface Sample {
  kind: string;
  id: string;
  name: string;
  byline: string;
  link: string;
  playlist?: { ownerName: string; ownerUserId: string; usableByYou: boolean };
}

/** A real Spotify album (Nevermind): nothing the sandbox's seeded catalog can contain. */
const REAL_ALBUM = 'https://open.spotify.com/album/2UJcKiJxNryhL050F5Z1Fk?si=newcomer';

describe('sandbox mode: the sample catalog and real links', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await registerOwner(server.url);
    catalog = await sandboxCatalog(server.url);
  });
  afterAll(() => server?.stop());

  it('lists the samples by kind, with links that make campaigns', async () => {
    const res = await owner.agent.get('/api/v1/sandbox/samples').expect(200);
    const samples = res.body.samples as Sample[];
    expect(samples.filter((s) => s.kind === 'album')).toHaveLength(catalog.albums.length);
    expect(samples.filter((s) => s.kind === 'artist')).toHaveLength(catalog.artists.length);
    expect(samples.filter((s) => s.kind === 'track')).toHaveLength(catalog.tracks.length);
    expect(res.body.ownerSpotify).toEqual({ connected: false, displayName: null });
    expect(res.body.connectUrl).toBe('/api/v1/owners/me/spotify/connect');
    expect(res.body.playUrl).toBe(`${server.url}/sandbox/spotify/_sandbox/play`);
    const album = samples.find((s) => s.kind === 'album')!;
    expect(album.link).toBe(`https://open.spotify.com/album/${album.id}`);
    expect(album.byline.length).toBeGreaterThan(0);
    const created = await createCampaign(owner, { name: 'From a sample', destination: album.link }).expect(
      201,
    );
    expect(created.body.destination).toMatchObject({ type: 'album', id: album.id, name: album.name });
  });

  it('says which sample playlists the connected Spotify account may use', async () => {
    const before = await owner.agent.get('/api/v1/sandbox/samples').expect(200);
    const playlists = (before.body.samples as Sample[]).filter((s) => s.kind === 'playlist');
    expect(playlists.length).toBeGreaterThan(0);
    expect(playlists.every((p) => p.playlist && !p.playlist.usableByYou)).toBe(true);

    await connectOwnerSpotify(server.url, owner, 'Nightjar Records');
    const after = await owner.agent.get('/api/v1/sandbox/samples').expect(200);
    expect(after.body.ownerSpotify).toEqual({ connected: true, displayName: 'Nightjar Records' });
    const usable = (after.body.samples as Sample[]).filter((s) => s.playlist?.usableByYou);
    const label = catalog.users.find((u) => u.displayName === 'Nightjar Records')!;
    expect(usable.map((p) => p.id)).toContain(demoPlaylist(catalog).id);
    expect(usable.every((p) => p.playlist!.ownerUserId === label.id)).toBe(true);
    const others = (after.body.samples as Sample[]).filter((s) => s.playlist && !s.playlist.usableByYou);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((p) => p.playlist!.ownerName !== 'Nightjar Records')).toBe(true);
    // A usable one makes a campaign at once.
    await createCampaign(owner, { name: 'Usable playlist', destination: usable[0]!.link }).expect(201);
  });

  it('answers SandboxUnknownItem for a real Spotify link, in the preview and on create', async () => {
    const preview = await owner.agent.get('/api/v1/spotify/resolve').query({ url: REAL_ALBUM });
    expect(preview.status).toBe(422);
    expect(preview.body).toMatchObject({
      statusCode: 422,
      error: 'SandboxUnknownItem',
      details: [{ field: 'destination', reason: expect.stringMatching(/sample catalog/) }],
    });
    expect(preview.body.message).toMatch(/sandbox mode/);
    expect(preview.body.message).toMatch(/Pick a sample/);
    expect(preview.body.message).toMatch(/Use your own Spotify app/);
    expect(preview.body.message).not.toMatch(/no such item/);

    const created = await createCampaign(owner, { name: 'Real album', destination: REAL_ALBUM });
    expect(created.status).toBe(422);
    expect(created.body.error).toBe('SandboxUnknownItem');
    expect(created.body.message).toMatch(/no such album\. Pick a sample/);
  });

  it('keeps SpotifyNotFound for a sample the sandbox hides (a private playlist)', async () => {
    const hidden = catalog.playlists.find((p) => p.name === "Dev's Focus")!;
    const res = await owner.agent
      .get('/api/v1/spotify/resolve')
      .query({ url: `spotify:playlist:${hidden.id}` });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('SpotifyNotFound');
  });

  it('is for signed-in owners only', async () => {
    const res = await request(server.url).get('/api/v1/sandbox/samples');
    expect(res.status).toBe(401);
  });
});

describe('with a Spotify app configured', () => {
  it('has no sample catalog (404)', async () => {
    const server = await startTestServer({
      SPOTIFY_CLIENT_ID: 'abcdef0123456789abcdef0123456789',
      SPOTIFY_CLIENT_SECRET: 'secret',
    });
    try {
      const owner = await registerOwner(server.url);
      const res = await owner.agent.get('/api/v1/sandbox/samples');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'NotFound' });
      expect(res.body.message).toMatch(/only in sandbox mode/);
    } finally {
      await server.stop();
    }
  });
});
