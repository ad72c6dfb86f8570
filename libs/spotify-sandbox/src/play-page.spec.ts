import { ALL_SCOPES, api, control, form, Harness, http, startSandbox } from './testing/harness';
import type { SandboxSample } from './samples';
import { minutesAndSeconds } from './play-page';

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

  it('plays a session that starts now, back to back, and moves the clock to its end: over, in recently-played', async () => {
    const album = h.sandbox.catalog().albums.find((a) => a.trackIds.length >= 2)!;
    const listener = h.sandbox.createUser({ displayName: 'Pat Player' });
    const expected = [0, 1, 2].map((i) => album.trackIds[i % album.trackIds.length]);
    const durations = expected.map((id) => h.sandbox.catalog().tracks.find((t) => t.id === id)!.durationMs);
    const session = durations.reduce((a, b) => a + b, 0);
    // A frozen clock, so that "now" is one instant: the click and connect came before it.
    h.sandbox.clock.freeze(true);
    const start = h.sandbox.clock.now();
    try {
      const res = await http(`${h.base}/_sandbox/play`, {
        method: 'POST',
        ...form({ listener: listener.id, context: `spotify:album:${album.id}`, count: '3' }),
      });
      expect(res.status).toBe(200);
      expect(res.text).toContain('<strong>Pat Player</strong> played 3 tracks of');
      expect(res.text).toContain(`one after the other, ${minutesAndSeconds(session)} in all`);
      expect(res.text).toContain(`The sandbox's clock moved ${minutesAndSeconds(session)} ahead`);
      expect(h.sandbox.clock.now()).toBe(start + session);
    } finally {
      h.sandbox.clock.freeze(false);
    }
    const token = h.sandbox.issueToken({ userId: listener.id, scope: ALL_SCOPES }).access_token;
    const recent = await api<{
      items: Array<{
        track: { id: string; duration_ms: number };
        played_at: string;
        context: { uri: string };
      }>;
    }>(h.base, '/v1/me/player/recently-played?limit=50', token);
    // Oldest first: the first track started at the click's "now", each next one when the previous ended.
    const plays = [...recent.body.items].reverse();
    expect(plays.map((i) => i.track.id)).toEqual(expected);
    let startedAt = start;
    for (const p of plays) {
      expect(Date.parse(p.played_at) - p.track.duration_ms).toBe(startedAt);
      startedAt = Date.parse(p.played_at);
    }
    expect(startedAt).toBe(start + session);
    expect(plays.every((i) => i.context.uri === `spotify:album:${album.id}`)).toBe(true);
  });

  it('keeps a simulated listener from playing anything else during the session', async () => {
    const sim = await startSandbox({ devModeUserCap: 50, simulation: { enabled: true } });
    try {
      const listener = sim.sandbox.info().listenerIds[0];
      const token = sim.sandbox.issueToken({ userId: listener, scope: ALL_SCOPES }).access_token;
      const album = sim.sandbox.catalog().albums.find((a) => a.trackIds.length >= 3)!;
      const before = Date.now();
      const res = await http(`${sim.base}/_sandbox/play`, {
        method: 'POST',
        ...form({ listener, context: `spotify:album:${album.id}`, count: '5' }),
      });
      expect(res.status).toBe(200);
      type Item = {
        track: { id: string; duration_ms: number };
        played_at: string;
        context: { uri: string } | null;
      };
      const recent = await api<{ items: Item[] }>(sim.base, '/v1/me/player/recently-played?limit=50', token);
      // Newest first: the session is the newest five plays, and whatever the listener played before it had
      // ended when it started (their simulated listening waits until the session is over).
      const [ours, others] = [recent.body.items.slice(0, 5).reverse(), recent.body.items.slice(5)];
      expect(ours.map((i) => i.track.id)).toEqual(
        [0, 1, 2, 3, 4].map((i) => album.trackIds[i % album.trackIds.length]),
      );
      const first = Date.parse(ours[0].played_at) - ours[0].track.duration_ms;
      expect(first).toBeGreaterThanOrEqual(before);
      for (const [i, p] of ours.slice(1).entries()) {
        expect(Date.parse(p.played_at) - p.track.duration_ms).toBe(Date.parse(ours[i].played_at));
      }
      expect(others.every((i) => Date.parse(i.played_at) <= first)).toBe(true);
    } finally {
      await sim.close();
    }
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
