import { api, appToken, authorizeUser, control, Harness, startSandbox } from './testing/harness';

type Json = Record<string, unknown>;

describe('Spotify development mode (February 2026) and extended quota', () => {
  let h: Harness;
  let app: string;
  let user: string;
  let userToken: string;
  let otherUser: string;

  beforeAll(async () => {
    h = await startSandbox();
    app = await appToken(h.base);
    [user, otherUser] = h.sandbox.info().listenerIds;
    userToken = (await authorizeUser(h.base, user)).access_token;
  });
  afterAll(() => h.close());
  afterEach(() => h.sandbox.configure({ mode: 'development' }));

  const gated = () => {
    const cat = h.sandbox.catalog();
    return [
      `/v1/artists/${cat.artists[0].id}/top-tracks`,
      `/v1/tracks?ids=${cat.tracks[0].id},${cat.tracks[1].id}`,
      `/v1/albums?ids=${cat.albums[0].id}`,
      `/v1/artists?ids=${cat.artists[0].id}`,
      '/v1/browse/new-releases',
      '/v1/markets',
      '/v1/browse/categories',
      `/v1/users/${otherUser}`,
      `/v1/users/${otherUser}/playlists`,
    ];
  };

  it('is development mode by default, as a Spotify app created today', async () => {
    expect(h.sandbox.info().mode).toBe('development');
    expect((await control<Json>(h.base, 'GET', '/config')).body).toMatchObject({ mode: 'development' });
  });

  it('answers 403 for the removed endpoints, to app and user tokens alike, and logs the calls', async () => {
    h.sandbox.clearCalls();
    for (const path of gated()) {
      for (const token of [app, userToken]) {
        const res = await api(h.base, path, token);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expect(res.body).toEqual({ error: { status: 403, message: 'Forbidden' } });
      }
    }
    expect(h.sandbox.calls().some((c) => c.path.endsWith('/top-tracks') && c.status === 403)).toBe(true);
  });

  it('still answers the user’s own profile', async () => {
    const own = await api<Json>(h.base, `/v1/users/${user}`, userToken);
    expect(own.status).toBe(200);
    expect(own.body['id']).toBe(user);
  });

  it('caps search at 10 items per type in development mode, 50 in extended mode', async () => {
    const ok = await api<Json>(h.base, '/v1/search?q=a&type=track,artist&limit=10', app);
    expect(ok.status).toBe(200);
    expect(((ok.body['tracks'] as Json)['items'] as unknown[]).length).toBeLessThanOrEqual(10);
    expect((ok.body['artists'] as Json)['limit']).toBe(10);
    const over = await api(h.base, '/v1/search?q=a&type=track&limit=11', app);
    expect(over.status).toBe(400);
    expect(over.body).toEqual({ error: { status: 400, message: 'Invalid limit' } });
    const fallback = await api<Json>(h.base, '/v1/search?q=a&type=track', app);
    expect((fallback.body['tracks'] as Json)['limit']).toBe(5);
    expect((await api(h.base, '/v1/search?type=track', app)).status).toBe(400);
    expect((await api(h.base, '/v1/search?q=a&type=show', app)).status).toBe(400);

    await control(h.base, 'POST', '/config', { mode: 'extended' });
    const wide = await api<Json>(h.base, '/v1/search?q=a&type=track&limit=50', app);
    expect(wide.status).toBe(200);
    expect(((wide.body['tracks'] as Json)['items'] as unknown[]).length).toBeGreaterThan(10);
  });

  it('finds a track by its name and its artist’s name', async () => {
    const cat = h.sandbox.catalog();
    const track = cat.tracks[3];
    const artist = cat.artists.find((a) => a.id === track.artistIds[0])!;
    const res = await api<{ tracks: { items: Array<{ id: string }> } }>(
      h.base,
      `/v1/search?${new URLSearchParams({ q: `${track.name} ${artist.name}`, type: 'track', limit: '10' })}`,
      app,
    );
    expect(res.body.tracks.items.map((t) => t.id)).toContain(track.id);
  });

  it('serves every removed endpoint in extended mode', async () => {
    await control(h.base, 'POST', '/config', { mode: 'extended' });
    const cat = h.sandbox.catalog();
    for (const path of gated()) {
      const res = await api(h.base, path, userToken);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    const multi = await api<{ tracks: Array<{ id: string } | null> }>(
      h.base,
      `/v1/tracks?ids=${cat.tracks[0].id},0000000000000000000000`,
      app,
    );
    expect(multi.body.tracks.map((t) => t?.id ?? null)).toEqual([cat.tracks[0].id, null]);
    const top = await api<{ tracks: Array<{ popularity: number; artists: Array<{ id: string }> }> }>(
      h.base,
      `/v1/artists/${cat.artists[0].id}/top-tracks`,
      app,
    );
    expect(top.body.tracks.length).toBeGreaterThan(0);
    expect(top.body.tracks.length).toBeLessThanOrEqual(10);
    const pops = top.body.tracks.map((t) => t.popularity);
    expect([...pops].sort((x, y) => y - x)).toEqual(pops);
    for (const t of top.body.tracks) expect(t.artists.map((a) => a.id)).toContain(cat.artists[0].id);
  });

  it('lifts the user cap in extended mode and refuses an unknown mode', async () => {
    const capped = await startSandbox({ devModeUserCap: 0 });
    try {
      const token = (await authorizeUser(capped.base, capped.sandbox.info().listenerIds[0])).access_token;
      expect((await api(capped.base, '/v1/me', token)).status).toBe(403);
      capped.sandbox.configure({ mode: 'extended' });
      expect((await api(capped.base, '/v1/me', token)).status).toBe(200);
      const bad = await control(capped.base, 'POST', '/config', { mode: 'quota' });
      expect(bad.status).toBe(400);
    } finally {
      await capped.close();
    }
  });
});
