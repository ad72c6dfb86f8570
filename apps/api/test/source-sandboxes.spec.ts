import request from 'supertest';
import { createHash } from 'node:crypto';
import { SourceSandboxesHost } from '../src/modules/source-sandboxes/source-sandboxes-host.service';
import { sandboxCatalog, sandboxControl } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

type Json = Record<string, unknown>;

/** md5 of the sorted name+value pairs (format left out) and the shared secret: Last.fm's api_sig. */
function sign(params: Record<string, string>, secret: string): string {
  const text = Object.keys(params)
    .filter((k) => k !== 'format')
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join('');
  return createHash('md5')
    .update(text + secret, 'utf8')
    .digest('hex');
}

/**
 * Sandbox mode: the real app serves the Last.fm and ListenBrainz emulators at /sandbox/lastfm and
 * /sandbox/listenbrainz, on the Spotify sandbox's clock, mirroring the plays of the Spotify users they link.
 */
describe('the Last.fm and ListenBrainz sandboxes mounted in the app (sandbox mode)', () => {
  let server: TestServer;
  let apiKey: string;
  let secret: string;

  beforeAll(async () => {
    server = await startTestServer();
    const app = server.app.get(SourceSandboxesHost).lastfmApp;
    apiKey = app.apiKey;
    secret = app.sharedSecret;
  });
  afterAll(() => server?.stop());

  const lastfm = (params: Record<string, string>, signed = false) => {
    const all: Record<string, string> = { api_key: apiKey, ...params, format: 'json' };
    if (signed) all['api_sig'] = sign(all, secret);
    return request(server.url).get('/sandbox/lastfm/2.0/').query(all);
  };

  it('Last.fm: control API, authorization page, auth.getSession and user.getRecentTracks', async () => {
    await request(server.url)
      .post('/sandbox/lastfm/_sandbox/users')
      .send({ userName: 'mounted_ada' })
      .expect(201, { userName: 'mounted_ada' });
    await request(server.url)
      .post('/sandbox/lastfm/_sandbox/users/mounted_ada/scrobbles')
      .send({ artistName: 'Velvet Harbor', trackName: 'Lanterns', timestamp: '2026-01-02T03:04:05Z' })
      .expect(201);
    const cb = `${server.url}/api/v1/somewhere/callback`;
    const page = await request(server.url)
      .get('/sandbox/lastfm/api/auth/')
      .query({ api_key: apiKey, cb })
      .expect(200);
    expect(page.text).toContain('value="mounted_ada"');
    expect(page.text).toContain('Yes, allow access');
    const allowed = await request(server.url)
      .post('/sandbox/lastfm/api/auth/decision')
      .type('form')
      .send({ api_key: apiKey, cb, user: 'mounted_ada', decision: 'allow' })
      .expect(302);
    const token = new URL(allowed.headers['location'] as string).searchParams.get('token') as string;
    expect(allowed.headers['location']).toMatch(
      new RegExp(`^${server.url}/api/v1/somewhere/callback\\?token=`),
    );
    const session = await lastfm({ method: 'auth.getSession', token }, true).expect(200);
    expect(session.body.session).toMatchObject({ name: 'mounted_ada', subscriber: 0 });
    const recent = await lastfm({ method: 'user.getRecentTracks', user: 'mounted_ada' }).expect(200);
    expect(recent.body.recenttracks.track).toMatchObject({
      name: 'Lanterns',
      date: { uts: String(Date.parse('2026-01-02T03:04:05Z') / 1000) },
    });
    const wrongKey = await lastfm({
      method: 'user.getRecentTracks',
      user: 'mounted_ada',
      api_key: 'nope',
    }).expect(403);
    expect(wrongKey.body).toEqual({
      error: 10,
      message: 'Invalid API key - You must be granted a valid key by last.fm',
    });
  });

  it('ListenBrainz: control API, validate-token and a user’s listens with rate-limit headers', async () => {
    const created = await request(server.url)
      .post('/sandbox/listenbrainz/_sandbox/users')
      .send({ userName: 'mounted_lena' })
      .expect(201);
    expect(created.body).toEqual({ userName: 'mounted_lena', token: expect.any(String) });
    await request(server.url)
      .post('/sandbox/listenbrainz/_sandbox/users/mounted_lena/listens')
      .send({
        artistName: 'Neon Foxes',
        trackName: 'Tides',
        listenedAt: 1767323045,
        spotifyId: '1rfofaqEpACxVEHIZBJe6W',
      })
      .expect(201);
    const valid = await request(server.url)
      .get('/sandbox/listenbrainz/1/validate-token')
      .set('Authorization', `Token ${created.body.token}`)
      .expect(200);
    expect(valid.body).toEqual({
      code: 200,
      message: 'Token valid.',
      valid: true,
      user_name: 'mounted_lena',
    });
    const listens = await request(server.url)
      .get('/sandbox/listenbrainz/1/user/mounted_lena/listens')
      .expect(200);
    expect(listens.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
    expect(listens.body.payload.listens[0]).toMatchObject({
      listened_at: 1767323045,
      track_metadata: {
        artist_name: 'Neon Foxes',
        additional_info: { spotify_id: 'https://open.spotify.com/track/1rfofaqEpACxVEHIZBJe6W' },
      },
    });
  });

  it('mirrors the Spotify sandbox’s plays of a linked user, timestamped with their start', async () => {
    const catalog = await sandboxCatalog(server.url);
    const user = (await sandboxControl(server.url, 'POST', 'users', { displayName: 'Mirror Mo' })) as {
      id: string;
    };
    await request(server.url)
      .post('/sandbox/lastfm/_sandbox/users')
      .send({ userName: 'mirror_mo', spotifyUserId: user.id })
      .expect(201);
    const track = catalog.tracks[4];
    const playedAt = Date.now() - 3_600_000;
    await sandboxControl(server.url, 'POST', `users/${user.id}/plays`, {
      trackId: track.id,
      playedAt: new Date(playedAt).toISOString(),
    });
    const recent = await lastfm({ method: 'user.getRecentTracks', user: 'mirror_mo' }).expect(200);
    expect(recent.body.recenttracks.track.date.uts).toBe(
      String(Math.floor((playedAt - track.durationMs) / 1000)),
    );
    const calls = (await request(server.url).get('/sandbox/lastfm/_sandbox/calls').expect(200))
      .body as Json[];
    expect(calls.some((c) => c['path'] === '/2.0/' && c['user'] === 'mirror_mo')).toBe(true);
  });
});
