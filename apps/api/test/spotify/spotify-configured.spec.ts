import request from 'supertest';
import { registerOwner, SignedInOwner } from '../support/owners';
import { startTestServer, TestServer } from '../support/test-server';
import { catalogOf, consent, StandaloneSandbox, startStandaloneSandbox, userNamed } from './spotify-test-kit';

const APP_ID = '0123456789abcdef0123456789abcdef';
const APP_SECRET = 'fedcba9876543210fedcba9876543210';

/**
 * With a Spotify app configured there is no sandbox in the process at all. SPOTIFY_ACCOUNTS_URL and
 * SPOTIFY_API_URL point the app at "Spotify": here a standalone sandbox registering our app like the
 * Spotify dashboard would (a loopback redirect URI without port accepts any port, as at Spotify).
 */
describe('Spotify in the app with SPOTIFY_CLIENT_ID configured', () => {
  let spotify: StandaloneSandbox;
  let server: TestServer;
  let plain: TestServer;
  let owner: SignedInOwner;

  beforeAll(async () => {
    spotify = await startStandaloneSandbox({
      clients: [
        {
          clientId: APP_ID,
          clientSecret: APP_SECRET,
          redirectUris: [
            'http://127.0.0.1/api/v1/listeners/connect/callback',
            'http://127.0.0.1/api/v1/owners/me/spotify/callback',
          ],
        },
      ],
    });
    [server, plain] = await Promise.all([
      startTestServer({
        SPOTIFY_CLIENT_ID: APP_ID,
        SPOTIFY_CLIENT_SECRET: APP_SECRET,
        SPOTIFY_ACCOUNTS_URL: spotify.url,
        SPOTIFY_API_URL: `${spotify.url}/v1`,
      }),
      startTestServer({ SPOTIFY_CLIENT_ID: APP_ID, SPOTIFY_CLIENT_SECRET: APP_SECRET }),
    ]);
    owner = await registerOwner(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    await plain?.stop();
    await spotify?.close();
  });

  it('has no sandbox: /sandbox/spotify/... is an unknown route', async () => {
    const res = await request(plain.url).get('/sandbox/spotify/_sandbox/catalog').expect(404);
    expect(res.body).toMatchObject({
      statusCode: 404,
      error: 'RouteNotFound',
      message: 'There is no route GET /sandbox/spotify/_sandbox/catalog.',
    });
    // nor the Last.fm and ListenBrainz emulators
    await request(plain.url).get('/sandbox/lastfm/_sandbox/info').expect(404);
    await request(plain.url).get('/sandbox/listenbrainz/1/validate-token').expect(404);
    const health = await request(plain.url).get('/health').expect(200);
    expect(health.body.spotify).toEqual({ mode: 'spotify', pausedUntil: null, quotaExceeded: false });
  });

  it('sends owners to accounts.spotify.com by default, with our client id and callback', async () => {
    const plainOwner = await registerOwner(plain.url);
    const start = await plainOwner.agent.get('/api/v1/owners/me/spotify/connect').redirects(0).expect(302);
    const authorize = new URL(start.headers['location']);
    expect(`${authorize.origin}${authorize.pathname}`).toBe('https://accounts.spotify.com/authorize');
    expect(authorize.searchParams.get('client_id')).toBe(APP_ID);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${plain.url}/api/v1/owners/me/spotify/callback`);
    expect(authorize.searchParams.get('state')).toBeTruthy();
  });

  it('connects listeners and resolves links against the configured accounts service and Web API', async () => {
    const catalog = await catalogOf(spotify.url);
    const album = catalog.albums[0];
    const resolved = await owner.agent
      .get('/api/v1/spotify/resolve')
      .query({ url: `https://open.spotify.com/album/${album.id}` })
      .expect(200);
    expect(resolved.body).toMatchObject({ type: 'album', id: album.id, name: album.name });

    const campaign = await owner
      .unsafe('post', '/api/v1/campaigns')
      .send({ name: 'Configured', destination: `spotify:album:${album.id}` })
      .expect(201);
    await owner
      .unsafe('post', `/api/v1/campaigns/${campaign.body.id}/links`)
      .send({ label: 'configured', slug: 'configured' })
      .expect(201);
    const browser = request.agent(server.url);
    const start = await browser
      .get('/api/v1/listeners/connect/start?slug=configured')
      .redirects(0)
      .expect(302);
    expect(start.headers['location']).toMatch(new RegExp(`^${spotify.url}/authorize\\?`));
    const back = await consent(start.headers['location'], userNamed(catalog, 'Emi Tanaka'));
    const callback = await browser.get(`${back.pathname}${back.search}`).redirects(0).expect(302);
    expect(callback.headers['location']).toBe(`https://open.spotify.com/album/${album.id}`);
  });

  it('explains the development-mode cap when Spotify refuses the user at login', async () => {
    const catalog = await catalogOf(spotify.url);
    const ada = userNamed(catalog, 'Ada Moreno');
    await request(spotify.url).post('/_sandbox/config').send({ devModeUserCap: 0 }).expect(200);
    const browser = request.agent(server.url);
    const start = await browser
      .get('/api/v1/listeners/connect/start?slug=configured')
      .redirects(0)
      .expect(302);
    const back = await consent(start.headers['location'], ada);
    const refused = await browser.get(`${back.pathname}${back.search}`).redirects(0).expect(302);
    expect(refused.headers['location']).toBe('/connect/configured?error=dev-mode-cap');
  });

  it('offers a listener refused by the cap only the sources this deployment has: no Last.fm without an API key', async () => {
    const info = await request(server.url).get('/api/v1/connect/configured').expect(200);
    expect(info.body.sources).toEqual(['spotify', 'listenbrainz']);
    // The Last.fm link, were it followed anyway, comes back saying Last.fm is unavailable.
    const lastfm = await request(server.url)
      .get('/api/v1/listeners/connect/lastfm/start?slug=configured')
      .redirects(0)
      .expect(302);
    expect(lastfm.headers['location']).toBe('/connect/configured?error=lastfm-unavailable');
  });
});
