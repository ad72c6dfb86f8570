import request from 'supertest';
import { SpotifyRateLimiter } from '../../src/modules/spotify/spotify-rate-limiter.service';
import { registerOwner, SignedInOwner } from '../support/owners';
import { startTestServer, TestServer } from '../support/test-server';
import {
  addFault,
  calls,
  Catalog,
  catalogOf,
  clearCalls,
  consent,
  control,
  playlistNamed,
  userNamed,
} from './spotify-test-kit';

/** The real app in sandbox mode: the Spotify emulator is served by the API process itself. */
describe('Spotify in the app, sandbox mode', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let sandboxUrl: string;
  let catalog: Catalog;

  beforeAll(async () => {
    server = await startTestServer({
      SPOTIFY_TIMEOUT_MS: '2000',
      SPOTIFY_MAX_ATTEMPTS: '2',
      SPOTIFY_RETRY_BASE_MS: '10',
      SPOTIFY_QUOTA_PAUSE_S: '120',
    });
    owner = await registerOwner(server.url);
    sandboxUrl = `${server.url}/sandbox/spotify`;
    catalog = await catalogOf(sandboxUrl);
    const campaign = await owner
      .unsafe('post', '/api/v1/campaigns')
      .send({ name: 'Sandbox', destination: `spotify:track:${catalog.tracks[0]!.id}` })
      .expect(201);
    await owner
      .unsafe('post', `/api/v1/campaigns/${campaign.body.id}/links`)
      .send({ label: 'app', slug: 'spotify-app' })
      .expect(201);
  });
  afterAll(() => server?.stop());

  it('serves the sandbox from the API process under /sandbox/spotify', async () => {
    const res = await request(server.url).get('/sandbox/spotify/_sandbox/catalog').expect(200);
    expect(res.body.users.map((u: { displayName: string }) => u.displayName)).toContain('Nightjar Records');
    const info = await request(server.url).get('/sandbox/spotify/_sandbox/info').expect(200);
    expect(info.body).toMatchObject({ accountsUrl: sandboxUrl, apiUrl: `${sandboxUrl}/v1` });
    // Express still answers everything else.
    await request(server.url).get('/health').expect(200);
    await request(server.url).get('/api/v1/no-such-route').expect(404);
  });

  /** A listener's browser through the connect flow, up to Spotify's consent page. */
  async function startConnect(slug: string) {
    const browser = request.agent(server.url);
    const start = await browser.get(`/api/v1/listeners/connect/start?slug=${slug}`).redirects(0).expect(302);
    return { browser, authorize: new URL(start.headers['location'] as string) };
  }

  it('connects a listener with passport-spotify: start → sandbox consent → callback → the music', async () => {
    const { browser, authorize } = await startConnect('spotify-app');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${sandboxUrl}/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe('sandbox-client-id');
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `${server.url}/api/v1/listeners/connect/callback`,
    );
    expect(authorize.searchParams.get('scope')).toBe('user-read-recently-played user-top-read');
    expect(authorize.searchParams.get('state')).toBeTruthy();

    const ada = userNamed(catalog, 'Ada Moreno');
    await clearCalls(sandboxUrl);
    const back = await consent(authorize.toString(), ada);
    expect(`${back.origin}${back.pathname}`).toBe(`${server.url}/api/v1/listeners/connect/callback`);
    const callback = await browser.get(`${back.pathname}${back.search}`).redirects(0).expect(302);
    expect(callback.headers['location']).toBe(`https://open.spotify.com/track/${catalog.tracks[0]!.id}`);
    expect(callback.text).not.toMatch(/token/i);

    const log = await calls(sandboxUrl);
    expect(log.filter((c) => c.userId === ada).map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(
      expect.arrayContaining(['POST /api/token 200', 'GET /v1/me 200']),
    );
  });

  it('takes a listener who cancels back to the connect page', async () => {
    const { browser, authorize } = await startConnect('spotify-app');
    const back = await consent(authorize.toString(), userNamed(catalog, 'Ada Moreno'), 'cancel');
    const res = await browser.get(`${back.pathname}${back.search}`).redirects(0).expect(302);
    expect(res.headers['location']).toBe('/connect/spotify-app?error=denied');
  });

  it('refuses a replayed callback: its state is used up', async () => {
    const { browser, authorize } = await startConnect('spotify-app');
    const back = await consent(authorize.toString(), userNamed(catalog, 'Grace Okoye'));
    await browser.get(`${back.pathname}${back.search}`).redirects(0).expect(302);
    const replay = await browser.get(`${back.pathname}${back.search}`).redirects(0).expect(302);
    expect(replay.headers['location']).toBe('/connect/spotify-app?error=state');
  });

  it('resolves a pasted link to what it points at', async () => {
    const demo = playlistNamed(catalog, 'Nightjar Demo Campaign: Summer Singles');
    const res = await owner.agent
      .get('/api/v1/spotify/resolve')
      .query({ url: `https://open.spotify.com/playlist/${demo.id}?si=0123abcd` })
      .expect(200);
    expect(res.body).toEqual({
      type: 'playlist',
      id: demo.id,
      uri: `spotify:playlist:${demo.id}`,
      name: demo.name,
      imageUrl: expect.stringMatching(new RegExp(`^${sandboxUrl}/`)),
      ownerName: 'Nightjar Records',
      trackCount: demo.trackIds.length,
    });
    const track = catalog.tracks[0];
    const trackRes = await owner.agent
      .get('/api/v1/spotify/resolve')
      .query({ url: `spotify:track:${track.id}` })
      .expect(200);
    expect(trackRes.body).toMatchObject({ type: 'track', id: track.id, name: track.name });
  });

  it('answers 422 with the parser’s reason for unusable links, 400 without a url', async () => {
    const evil = await owner.agent
      .get('/api/v1/spotify/resolve')
      .query({ url: 'https://open.spotify.com.evil.io/track/4uLU6hMCjMI75M1A2tKUQC' })
      .expect(422);
    expect(evil.body).toMatchObject({
      statusCode: 422,
      error: 'SpotifyLinkLookalikeHost',
      message: expect.stringContaining('open.spotify.com.evil.io is not Spotify'),
      details: [{ field: 'url', reason: expect.any(String) }],
      requestId: expect.any(String),
    });
    const podcast = await owner.agent
      .get('/api/v1/spotify/resolve')
      .query({ url: 'https://open.spotify.com/episode/4uLU6hMCjMI75M1A2tKUQC' })
      .expect(422);
    expect(podcast.body.error).toBe('SpotifyLinkUnsupportedType');
    const editorial = await owner.agent
      .get('/api/v1/spotify/resolve')
      .query({ url: 'spotify:playlist:37i9dQZF1DXcBWIGoYBM5M' })
      .expect(422);
    // Sandbox mode: a real (editorial) playlist is not among the samples, and the answer says both.
    expect(editorial.body).toMatchObject({
      error: 'SandboxUnknownItem',
      message: expect.stringMatching(/sandbox mode.*editorial/s),
    });
    const missing = await owner.agent.get('/api/v1/spotify/resolve').expect(400);
    expect(missing.body.error).toBe('ValidationFailed');
  });

  it('answers 502 SpotifyUnavailable when Spotify keeps failing', async () => {
    await addFault(sandboxUrl, { status: 500, count: 2, path: '/v1/artists' });
    const res = await owner.agent
      .get('/api/v1/spotify/resolve')
      .query({ url: `spotify:artist:${catalog.artists[1].id}` })
      .expect(502);
    expect(res.body).toMatchObject({
      error: 'SpotifyUnavailable',
      message: expect.stringMatching(/Try again/),
    });
  });

  it('pauses every Spotify call on QUOTA_EXCEEDED and reports it in /health and /metrics', async () => {
    const before = await request(server.url).get('/health').expect(200);
    expect(before.body.spotify).toEqual({ mode: 'sandbox', pausedUntil: null, quotaExceeded: false });

    await addFault(sandboxUrl, { status: 429, reason: 'QUOTA_EXCEEDED', retryAfterS: 10, count: 1 });
    const url = `spotify:album:${catalog.albums[2].id}`;
    const limited = await owner.agent.get('/api/v1/spotify/resolve').query({ url }).expect(503);
    expect(limited.body.error).toBe('SpotifyQuotaExceeded');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(100);

    const health = await request(server.url).get('/health').expect(200);
    expect(health.body.spotify).toMatchObject({ mode: 'sandbox', quotaExceeded: true });
    const until = Date.parse(health.body.spotify.pausedUntil);
    expect(until).toBeGreaterThan(Date.now() + 100_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 120_000);

    // Nothing reaches Spotify during the pause.
    await clearCalls(sandboxUrl);
    await owner.agent.get('/api/v1/spotify/resolve').query({ url }).expect(503);
    expect(await calls(sandboxUrl)).toEqual([]);

    const metrics = await request(server.url).get('/metrics').expect(200);
    expect(metrics.text).toContain('spotify_quota_exceeded 1');
    expect(metrics.text).toMatch(/spotify_rate_limit_pauses_total\{reason="quota_exceeded"\} 1/);
    expect(metrics.text).toMatch(/spotify_requests_total\{endpoint="\/albums\/\{id\}",status="429"\} 1/);

    await server.app.get(SpotifyRateLimiter).reset();
    await control(sandboxUrl, 'DELETE', '/faults');
    await owner.agent.get('/api/v1/spotify/resolve').query({ url }).expect(200);
  });
});
