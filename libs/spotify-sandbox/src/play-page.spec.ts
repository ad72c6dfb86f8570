import { ALL_SCOPES, api, control, form, Harness, http, startSandbox } from './testing/harness';
import type { SandboxSample } from './samples';

describe('the sample catalog and the "play" page', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startSandbox({ devModeUserCap: 50 });
  });
  afterAll(() => h.close());

  it('lists public playlists (with owner and account id), albums, artists and tracks, each with a link', async () => {
    const res = await control<SandboxSample[]>(h.base, 'GET', '/samples');
    expect(res.status).toBe(200);
    const catalog = h.sandbox.catalog();
    const kinds = new Set(res.body.map((s) => s.kind));
    expect([...kinds]).toEqual(['playlist', 'album', 'artist', 'track']);
    expect(res.body.filter((s) => s.kind === 'album')).toHaveLength(catalog.albums.length);
    expect(res.body.filter((s) => s.kind === 'track')).toHaveLength(catalog.tracks.length);
    const playlists = res.body.filter((s) => s.kind === 'playlist');
    // Private playlists (the A&R shortlist, Dev's Focus, the shared mix) cannot be a campaign destination.
    expect(playlists.map((p) => p.name)).not.toContain("Dev's Focus");
    expect(playlists.length).toBeLessThan(catalog.playlists.length);
    const demo = playlists.find((p) => p.id === h.sandbox.info().demoPlaylistId)!;
    expect(demo.link).toBe(`https://open.spotify.com/playlist/${demo.id}`);
    expect(demo.owner).toEqual({
      id: h.sandbox.info().labelUserId,
      accountId: expect.any(String),
      displayName: 'Nightjar Records',
    });
    // The account id is what /v1/me answers as account_id: what an app stores for a connected account.
    const token = h.sandbox.issueToken({ userId: demo.owner!.id, scope: ALL_SCOPES }).access_token;
    const me = await api<{ account_id: string }>(h.base, '/v1/me', token);
    expect(me.body.account_id).toBe(demo.owner!.accountId);
    expect(h.sandbox.hasSample('playlist', demo.id)).toBe(true);
    expect(h.sandbox.hasSample('album', '4aawyAB9vmqN3uQ7FjRGTy')).toBe(false);
  });

  it('shows a form with the listeners and the context preselected from the query', async () => {
    const album = h.sandbox.catalog().albums[0];
    const listener = h.sandbox.info().listenerIds[1];
    const res = await http(
      `${h.base}/_sandbox/play?listener=${listener}&context=${encodeURIComponent(`https://open.spotify.com/album/${album.id}`)}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain(`<option value="${listener}" selected>`);
    expect(res.text).toContain(`<option value="spotify:album:${album.id}" selected>`);
    expect(res.text).toContain('<label for="count">');
  });

  it('adds plays that already ended, in the context, visible in recently-played', async () => {
    const album = h.sandbox.catalog().albums.find((a) => a.trackIds.length >= 2)!;
    const listener = h.sandbox.createUser({ displayName: 'Pat Player' });
    const res = await http(`${h.base}/_sandbox/play`, {
      method: 'POST',
      ...form({ listener: listener.id, context: `spotify:album:${album.id}`, count: '3' }),
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<strong>Pat Player</strong> played 3 tracks of');
    const token = h.sandbox.issueToken({ userId: listener.id, scope: ALL_SCOPES }).access_token;
    const recent = await api<{ items: Array<{ track: { id: string }; context: { uri: string } }> }>(
      h.base,
      '/v1/me/player/recently-played?limit=50',
      token,
    );
    expect(recent.body.items).toHaveLength(3);
    const expected = [0, 1, 2].map((i) => album.trackIds[i % album.trackIds.length]);
    expect(recent.body.items.map((i) => i.track.id).sort()).toEqual([...expected].sort());
    expect(recent.body.items.every((i) => i.context.uri === `spotify:album:${album.id}`)).toBe(true);
  });

  it('refuses a form post from another site (a page elsewhere cannot add plays)', async () => {
    const listener = h.sandbox.createUser({ displayName: 'Cross Site' });
    const context = `spotify:album:${h.sandbox.catalog().albums[0].id}`;
    const body = form({ listener: listener.id, context, count: '2' });
    const foreign = await http(`${h.base}/_sandbox/play`, {
      method: 'POST',
      body: body.body,
      headers: { ...body.headers, origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const token = h.sandbox.issueToken({ userId: listener.id, scope: ALL_SCOPES }).access_token;
    const recent = await api<{ items: unknown[] }>(h.base, '/v1/me/player/recently-played', token);
    expect(recent.body.items).toHaveLength(0);
    const own = await http(`${h.base}/_sandbox/play`, {
      method: 'POST',
      body: body.body,
      headers: { ...body.headers, origin: new URL(h.base).origin },
    });
    expect(own.status).toBe(200);
  });

  it('answers a readable error page for an unknown context, a bad count or an unknown listener', async () => {
    const listener = h.sandbox.info().listenerIds[0];
    const unknown = await http(`${h.base}/_sandbox/play`, {
      method: 'POST',
      ...form({ listener, context: 'spotify:album:4aawyAB9vmqN3uQ7FjRGTy', count: '2' }),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('role="alert"');
    const tooMany = await http(`${h.base}/_sandbox/play`, {
      method: 'POST',
      ...form({ listener, context: `spotify:album:${h.sandbox.catalog().albums[0].id}`, count: '500' }),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toContain('Play between 1 and 20 tracks.');
    const nobody = await http(`${h.base}/_sandbox/play`, {
      method: 'POST',
      ...form({ listener: 'nobody', context: 'nonsense', count: '1' }),
    });
    expect(nobody.status).toBe(400);
  });
});
