import { createHash } from 'node:crypto';
import * as docs from '../fixtures/lastfm';
import {
  API_KEY,
  authorizeLastfm,
  control,
  http,
  lastfm,
  SHARED_SECRET,
  shapeOf,
  SourcesHarness,
  startSources,
} from '../testing/harness';
import { lastfmSignature } from './signature';

type Json = Record<string, unknown>;
type Recent = { recenttracks: { track: Json | Json[]; '@attr': Record<string, string> } };

describe('Last.fm sandbox', () => {
  let h: SourcesHarness;
  let base: string;
  const T0 = Date.parse('2026-03-02T10:00:00Z');

  beforeAll(async () => {
    h = await startSources();
    base = h.lastfmUrl;
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    h.lastfm.reset();
    h.spotify.clock.freeze(true);
    h.spotify.clock.set(T0);
  });

  const scrobble = (user: string, n: number, at: number, extra: Json = {}) =>
    control(base, 'POST', `/users/${user}/scrobbles`, {
      artistName: `Artist ${n}`,
      trackName: `Track ${n}`,
      albumName: `Album ${n}`,
      timestamp: Math.floor(at / 1000),
      ...extra,
    });

  describe('control API (a contract)', () => {
    it('creates users and scrobbles (ISO or unix seconds) and refuses bad input with a reason', async () => {
      const created = await control(base, 'POST', '/users', { userName: 'ada_l' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ userName: 'ada_l' });
      expect((await control(base, 'POST', '/users', { userName: 'ada_l' })).status).toBe(409);
      expect((await control(base, 'POST', '/users', {})).body).toEqual({
        error: { status: 400, message: 'userName is required' },
      });
      const iso = await control(base, 'POST', '/users/ada_l/scrobbles', {
        artistName: 'Velvet Harbor',
        trackName: 'Lanterns',
        timestamp: '2026-03-02T09:00:00Z',
      });
      expect(iso.status).toBe(201);
      expect(iso.body).toMatchObject({ timestamp: Date.parse('2026-03-02T09:00:00Z') / 1000, albumName: '' });
      expect((await scrobble('ada_l', 2, T0 - 1000)).status).toBe(201);
      const bad = await control(base, 'POST', '/users/ada_l/scrobbles', {
        artistName: 'A',
        trackName: 'B',
        timestamp: 'soon',
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        error: { status: 400, message: 'timestamp must be an ISO date-time or unix seconds' },
      });
      expect((await scrobble('nobody', 1, T0)).status).toBe(404);
      const users = await control<Json[]>(base, 'GET', '/users');
      expect(users.body).toEqual([{ userName: 'ada_l', spotifyUserId: null, scrobbles: 2 }]);
    });
  });

  describe('web authentication and auth.getSession', () => {
    beforeEach(async () => {
      await control(base, 'POST', '/users', { userName: 'ada_l' });
      await control(base, 'POST', '/users', { userName: 'bo_b' });
    });

    it('lists users as radio buttons with "Yes, allow access" and redirects to cb with a token', async () => {
      const cb = 'http://127.0.0.1:3000/api/v1/listeners/connect/lastfm/callback?state=abc';
      const page = await http<string>(`${base}/api/auth/?${new URLSearchParams({ api_key: API_KEY, cb })}`);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<input type="radio" name="user" value="ada_l" checked> ada_l<\/label>/);
      expect(page.text).toMatch(/value="bo_b"> bo_b<\/label>/);
      expect(page.text).toContain('>Yes, allow access</button>');
      // the form posts to a path-absolute action, whichever spelling of the page was opened
      const bare = await http<string>(`${base}/api/auth?${new URLSearchParams({ api_key: API_KEY, cb })}`);
      expect(bare.text).toContain(
        `<form method="post" action="${new URL(base).pathname.replace(/\/$/, '')}/api/auth/decision">`,
      );
      const token = await authorizeLastfm(base, 'bo_b', cb);
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      const bad = await http<string>(`${base}/api/auth/?api_key=nope&cb=${encodeURIComponent(cb)}`);
      expect(bad.status).toBe(400);
    });

    it('exchanges a token once for a session, checking the signature', async () => {
      const token = await authorizeLastfm(base, 'bo_b');
      const unsigned = await lastfm(base, { method: 'auth.getSession', token });
      expect(unsigned.status).toBe(403);
      expect(unsigned.body).toEqual(docs.errors.invalidSignature);
      const forged = await lastfm(base, { method: 'auth.getSession', token, api_sig: 'f'.repeat(32) });
      expect(forged.body).toEqual(docs.errors.invalidSignature);
      const ok = await lastfm<{ session: Json }>(base, { method: 'auth.getSession', token }, true);
      expect(ok.status).toBe(200);
      expect(shapeOf(ok.body)).toEqual(shapeOf(docs.session));
      expect(ok.body.session).toMatchObject({ name: 'bo_b', subscriber: 0 });
      const again = await lastfm(base, { method: 'auth.getSession', token }, true);
      expect(again.body).toEqual({ error: 4, message: 'Invalid authentication token supplied' });
    });

    it('signs as Last.fm documents: md5 of sorted name+value pairs and the secret, format left out', () => {
      const sig = lastfmSignature(
        [
          ['method', 'auth.getSession'],
          ['api_key', 'k'],
          ['token', 't'],
          ['format', 'json'],
        ],
        's',
      );
      expect(sig).toBe(
        createHash('md5').update('api_keykmethodauth.getSessiontokents', 'utf8').digest('hex'),
      );
      expect(sig).toBe(
        lastfmSignature(
          [
            ['api_key', 'k'],
            ['method', 'auth.getSession'],
            ['token', 't'],
          ],
          's',
        ),
      );
      expect(sig).not.toBe(
        lastfmSignature(
          [
            ['api_key', 'k'],
            ['method', 'auth.getSession'],
            ['token', 't'],
          ],
          'x',
        ),
      );
      expect(SHARED_SECRET).toHaveLength(32);
    });

    it('answers 15 for a token older than 60 minutes and 14 for a desktop token nobody authorized', async () => {
      const token = await authorizeLastfm(base, 'ada_l');
      h.spotify.clock.advance(61 * 60_000);
      expect((await lastfm(base, { method: 'auth.getSession', token }, true)).body).toEqual(
        docs.errors.tokenExpired,
      );
      const desktop = await lastfm<{ token: string }>(base, { method: 'auth.getToken' }, true);
      const res = await lastfm(base, { method: 'auth.getSession', token: desktop.body.token }, true);
      expect(res.body).toEqual(docs.errors.unauthorizedToken);
    });
  });

  describe('user.getRecentTracks', () => {
    beforeEach(async () => {
      await control(base, 'POST', '/users', { userName: 'ada_l' });
    });

    it('matches the documented shape: dated scrobbles newest first, numbers as strings, start time in uts', async () => {
      for (let i = 0; i < 3; i++) await scrobble('ada_l', i, T0 - (3 - i) * 300_000);
      const res = await lastfm<Recent>(base, { method: 'user.getRecentTracks', user: 'ada_l', limit: '2' });
      expect(res.status).toBe(200);
      const tracks = res.body.recenttracks.track as Json[];
      expect(tracks.map((t) => t['name'])).toEqual(['Track 2', 'Track 1']);
      expect(shapeOf(tracks[0])).toEqual(shapeOf(docs.recentTracks.recenttracks.track[1]));
      expect(tracks[0]['date']).toEqual({
        uts: String((T0 - 300_000) / 1000),
        '#text': '02 Mar 2026, 09:55',
      });
      expect(res.body.recenttracks['@attr']).toEqual({
        user: 'ada_l',
        totalPages: '2',
        page: '1',
        perPage: '2',
        total: '3',
      });
      expect(shapeOf(res.body.recenttracks['@attr'])).toEqual(
        shapeOf(docs.recentTracks.recenttracks['@attr']),
      );
      const page2 = await lastfm<Recent>(base, {
        method: 'user.getRecentTracks',
        user: 'ada_l',
        limit: '2',
        page: '2',
      });
      // a single entry comes as an object
      expect(shapeOf(page2.body)).toEqual(shapeOf(docs.recentTracksSingle));
      expect((page2.body.recenttracks.track as Json)['name']).toBe('Track 0');
    });

    it('puts the track playing now first, with @attr.nowplaying and no date', async () => {
      await scrobble('ada_l', 1, T0 - 600_000);
      await control(base, 'POST', '/users/ada_l/nowplaying', { artistName: 'Now', trackName: 'Playing' });
      const res = await lastfm<Recent>(base, { method: 'user.getRecentTracks', user: 'ada_l' });
      const tracks = res.body.recenttracks.track as Json[];
      expect(tracks).toHaveLength(2);
      expect(shapeOf(tracks[0])).toEqual(shapeOf(docs.recentTracks.recenttracks.track[0]));
      expect(tracks[0]['@attr']).toEqual({ nowplaying: 'true' });
      expect(res.body.recenttracks['@attr']['total']).toBe('1');
      h.spotify.clock.advance(200_000);
      const later = await lastfm<Recent>(base, { method: 'user.getRecentTracks', user: 'ada_l' });
      expect((later.body.recenttracks.track as Json)['name']).toBe('Track 1');
    });

    it('filters by from and to (unix seconds, inclusive), caps limit at 200 and answers an empty page', async () => {
      for (let i = 0; i < 5; i++) await scrobble('ada_l', i, T0 - (5 - i) * 60_000);
      const from = String((T0 - 4 * 60_000) / 1000);
      const to = String((T0 - 2 * 60_000) / 1000);
      const res = await lastfm<Recent>(base, { method: 'user.getRecentTracks', user: 'ada_l', from, to });
      expect((res.body.recenttracks.track as Json[]).map((t) => t['name'])).toEqual([
        'Track 3',
        'Track 2',
        'Track 1',
      ]);
      const big = await lastfm<Recent>(base, {
        method: 'user.getRecentTracks',
        user: 'ada_l',
        limit: '1000',
      });
      expect(big.body.recenttracks['@attr']['perPage']).toBe('200');
      const none = await lastfm<Recent>(base, {
        method: 'user.getRecentTracks',
        user: 'ada_l',
        from: String(T0 / 1000),
      });
      expect(none.body).toEqual({
        recenttracks: {
          ...docs.recentTracksEmpty.recenttracks,
          '@attr': { ...docs.recentTracksEmpty.recenttracks['@attr'], user: 'ada_l' },
        },
      });
    });

    it('extended=1 has the documented extended shape', async () => {
      await scrobble('ada_l', 1, T0 - 60_000);
      const res = await lastfm<Recent>(base, {
        method: 'user.getRecentTracks',
        user: 'ada_l',
        extended: '1',
      });
      expect(shapeOf(res.body)).toEqual(
        shapeOf({
          ...docs.recentTracksExtended,
          recenttracks: {
            ...docs.recentTracksExtended.recenttracks,
            track: docs.recentTracksExtended.recenttracks.track[0],
          },
        }),
      );
    });

    it('needs the user’s session key for a private profile (17), refuses a revoked one (9)', async () => {
      await control(base, 'POST', '/users', { userName: 'shy_one', private: true });
      const hidden = await lastfm(base, { method: 'user.getRecentTracks', user: 'shy_one' });
      expect(hidden.body).toEqual({ error: 17, message: 'Login: User required to be logged in' });
      const token = await authorizeLastfm(base, 'shy_one');
      const sk = (
        await lastfm<{ session: { key: string } }>(base, { method: 'auth.getSession', token }, true)
      ).body.session.key;
      expect((await lastfm(base, { method: 'user.getRecentTracks', user: 'shy_one', sk }, true)).status).toBe(
        200,
      );
      expect((await lastfm(base, { method: 'user.getRecentTracks', user: 'shy_one', sk })).body).toEqual(
        docs.errors.invalidSignature,
      );
      expect((await control(base, 'POST', '/users/shy_one/revoke')).body).toEqual({ revoked: 1 });
      const revoked = await lastfm(base, { method: 'user.getRecentTracks', user: 'shy_one', sk }, true);
      expect(revoked.status).toBe(403);
      expect(revoked.body).toEqual(docs.errors.invalidSessionKey);
    });
  });

  describe('errors as Last.fm sends them', () => {
    beforeEach(() => control(base, 'POST', '/users', { userName: 'ada_l' }));

    it('answers the documented codes and messages', async () => {
      const cases: Array<[Record<string, string>, number, Json]> = [
        [{ method: 'user.getRecentTracks', user: 'ada_l', api_key: 'wrong' }, 403, docs.errors.invalidApiKey],
        [{ method: 'user.getSomething' }, 400, docs.errors.invalidMethod],
        [{ method: 'user.getRecentTracks' }, 400, docs.errors.invalidParameters],
        [{ method: 'user.getRecentTracks', user: 'nobody' }, 404, docs.errors.userNotFound],
      ];
      for (const [params, status, body] of cases) {
        const res = await lastfm(base, params);
        expect({ params, status: res.status, body: res.body }).toEqual({ params, status, body });
      }
      const xml = await http<string>(
        `${base}/2.0/?method=user.getrecenttracks&user=ada_l&api_key=${API_KEY}`,
      );
      expect(xml.text).toContain('<lfm status="failed">');
    });

    it('answers error 29 past the rate limit, per API key, until the window passes', async () => {
      await control(base, 'POST', '/config', { rateLimit: { limit: 2, windowMs: 10_000 } });
      const call = () => lastfm(base, { method: 'user.getRecentTracks', user: 'ada_l' });
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(200);
      const limited = await call();
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual(docs.errors.rateLimitExceeded);
      h.spotify.clock.advance(10_000);
      expect((await call()).status).toBe(200);
    });

    it('injects faults (11, 16, 26 …) per user and method, counted, and logs every call with secrets masked', async () => {
      h.lastfm.clearCalls();
      const fault = await control<{ id: string }>(base, 'POST', '/faults', {
        scope: 'ada_l',
        error: 11,
        count: 1,
      });
      expect(fault.status).toBe(201);
      await control(base, 'POST', '/faults', { error: 16, count: 1, method: 'user.getRecentTracks' });
      const r1 = await lastfm(base, { method: 'user.getRecentTracks', user: 'ada_l' });
      expect([r1.status, r1.body]).toEqual([503, docs.errors.serviceOffline]);
      const r2 = await lastfm(base, { method: 'user.getRecentTracks', user: 'ada_l' });
      expect(r2.body).toEqual(docs.errors.temporaryError);
      expect((await lastfm(base, { method: 'user.getRecentTracks', user: 'ada_l' })).status).toBe(200);
      await control(base, 'POST', '/config', { suspendedApiKeys: [API_KEY] });
      expect((await lastfm(base, { method: 'user.getRecentTracks', user: 'ada_l' })).body).toEqual(
        docs.errors.suspendedApiKey,
      );
      await control(base, 'POST', '/config', { suspendedApiKeys: [] });
      const bad = await control(base, 'POST', '/faults', { error: 99 });
      expect(bad.status).toBe(400);
      await lastfm(base, { method: 'user.getRecentTracks', user: 'ada_l', sk: 'secret-key' }, true);
      const calls = await control<Array<Json>>(base, 'GET', '/calls');
      expect(calls.body.map((c) => [c['status'], c['error']])).toEqual([
        [503, 11],
        [503, 16],
        [200, null],
        [403, 26],
        [403, 9],
      ]);
      expect(calls.body[4]['query']).toMatchObject({ sk: '…', api_sig: '…', user: 'ada_l' });
    });
  });
});
