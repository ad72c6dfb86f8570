import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSpotifySandbox } from './index';
import {
  ALL_SCOPES,
  api,
  CLIENT_ID,
  CLIENT_SECRET,
  control,
  Harness,
  http,
  startSandbox,
  token,
} from './testing/harness';

type Json = Record<string, unknown>;

describe('control API', () => {
  let h: Harness;
  let userId: string;
  let otherId: string;
  let t: string;
  let other: string;
  let trackPath: string;
  let seeded: ReturnType<Harness['sandbox']['catalog']>;

  beforeAll(async () => {
    h = await startSandbox({ devModeUserCap: 50 });
    seeded = h.sandbox.catalog();
    const info = h.sandbox.info();
    [userId, otherId] = info.listenerIds;
    t = h.sandbox.issueToken({ userId, scope: ALL_SCOPES }).access_token;
    other = h.sandbox.issueToken({ userId: otherId, scope: ALL_SCOPES }).access_token;
    trackPath = `/v1/tracks/${h.sandbox.catalog().tracks[0].id}`;
  });
  afterAll(() => h.close());
  afterEach(async () => {
    await control(h.base, 'DELETE', '/faults');
    h.sandbox.clock.reset();
  });

  describe('faults', () => {
    it('429 with Retry-After and reason QUOTA_EXCEEDED, for `count` calls', async () => {
      const created = await control<{ id: string }>(h.base, 'POST', '/faults', {
        scope: 'global',
        status: 429,
        retryAfterS: 7,
        reason: 'QUOTA_EXCEEDED',
        count: 2,
      });
      expect(created.status).toBe(201);
      expect(created.body.id).toEqual(expect.any(String));
      for (let i = 0; i < 2; i++) {
        const res = await api(h.base, trackPath, t);
        expect(res.status).toBe(429);
        expect(res.headers.get('retry-after')).toBe('7');
        expect(res.body).toEqual({
          error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' },
        });
      }
      expect((await api(h.base, trackPath, t)).status).toBe(200);
    });

    it('429 without reason has the plain Spotify body', async () => {
      await control(h.base, 'POST', '/faults', { scope: 'global', status: 429, retryAfterS: 1, count: 1 });
      const res = await api(h.base, trackPath, t);
      expect(res.body).toEqual({ error: { status: 429, message: 'Too many requests' } });
      expect(res.headers.get('retry-after')).toBe('1');
    });

    it('scopes faults to one user and to a path', async () => {
      await control(h.base, 'POST', '/faults', {
        scope: userId,
        status: 503,
        path: '/v1/me/player/recently-played',
      });
      expect((await api(h.base, '/v1/me/player/recently-played', t)).status).toBe(503);
      expect((await api(h.base, '/v1/me/player/recently-played', other)).status).toBe(200);
      expect((await api(h.base, '/v1/me', t)).status).toBe(200);
      const five = await control(h.base, 'POST', '/faults', { scope: otherId, status: 500, path: '/me' });
      expect(five.status).toBe(201);
      const res = await api(h.base, '/v1/me', other);
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ error: { status: 500 } });
    });

    it('403 with DEV_MODE (or no reason) answers the plain-text dev-mode body; 401 looks like an expired token', async () => {
      await control(h.base, 'POST', '/faults', { scope: userId, status: 403, reason: 'DEV_MODE', count: 1 });
      const dev = await api(h.base, '/v1/me', t);
      expect(dev.status).toBe(403);
      expect(dev.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(dev.text).toBe('User not registered in the Developer Dashboard');
      await control(h.base, 'POST', '/faults', { scope: userId, status: 401, count: 1 });
      const expired = await api(h.base, '/v1/me', t);
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ error: { status: 401, message: 'The access token expired' } });
      expect((await api(h.base, '/v1/me', t)).status).toBe(200);
    });

    it('forMs limits a fault in sandbox time', async () => {
      h.sandbox.clock.freeze();
      await control(h.base, 'POST', '/faults', { scope: 'global', status: 500, forMs: 60_000 });
      expect((await api(h.base, trackPath, t)).status).toBe(500);
      expect((await api(h.base, trackPath, t)).status).toBe(500);
      await control(h.base, 'POST', '/clock', { advanceMs: 60_000 });
      expect((await api(h.base, trackPath, t)).status).toBe(200);
    });

    it('delays answers by delayMs', async () => {
      await control(h.base, 'POST', '/faults', { scope: 'global', delayMs: 300, count: 1 });
      const start = Date.now();
      const res = await api(h.base, trackPath, t);
      expect(res.status).toBe(200);
      expect(Date.now() - start).toBeGreaterThanOrEqual(280);
      const fast = Date.now();
      await api(h.base, trackPath, t);
      expect(Date.now() - fast).toBeLessThan(250);
    });

    it('drops the connection without an answer', async () => {
      await control(h.base, 'POST', '/faults', { scope: 'global', drop: true, count: 1 });
      await expect(
        fetch(`${h.base}${trackPath}`, { headers: { authorization: `Bearer ${t}` } }),
      ).rejects.toThrow();
      expect((await api(h.base, trackPath, t)).status).toBe(200);
    });

    it('applies 5xx, delay and drop (but not 429) to the token endpoint', async () => {
      const cc = () =>
        token(h.base, { grant_type: 'client_credentials' }, { id: CLIENT_ID, secret: CLIENT_SECRET });
      await control(h.base, 'POST', '/faults', {
        scope: 'global',
        status: 429,
        path: '/api/token',
        count: 1,
      });
      expect((await cc()).status).toBe(200);
      await control(h.base, 'DELETE', '/faults');
      await control(h.base, 'POST', '/faults', {
        scope: 'global',
        status: 503,
        path: '/api/token',
        count: 1,
      });
      const res = await cc();
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ error: 'server_error' });
      expect((await cc()).status).toBe(200);
      await control(h.base, 'POST', '/faults', { scope: 'global', drop: true, path: '/api/token', count: 1 });
      await expect(
        fetch(`${h.base}/api/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}`,
        }),
      ).rejects.toThrow();
    });

    it('lists, deletes and validates faults', async () => {
      const a = await control<{ id: string }>(h.base, 'POST', '/faults', { scope: 'global', status: 500 });
      const list = await control<Array<{ id: string }>>(h.base, 'GET', '/faults');
      expect(list.body.map((f) => f.id)).toEqual([a.body.id]);
      expect((await control(h.base, 'DELETE', `/faults/${a.body.id}`)).status).toBe(204);
      expect((await api(h.base, trackPath, t)).status).toBe(200);
      expect((await control(h.base, 'POST', '/faults', { scope: 'global', status: 418 })).status).toBe(400);
      expect((await control(h.base, 'POST', '/faults', { scope: 'global' })).status).toBe(400);
      const b = h.sandbox.addFault({ scope: 'global', status: 503 });
      expect(h.sandbox.faults().map((f) => f.id)).toEqual([b.id]);
      h.sandbox.clearFaults();
      expect((await api(h.base, trackPath, t)).status).toBe(200);
    });
  });

  describe('clock', () => {
    it('sets, advances and freezes', async () => {
      const set = await control<{ now: string; frozen: boolean }>(h.base, 'POST', '/clock', {
        now: '2026-06-01T10:00:00.000Z',
        frozen: true,
      });
      expect(set.body).toEqual({ now: '2026-06-01T10:00:00.000Z', frozen: true });
      await new Promise((r) => setTimeout(r, 30));
      expect((await control<{ now: string }>(h.base, 'GET', '/clock')).body.now).toBe(
        '2026-06-01T10:00:00.000Z',
      );
      const adv = await control<{ now: string }>(h.base, 'POST', '/clock', { advanceMs: 90_000 });
      expect(adv.body.now).toBe('2026-06-01T10:01:30.000Z');
      expect(h.sandbox.clock.now()).toBe(Date.parse('2026-06-01T10:01:30.000Z'));
      const running = await control<{ now: string; frozen: boolean }>(h.base, 'POST', '/clock', {
        frozen: false,
      });
      expect(running.body.frozen).toBe(false);
      await new Promise((r) => setTimeout(r, 30));
      expect(h.sandbox.clock.now()).toBeGreaterThan(Date.parse('2026-06-01T10:01:30.000Z'));
      expect((await control(h.base, 'POST', '/clock', { now: 'not a date' })).status).toBe(400);
      // a refused request changes nothing: the clock is not frozen by the half that was valid
      expect((await control(h.base, 'POST', '/clock', { now: 'not a date', frozen: true })).status).toBe(400);
      expect(h.sandbox.clock.isFrozen()).toBe(false);
    });
  });

  describe('call log', () => {
    it('records Web API and token calls, newest last, with user and client; filters by since; clears', async () => {
      await control(h.base, 'DELETE', '/calls');
      h.sandbox.clock.set('2026-05-01T00:00:00.000Z');
      h.sandbox.clock.freeze();
      await api(h.base, '/v1/me/player/recently-played?limit=5', t);
      h.sandbox.clock.advance(1000);
      await api(h.base, '/v1/me', 'BQbogus');
      await token(h.base, { grant_type: 'client_credentials' }, { id: CLIENT_ID, secret: CLIENT_SECRET });
      const calls = await control<Json[]>(h.base, 'GET', '/calls');
      expect(calls.body).toEqual([
        {
          method: 'GET',
          path: '/v1/me/player/recently-played',
          query: { limit: '5' },
          userId,
          clientId: CLIENT_ID,
          status: 200,
          at: '2026-05-01T00:00:00.000Z',
        },
        {
          method: 'GET',
          path: '/v1/me',
          query: {},
          userId: null,
          clientId: null,
          status: 401,
          at: '2026-05-01T00:00:01.000Z',
        },
        {
          method: 'POST',
          path: '/api/token',
          query: {},
          userId: null,
          clientId: CLIENT_ID,
          status: 200,
          at: '2026-05-01T00:00:01.000Z',
        },
      ]);
      const since = await control<Json[]>(h.base, 'GET', '/calls?since=2026-05-01T00:00:00.500Z');
      expect(since.body).toHaveLength(2);
      expect(h.sandbox.calls(Date.parse('2026-05-01T00:00:01.000Z'))).toHaveLength(2);
      expect((await control(h.base, 'DELETE', '/calls')).status).toBe(204);
      expect((await control<Json[]>(h.base, 'GET', '/calls')).body).toEqual([]);
    });
  });

  describe('users, plays and playlists', () => {
    it('creates users and records plays exactly as recently-played shows them', async () => {
      const created = await control<{ id: string; displayName: string }>(h.base, 'POST', '/users', {
        displayName: 'Zoe Test',
      });
      expect(created.status).toBe(201);
      expect(created.body.displayName).toBe('Zoe Test');
      expect(h.sandbox.catalog().users.map((u) => u.id)).toContain(created.body.id);
      const track = h.sandbox.catalog().tracks[3];
      const play = await control<Json>(h.base, 'POST', `/users/${created.body.id}/plays`, {
        trackId: track.id,
        playedAt: '2026-01-02T03:04:05.000Z',
        context: { type: 'album', uri: `spotify:album:${track.albumId}` },
      });
      expect(play.status).toBe(201);
      const zt = h.sandbox.issueToken({ userId: created.body.id, scope: ALL_SCOPES }).access_token;
      const rp = await api<{ items: Json[] }>(h.base, '/v1/me/player/recently-played', zt);
      expect(rp.body.items).toEqual([play.body]);
      expect(
        (await control(h.base, 'POST', `/users/${created.body.id}/plays`, { trackId: 'nope' })).status,
      ).toBe(400);
      expect((await control(h.base, 'POST', `/users/unknown-user/plays`, { trackId: track.id })).status).toBe(
        404,
      );
      expect((await control(h.base, 'POST', '/users', {})).status).toBe(400);
    });

    it('playlist edits change snapshot_id', async () => {
      const playlist = h.sandbox.catalog().playlists[1];
      const ownerToken = h.sandbox.issueToken({ userId: playlist.ownerId }).access_token;
      const snap = async () =>
        (
          await api<{ snapshot_id: string }>(
            h.base,
            `/v1/playlists/${playlist.id}?fields=snapshot_id`,
            ownerToken,
          )
        ).body.snapshot_id;
      const s0 = await snap();
      const trackId = h.sandbox.catalog().tracks[200].id;
      const added = await control<{ snapshotId: string }>(
        h.base,
        'POST',
        `/playlists/${playlist.id}/tracks`,
        { trackIds: [trackId], position: 0 },
      );
      expect(added.status).toBe(201);
      const s1 = await snap();
      expect(s1).not.toBe(s0);
      expect(added.body.snapshotId).toBe(s1);
      const items = await api<{ items: Array<{ item: { id: string } }>; total: number }>(
        h.base,
        `/v1/playlists/${playlist.id}/items?limit=1`,
        ownerToken,
      );
      expect(items.body.items[0].item.id).toBe(trackId);
      expect(items.body.total).toBe(playlist.trackIds.length + 1);
      const removed = await control<{ snapshotId: string }>(
        h.base,
        'DELETE',
        `/playlists/${playlist.id}/tracks/${trackId}`,
      );
      expect(removed.status).toBe(200);
      const s2 = await snap();
      expect(removed.body.snapshotId).toBe(s2);
      expect(s2).not.toBe(s1);
      expect(s2).not.toBe(s0); // same tracks as at first, but a new version
      expect((await control(h.base, 'DELETE', `/playlists/${playlist.id}/tracks/${trackId}`)).status).toBe(
        404,
      );
    });

    it('changes the config and resets to the seeded state', async () => {
      await control(h.base, 'POST', '/users', { displayName: 'Temporary' });
      await control(h.base, 'POST', '/config', { devModeUserCap: 9 });
      expect((await control<Json>(h.base, 'GET', '/config')).body).toMatchObject({ devModeUserCap: 9 });
      const reset = await control<Json>(h.base, 'POST', '/reset');
      expect(reset.status).toBe(200);
      expect(h.sandbox.catalog()).toEqual(seeded);
      expect(h.sandbox.catalog().users.map((u) => u.displayName)).not.toContain('Temporary');
      expect((await control<Json>(h.base, 'GET', '/config')).body).toMatchObject({ devModeUserCap: 50 });
      // tokens are gone after a reset
      expect((await api(h.base, '/v1/me', t)).status).toBe(401);
      t = h.sandbox.issueToken({ userId, scope: ALL_SCOPES }).access_token;
      other = h.sandbox.issueToken({ userId: otherId, scope: ALL_SCOPES }).access_token;
    });

    it('serves placeholder images referenced by the Web API', async () => {
      const track = await api<{ album: { images: Array<{ url: string; width: number }> } }>(
        h.base,
        trackPath,
        t,
      );
      const img = track.body.album.images[0];
      expect(img.width).toBe(640);
      const res = await http(img.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(res.text).toContain('<svg');
    });

    it('answers 404 JSON for unknown control routes', async () => {
      const res = await control(h.base, 'GET', '/nope');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { status: 404 } });
    });
  });
});

describe('mounted under a basePath with handle()', () => {
  it('serves only paths under basePath, with links built from the request host', async () => {
    const sandbox = createSpotifySandbox({ basePath: '/sandbox/spotify' });
    const server = createServer((req, res) => {
      if (!sandbox.handle(req, res)) {
        res.writeHead(418, { 'content-type': 'text/plain' });
        res.end('not the sandbox');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const other = await http(`${origin}/api/v1/health`);
      expect(other.status).toBe(418);
      expect((await http(`${origin}/sandbox/spotifyish`)).status).toBe(418);
      const cc = await token<{ access_token: string }>(
        `${origin}/sandbox/spotify`,
        { grant_type: 'client_credentials' },
        { id: CLIENT_ID, secret: CLIENT_SECRET },
      );
      expect(cc.status).toBe(200);
      const trackId = sandbox.catalog().tracks[0].id;
      const track = await api<{ href: string }>(
        `${origin}/sandbox/spotify`,
        `/v1/tracks/${trackId}`,
        cc.body.access_token,
      );
      expect(track.body.href).toBe(`${origin}/sandbox/spotify/v1/tracks/${trackId}`);
      expect(sandbox.calls()[0].path).toBe('/api/token');
      const consent = await http(
        `${origin}/sandbox/spotify/authorize?client_id=${CLIENT_ID}&response_type=code&redirect_uri=${encodeURIComponent('http://127.0.0.1:3000/api/v1/spotify/callback')}`,
      );
      expect(consent.status).toBe(200);
      expect(consent.text).toContain('action="authorize/decision"');
    } finally {
      await sandbox.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('copes with express-style mounting: stripped req.url (originalUrl) and a body already parsed', async () => {
    const sandbox = createSpotifySandbox({ basePath: '/sandbox/spotify' });
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        const type = req.headers['content-type'] ?? '';
        const r = req as typeof req & { originalUrl?: string; body?: unknown };
        r.body = type.includes('json')
          ? JSON.parse(raw || '{}')
          : Object.fromEntries(new URLSearchParams(raw));
        r.originalUrl = req.url;
        req.url = (req.url ?? '/').replace(/^\/sandbox\/spotify/, '') || '/';
        if (!sandbox.handle(req, res)) {
          res.writeHead(404);
          res.end();
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/spotify`;
    try {
      const cc = await token<{ access_token: string }>(base, {
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      });
      expect(cc.status).toBe(200);
      const created = await control<{ displayName: string }>(base, 'POST', '/users', {
        displayName: 'Parsed Body',
      });
      expect(created.status).toBe(201);
      expect(created.body.displayName).toBe('Parsed Body');
    } finally {
      await sandbox.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('uses publicUrl for links when given', async () => {
    const sb = createSpotifySandbox({
      publicUrl: 'https://soundlink.example.com/sandbox/spotify',
      basePath: '/sandbox/spotify',
    });
    const base = await sb.listen(0);
    try {
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/spotify$/);
      const cc = await token<{ access_token: string }>(
        base,
        { grant_type: 'client_credentials' },
        { id: CLIENT_ID, secret: CLIENT_SECRET },
      );
      const id = sb.catalog().artists[0].id;
      const artist = await api<{ href: string }>(base, `/v1/artists/${id}`, cc.body.access_token);
      expect(artist.body.href).toBe(`https://soundlink.example.com/sandbox/spotify/v1/artists/${id}`);
    } finally {
      await sb.close();
    }
  });
});
