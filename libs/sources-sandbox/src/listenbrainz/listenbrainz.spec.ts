import * as docs from '../fixtures/listenbrainz';
import { control, http, shapeOf, SourcesHarness, startSources } from '../testing/harness';

type Json = Record<string, unknown>;
type Listens = {
  payload: { count: number; listens: Array<{ listened_at: number; track_metadata: Json }> } & Json;
};

const DOCUMENTED_ADDITIONAL_INFO = new Set([
  'artist_mbids',
  'duration_ms',
  'isrc',
  'listening_from',
  'music_service',
  'origin_url',
  'recording_mbid',
  'release_mbid',
  'spotify_id',
  'submission_client',
  'submission_client_version',
]);

describe('ListenBrainz sandbox', () => {
  let h: SourcesHarness;
  let base: string;
  let token: string;
  const T0 = Date.parse('2026-03-02T10:00:00Z');
  const get = <T = Json>(path: string, userToken?: string) =>
    http<T>(`${base}${path}`, { headers: userToken ? { authorization: `Token ${userToken}` } : {} });
  const listen = (n: number, at: number, extra: Json = {}) =>
    control(base, 'POST', '/users/lena/listens', {
      artistName: `Artist ${n}`,
      trackName: `Track ${n}`,
      listenedAt: Math.floor(at / 1000),
      ...extra,
    });

  beforeAll(async () => {
    h = await startSources();
    base = h.listenbrainzUrl;
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    h.listenbrainz.reset();
    h.spotify.clock.freeze(true);
    h.spotify.clock.set(T0);
    const created = await control<{ userName: string; token: string }>(base, 'POST', '/users', {
      userName: 'lena',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ userName: 'lena', token: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    token = created.body.token;
  });

  it('validates tokens as documented: valid with the user name, invalid, or 400 without one', async () => {
    const ok = await get('/1/validate-token', token);
    expect(ok.status).toBe(200);
    expect(shapeOf(ok.body)).toEqual(shapeOf(docs.validToken));
    expect(ok.body).toEqual({ ...docs.validToken, user_name: 'lena' });
    expect((await get('/1/validate-token', 'not-a-token')).body).toEqual(docs.invalidToken);
    const missing = await get('/1/validate-token');
    expect(missing.status).toBe(400);
    expect(shapeOf(missing.body)).toEqual(shapeOf(docs.errorBody));
    const rotated = await control<{ token: string }>(base, 'POST', '/users/lena/token');
    expect((await get('/1/validate-token', token)).body).toEqual(docs.invalidToken);
    expect((await get('/1/validate-token', rotated.body.token)).body).toMatchObject({ valid: true });
  });

  it('serves listens in the documented shape, newest first, listened_at = start, ids as sent', async () => {
    await listen(1, T0 - 600_000, {
      releaseName: 'Album 1',
      spotifyId: 'spotify:track:1rfofaqEpACxVEHIZBJe6W',
      isrc: 'USSM19911406',
      durationMs: 222_000,
    });
    await listen(2, T0 - 300_000);
    const res = await get<Listens>('/1/user/lena/listens');
    expect(res.status).toBe(200);
    const listens = res.body.payload.listens;
    expect(listens.map((l) => l.track_metadata['track_name'])).toEqual(['Track 2', 'Track 1']);
    const documented = docs.listens.payload.listens[0];
    const withoutInfo = (l: Json) => ({
      ...l,
      track_metadata: { ...(l['track_metadata'] as Json), additional_info: {} },
    });
    expect(shapeOf(withoutInfo(listens[1] as unknown as Json))).toEqual(shapeOf(withoutInfo(documented)));
    expect(shapeOf({ ...res.body.payload, listens: [] })).toEqual(
      shapeOf({ ...docs.listens.payload, listens: [] }),
    );
    expect(listens[1].listened_at).toBe((T0 - 600_000) / 1000);
    expect(listens[1].track_metadata['additional_info']).toMatchObject({
      spotify_id: 'https://open.spotify.com/track/1rfofaqEpACxVEHIZBJe6W',
      isrc: 'USSM19911406',
      duration_ms: 222_000,
    });
    // release_name and spotify_id are left out when the scrobbler did not send them
    expect(listens[0].track_metadata).not.toHaveProperty('release_name');
    expect(listens[0].track_metadata['additional_info']).not.toHaveProperty('spotify_id');
    for (const l of listens) {
      for (const key of Object.keys(l.track_metadata['additional_info'] as Json))
        expect(DOCUMENTED_ADDITIONAL_INFO).toContain(key);
    }
    expect(res.body.payload).toMatchObject({
      count: 2,
      user_id: 'lena',
      latest_listen_ts: (T0 - 300_000) / 1000,
    });
  });

  it('min_ts (exclusive) gives the oldest `count` listens after it; max_ts the newest before it; not both', async () => {
    for (let i = 0; i < 6; i++) await listen(i, T0 - (6 - i) * 60_000);
    const minTs = (T0 - 5 * 60_000) / 1000; // Track 1's time: left out
    const after = await get<Listens>(`/1/user/lena/listens?min_ts=${minTs}&count=2`);
    expect(after.body.payload.listens.map((l) => l.track_metadata['track_name'])).toEqual([
      'Track 3',
      'Track 2',
    ]);
    const before = await get<Listens>(`/1/user/lena/listens?max_ts=${minTs}`);
    expect(before.body.payload.listens.map((l) => l.track_metadata['track_name'])).toEqual(['Track 0']);
    const both = await get(`/1/user/lena/listens?min_ts=1&max_ts=2`);
    expect(both.status).toBe(400);
    expect(both.body).toEqual(docs.errorBody);
    const bad = await get(`/1/user/lena/listens?count=abc`);
    expect(bad.status).toBe(400);
    const unknown = await get('/1/user/nobody/listens');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 404, error: 'Cannot find user: nobody' });
  });

  it('caps count at 1000 (documented maximum)', async () => {
    for (let i = 0; i < 1005; i++)
      h.listenbrainz.addListen('lena', {
        artistName: 'A',
        trackName: `T${i}`,
        listenedAt: (T0 - 2_000_000_000 + i * 1000) / 1000,
      });
    const res = await get<Listens>('/1/user/lena/listens?count=5000');
    expect(res.body.payload.count).toBe(1000);
  });

  it('sends the X-RateLimit headers on every answer and 429 past the limit, per token', async () => {
    await control(base, 'POST', '/config', { rateLimit: { limit: 2, windowMs: 10_000 } });
    const first = await get('/1/validate-token', token);
    for (const name of docs.rateLimitHeaders) expect(first.headers.get(name)).toMatch(/^\d+$/);
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('x-ratelimit-reset-in')).toBe('10');
    expect(first.headers.get('x-ratelimit-reset')).toBe(String(T0 / 1000 + 10));
    await get('/1/user/lena/listens', token);
    const limited = await get('/1/user/lena/listens', token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(shapeOf(limited.body)).toEqual(shapeOf(docs.errorBody));
    // without a token the limit is the address's own
    expect((await get('/1/user/lena/listens')).status).toBe(200);
    h.spotify.clock.advance(10_000);
    expect((await get('/1/user/lena/listens', token)).status).toBe(200);
  });

  it('injects faults per user with a count, and logs every call', async () => {
    h.listenbrainz.clearCalls();
    await control(base, 'POST', '/faults', { scope: 'lena', status: 503, count: 1 });
    await control(base, 'POST', '/faults', { status: 429, retryAfterS: 7, count: 1, path: '/1/user' });
    const r1 = await get('/1/user/lena/listens');
    expect(r1.status).toBe(503);
    expect(shapeOf(r1.body)).toEqual(shapeOf(docs.errorBody));
    const r2 = await get('/1/user/lena/listens');
    expect([r2.status, r2.headers.get('x-ratelimit-reset-in')]).toEqual([429, '7']);
    expect((await get('/1/user/lena/listens')).status).toBe(200);
    expect((await control(base, 'POST', '/faults', { error: 29 })).status).toBe(400);
    const calls = await control<Json[]>(base, 'GET', '/calls');
    expect(calls.body.map((c) => [c['path'], c['user'], c['status']])).toEqual([
      ['/1/user/lena/listens', 'lena', 503],
      ['/1/user/lena/listens', 'lena', 429],
      ['/1/user/lena/listens', 'lena', 200],
    ]);
  });

  it('common control routes: a clock shared with the Spotify sandbox, public info, the rest loopback-only', async () => {
    const moved = await control<{ now: string }>(base, 'POST', '/clock', { advanceMs: 60_000 });
    expect(moved.body.now).toBe(new Date(T0 + 60_000).toISOString());
    expect(h.spotify.clock.now()).toBe(T0 + 60_000);
    expect((await control(base, 'POST', '/clock', { advanceMs: 'soon' })).status).toBe(400);
    expect(h.spotify.clock.now()).toBe(T0 + 60_000);
    expect(
      (await http(`${base}/_sandbox/info`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status,
    ).toBe(200);
    const relayed = await http(`${base}/_sandbox/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
      body: JSON.stringify({ userName: 'mallory' }),
    });
    expect(relayed.status).toBe(403);
    expect((await control<Json[]>(base, 'GET', '/users')).body.map((u) => u['userName'])).toEqual(['lena']);
    expect((await control(base, 'POST', '/reset')).status).toBe(200);
    expect((await control<Json[]>(base, 'GET', '/users')).body).toEqual([]);
  });

  it('control API (a contract): listens need artistName, trackName and listenedAt; spotifyId must be Spotify’s', async () => {
    expect(
      (await control(base, 'POST', '/users/lena/listens', { artistName: 'A', trackName: 'B' })).status,
    ).toBe(400);
    const iso = await listen(1, T0, { listenedAt: '2026-03-02T09:30:00Z' });
    expect(iso.body).toMatchObject({ listenedAt: Date.parse('2026-03-02T09:30:00Z') / 1000 });
    const bad = await listen(2, T0, { spotifyId: 'https://evil.example/track/1rfofaqEpACxVEHIZBJe6W' });
    expect(bad.status).toBe(400);
    expect((await control(base, 'POST', '/users', { userName: 'lena' })).status).toBe(409);
  });
});
