import request from 'supertest';
import { CampaignService } from '../src/modules/campaign/campaign.service';
import { connectOwnerSpotify, createCampaign, demoPlaylist } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { SandboxCatalog, sandboxControl } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

describe('campaigns', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await registerOwner(server.url);
    catalog = await connectOwnerSpotify(server.url, owner, 'Nightjar Records');
  });
  afterAll(() => server?.stop());

  it('creates a campaign from a pasted playlist link and stores its target track set', async () => {
    const playlist = demoPlaylist(catalog);
    const res = await createCampaign(owner, {
      name: 'Summer Singles',
      destination: `https://open.spotify.com/intl-de/playlist/${playlist.id}?si=abc123`,
    }).expect(201);
    expect(res.body).toMatchObject({
      name: 'Summer Singles',
      status: 'active',
      attributionWindowHours: 168,
      timezone: 'UTC',
      destination: {
        type: 'playlist',
        id: playlist.id,
        url: `https://open.spotify.com/playlist/${playlist.id}`,
        name: playlist.name,
        ownerName: 'Nightjar Records',
        trackCount: playlist.trackIds.length,
        snapshotId: expect.any(String),
      },
      resolution: { state: 'resolved', error: null },
      allowedTransitions: ['paused', 'ended', 'archived'],
    });
    const tracks = await server.app.get(CampaignService).trackIdsAt(res.body.id);
    expect(tracks).toEqual([...new Set(playlist.trackIds)].sort());
  });

  it('resolves albums, tracks and artists with no Spotify account of the owner’s', async () => {
    const other = await registerOwner(server.url);
    const album = catalog.albums[3]!;
    const albumCampaign = await createCampaign(other, {
      name: 'Album',
      destination: `spotify:album:${album.id}`,
    }).expect(201);
    expect(albumCampaign.body.destination).toMatchObject({
      type: 'album',
      trackCount: album.trackIds.length,
    });
    const track = catalog.tracks[10]!;
    const trackCampaign = await createCampaign(other, {
      name: 'Track',
      destination: `https://open.spotify.com/track/${track.id}`,
    }).expect(201);
    expect(trackCampaign.body.destination).toMatchObject({ type: 'track', name: track.name, trackCount: 1 });
    const artist = catalog.artists[0]!;
    // The sandbox runs as a development-mode app (top-tracks answers 403): artist campaigns do not need it.
    const artistCampaign = await createCampaign(other, {
      name: 'Artist',
      destination: `spotify:artist:${artist.id}`,
    });
    expect(artistCampaign.status).toBe(201);
    expect(artistCampaign.body.destination).toMatchObject({ type: 'artist', name: artist.name });
    // No top-tracks call (gone for development-mode apps): none of the artist's tracks is known yet; they join
    // the target set as plays name them (artist-campaigns.spec.ts).
    expect(artistCampaign.body.destination.trackCount).toBe(0);
  });

  it.each([
    ['https://evil.example/playlist/abc', 'destination'],
    ['https://open.spotify.com.evil.io/track/4uLU6hMCjMI75M1A2tKUQC', 'destination'],
    ['http://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC', 'destination'],
    ['spotify:show:4uLU6hMCjMI75M1A2tKUQC', 'destination'],
  ])('refuses %p with 422 and a reason in plain words', async (destination) => {
    const res = await createCampaign(owner, { name: 'Bad', destination });
    expect(res.status).toBe(422);
    expect(typeof res.body.message).toBe('string');
    expect(res.body.message.length).toBeGreaterThan(10);
  });

  it('explains why a playlist cannot be used', async () => {
    const editorial = await createCampaign(owner, {
      name: 'x',
      destination: 'https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M',
    });
    expect(editorial.status).toBe(422);
    // In sandbox mode an editorial playlist is a real link the sandbox does not know, and said so.
    expect(editorial.body.error).toBe('SandboxUnknownItem');
    expect(editorial.body.message).toMatch(/editorial/i);

    const listenersPlaylist = catalog.playlists.find((p) => p.ownerId !== demoPlaylist(catalog).ownerId)!;
    const notMine = await createCampaign(owner, {
      name: 'x',
      destination: `spotify:playlist:${listenersPlaylist.id}`,
    });
    expect(notMine.status).toBe(422);
    expect(notMine.body.error).toBe('PlaylistNotYours');

    const unconnected = await registerOwner(server.url);
    const needsAccount = await createCampaign(unconnected, {
      name: 'x',
      destination: `spotify:playlist:${demoPlaylist(catalog).id}`,
    });
    expect(needsAccount.status).toBe(422);
    expect(needsAccount.body).toMatchObject({
      error: 'SpotifyAccountRequired',
      details: [
        { field: 'destination', reason: 'needs your connected Spotify account to read the playlist' },
      ],
    });
  });

  it('validates fields: window bounds, dates, time zone, unknown fields', async () => {
    const res = await createCampaign(owner, {
      name: '',
      destination: `spotify:playlist:${demoPlaylist(catalog).id}`,
      attributionWindowHours: 2161,
      timezone: 'Nowhere/Special',
      budget: 100,
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'name', reason: 'must not be empty' },
        { field: 'attributionWindowHours', reason: 'must not be greater than 2160' },
        { field: 'timezone', reason: 'must be an IANA time zone such as Europe/Berlin or UTC' },
        { field: 'budget', reason: 'is not a known field' },
      ]),
    );
    const dates = await createCampaign(owner, {
      name: 'Dates',
      destination: `spotify:playlist:${demoPlaylist(catalog).id}`,
      startsAt: '2026-12-01T00:00:00Z',
      endsAt: '2026-11-01T00:00:00Z',
    });
    expect(dates.status).toBe(400);
    expect(dates.body.details).toEqual([{ field: 'endsAt', reason: 'must be after startsAt' }]);
  });

  it('keeps a campaign as a pending draft while Spotify is unreachable and resolves it later', async () => {
    await sandboxControl(server.url, 'POST', 'faults', { scope: 'global', status: 503, forMs: 600_000 });
    let created;
    try {
      created = await createCampaign(owner, {
        name: 'Offline',
        destination: `spotify:album:${catalog.albums[0]!.id}`,
      }).expect(201);
    } finally {
      await sandboxControl(server.url, 'DELETE', 'faults');
    }
    expect(created.body).toMatchObject({
      status: 'draft',
      resolution: { state: 'pending' },
      destination: { type: 'album' },
    });
    const activate = await owner
      .unsafe('patch', `/api/v1/campaigns/${created.body.id}`)
      .send({ status: 'active' });
    expect(activate.status).toBe(409);

    await server.app.get(CampaignService).recheckDestinations();
    const after = await owner.agent.get(`/api/v1/campaigns/${created.body.id}`).expect(200);
    expect(after.body.resolution.state).toBe('resolved');
    expect(after.body.destination.trackCount).toBe(catalog.albums[0]!.trackIds.length);
  });

  it('notices playlist edits and records when tracks entered and left the target set', async () => {
    const playlist = demoPlaylist(catalog);
    const { body: campaign } = await createCampaign(owner, {
      name: 'Edits',
      destination: `spotify:playlist:${playlist.id}`,
    }).expect(201);
    const service = server.app.get(CampaignService);
    // Spotify's added_at has whole seconds: look at a moment safely before the edit.
    const before = new Date(Date.now() - 2000);
    const newcomer = catalog.tracks.find((t) => !playlist.trackIds.includes(t.id))!;
    const leaver = playlist.trackIds[0]!;
    await sandboxControl(server.url, 'POST', `playlists/${playlist.id}/tracks`, { trackIds: [newcomer.id] });
    await sandboxControl(server.url, 'DELETE', `playlists/${playlist.id}/tracks/${leaver}`);
    await service.recheckDestinations();
    const now = await service.trackIdsAt(campaign.id);
    expect(now).toContain(newcomer.id);
    expect(now).not.toContain(leaver);
    const then = await service.trackIdsAt(campaign.id, before);
    expect(then).toContain(leaver);
    expect(then).not.toContain(newcomer.id);
    const updated = await owner.agent.get(`/api/v1/campaigns/${campaign.id}`).expect(200);
    expect(updated.body.destination.snapshotId).not.toBe(campaign.destination.snapshotId);
    // put the sandbox back for the other tests
    await sandboxControl(server.url, 'DELETE', `playlists/${playlist.id}/tracks/${newcomer.id}`);
    await sandboxControl(server.url, 'POST', `playlists/${playlist.id}/tracks`, {
      trackIds: [leaver],
      position: 0,
    });
  });

  it('lists with pagination, filters by status and searches by name', async () => {
    const lister = await registerOwner(server.url);
    for (const name of ['Alpha launch', 'Beta launch', 'Gamma tour']) {
      await createCampaign(lister, { name, destination: `spotify:track:${catalog.tracks[0]!.id}` }).expect(
        201,
      );
    }
    const page = await lister.agent.get('/api/v1/campaigns?limit=2&offset=0').expect(200);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(page.body.items.map((c: { name: string }) => c.name)).toEqual(['Gamma tour', 'Beta launch']);
    const search = await lister.agent.get('/api/v1/campaigns?q=LAUNCH').expect(200);
    expect(search.body.items.map((c: { name: string }) => c.name).sort()).toEqual([
      'Alpha launch',
      'Beta launch',
    ]);
    const gamma = page.body.items[0];
    await lister.unsafe('patch', `/api/v1/campaigns/${gamma.id}`).send({ status: 'paused' }).expect(200);
    const paused = await lister.agent.get('/api/v1/campaigns?status=paused').expect(200);
    expect(paused.body.items.map((c: { id: string }) => c.id)).toEqual([gamma.id]);
    const bad = await lister.agent.get('/api/v1/campaigns?status=running&limit=500');
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'status']);
  });

  it('allows only sensible status changes and audits them', async () => {
    const { body: c } = await createCampaign(owner, {
      name: 'Lifecycle',
      destination: `spotify:track:${catalog.tracks[1]!.id}`,
    }).expect(201);
    const toDraft = await owner.unsafe('patch', `/api/v1/campaigns/${c.id}`).send({ status: 'draft' });
    expect(toDraft.status).toBe(409);
    expect(toDraft.body).toMatchObject({
      error: 'InvalidStatusTransition',
      details: [{ field: 'status', reason: 'cannot change from active to draft' }],
    });
    for (const status of ['paused', 'active', 'ended', 'archived']) {
      const res = await owner.unsafe('patch', `/api/v1/campaigns/${c.id}`).send({ status }).expect(200);
      expect(res.body.status).toBe(status);
    }
    const log = await owner.agent.get('/api/v1/audit-log?limit=200').expect(200);
    const mine = log.body
      .filter((e: { entityId: string }) => e.entityId === c.id)
      .map((e: { action: string }) => e.action);
    expect(mine).toEqual([
      'campaign.archived',
      'campaign.ended',
      'campaign.resumed',
      'campaign.paused',
      'campaign.created',
    ]);
  });

  it('answers 404 for another owner’s campaign in every endpoint, and enforces API key scopes', async () => {
    const { body: c } = await createCampaign(owner, {
      name: 'Private',
      destination: `spotify:track:${catalog.tracks[2]!.id}`,
    }).expect(201);
    const intruder = await registerOwner(server.url);
    await intruder.agent.get(`/api/v1/campaigns/${c.id}`).expect(404);
    await intruder.unsafe('patch', `/api/v1/campaigns/${c.id}`).send({ name: 'Mine now' }).expect(404);
    await intruder.unsafe('delete', `/api/v1/campaigns/${c.id}`).expect(404);
    await intruder.agent.get(`/api/v1/campaigns/${c.id}/links`).expect(404);
    await intruder.unsafe('post', `/api/v1/campaigns/${c.id}/links`).send({ label: 'x' }).expect(404);
    const list = await intruder.agent.get('/api/v1/campaigns').expect(200);
    expect(list.body.total).toBe(0);
    await owner.agent.get('/api/v1/campaigns/not-a-uuid').expect(404);

    const { body: key } = await owner
      .unsafe('post', '/api/v1/api-keys')
      .send({ name: 'ro', scopes: ['campaigns:read'] })
      .expect(201);
    const auth = { Authorization: `Bearer ${key.secret}` };
    await request(server.url).get(`/api/v1/campaigns/${c.id}`).set(auth).expect(200);
    const write = await request(server.url).patch(`/api/v1/campaigns/${c.id}`).set(auth).send({ name: 'x' });
    expect(write.status).toBe(403);
    expect(write.body.message).toBe('This API key lacks the scope campaigns:write.');
  });

  it('deletes a campaign with its links', async () => {
    const { body: c } = await createCampaign(owner, {
      name: 'Doomed',
      destination: `spotify:track:${catalog.tracks[3]!.id}`,
    }).expect(201);
    await owner.unsafe('post', `/api/v1/campaigns/${c.id}/links`).send({ label: 'Bio' }).expect(201);
    await owner.unsafe('delete', `/api/v1/campaigns/${c.id}`).expect(204);
    await owner.agent.get(`/api/v1/campaigns/${c.id}`).expect(404);
    await owner.agent.get(`/api/v1/campaigns/${c.id}/links`).expect(404);
  });
});
