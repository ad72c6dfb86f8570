import {
  SpotifyDevModeCapError,
  SpotifyQuotaExceededError,
  SpotifyUnavailableError,
} from '../../src/modules/spotify/spotify.errors';
import {
  addFault,
  calls,
  Catalog,
  catalogOf,
  clearCalls,
  clientFor,
  control,
  issueTokens,
  StandaloneSandbox,
  startStandaloneSandbox,
  userAuth,
  userNamed,
} from './spotify-test-kit';
import { waitFor } from '../polling-kit';

const ms = (iso: string) => Date.parse(iso);

describe('SpotifyClient under Spotify faults (sandbox over HTTP)', () => {
  let sb: StandaloneSandbox;
  let catalog: Catalog;
  let ada: string;

  beforeAll(async () => {
    sb = await startStandaloneSandbox();
    catalog = await catalogOf(sb.url);
    ada = userNamed(catalog, 'Ada Moreno');
  });
  afterAll(() => sb?.close());
  beforeEach(() => control(sb.url, 'POST', '/reset'));

  // The sandbox logs a call when it answers: a slowed call the client gave up on is logged after its delay, so a
  // test that slows calls waits for them, or they would land in the next test's call log.
  const slowCallsLogged = (count: number) =>
    waitFor(
      async () => (await calls(sb.url)).filter((c) => c.path === '/v1/me').length >= count,
      5_000,
      'slowed calls',
    );
  const trackIds = () => catalog.tracks.slice(0, 6).map((t) => t.id);

  it('honours a 429 storm for all concurrent calls: none is sent again before Retry-After', async () => {
    const { client, metrics } = clientFor(sb.url);
    await client.clientCredentialsToken();
    const ids = trackIds();
    await addFault(sb.url, {
      scope: 'global',
      status: 429,
      retryAfterS: 1,
      count: ids.length,
      path: '/v1/tracks',
    });
    await clearCalls(sb.url);

    const tracks = await Promise.all(ids.map((id) => client.getTrack('app', id)));
    expect(tracks.map((t) => t.id)).toEqual(ids);

    const log = (await calls(sb.url)).filter((c) => c.path.startsWith('/v1/tracks/'));
    const limited = log.filter((c) => c.status === 429);
    const served = log.filter((c) => c.status === 200);
    expect(limited).toHaveLength(ids.length);
    expect(served).toHaveLength(ids.length);
    const first429 = Math.min(...limited.map((c) => ms(c.at)));
    for (const call of served) expect(ms(call.at)).toBeGreaterThanOrEqual(first429 + 1000);
    expect(await metrics.render()).toMatch(/spotify_rate_limit_pauses_total\{reason="rate_limit"\} [1-9]/);
  });

  it('makes calls issued during a pause wait for it, and pauses calls of other users too', async () => {
    const { client, limiter } = clientFor(sb.url);
    const issued = await issueTokens(sb.url, ada);
    await client.clientCredentialsToken();
    const [firstId, ...others] = trackIds();
    await addFault(sb.url, { scope: 'global', status: 429, retryAfterS: 1, count: 1, path: '/v1/tracks' });
    await clearCalls(sb.url);

    const first = client.getTrack('app', firstId);
    while (!limiter.status().paused) await new Promise((r) => setTimeout(r, 5));
    const during = await Promise.all([
      ...others.map((id) => client.getTrack('app', id)),
      client.getMe(userAuth(issued).auth), // another endpoint, a user token: the limit is per app
      first,
    ]);
    expect(during).toHaveLength(others.length + 2);

    const log = await calls(sb.url);
    const the429 = log.find((c) => c.status === 429)!;
    const after = log.filter((c) => c !== the429);
    expect(after).toHaveLength(others.length + 2);
    for (const call of after) expect(ms(call.at)).toBeGreaterThanOrEqual(ms(the429.at) + 1000);
  });

  it('treats QUOTA_EXCEEDED as a long pause: fails fast and reports it', async () => {
    const { client, limiter, metrics } = clientFor(sb.url, { quotaPauseMs: 3_600_000 });
    await client.clientCredentialsToken();
    const [a, b] = trackIds();
    await addFault(sb.url, { status: 429, retryAfterS: 5, reason: 'QUOTA_EXCEEDED', count: 1 });
    await clearCalls(sb.url);

    const started = Date.now();
    await expect(client.getTrack('app', a)).rejects.toBeInstanceOf(SpotifyQuotaExceededError);
    const status = limiter.status();
    expect(status.quotaExceeded).toBe(true);
    expect(status.pausedUntil!.getTime()).toBeGreaterThanOrEqual(started + 3_600_000);
    // Later calls fail at once without reaching Spotify.
    await expect(client.getTrack('app', b)).rejects.toMatchObject({
      code: 'SpotifyQuotaExceeded',
      status: 503,
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await calls(sb.url)).toHaveLength(1);
    const text = await metrics.render();
    expect(text).toContain('spotify_quota_exceeded 1');
    expect(text).toMatch(/spotify_paused_until_seconds \d{10}/);
  });

  it('retries 5xx with backoff and then succeeds', async () => {
    const { client, metrics } = clientFor(sb.url);
    const issued = await issueTokens(sb.url, ada);
    await addFault(sb.url, { scope: ada, status: 503, count: 1, path: '/v1/me' });
    await addFault(sb.url, { scope: ada, status: 500, count: 1, path: '/v1/me' });
    await clearCalls(sb.url);
    await expect(client.getMe(userAuth(issued).auth)).resolves.toMatchObject({ id: ada });
    expect((await calls(sb.url)).map((c) => c.status)).toEqual([503, 500, 200]);
    expect(await metrics.render()).toMatch(/spotify_retries_total\{reason="server_error"\} 2/);
    expect(await metrics.render()).toMatch(/spotify_requests_total\{endpoint="\/me",status="503"\} 1/);
  });

  it('gives up after the configured attempts with SpotifyUnavailable (502)', async () => {
    const { client } = clientFor(sb.url, { maxAttempts: 3 });
    const issued = await issueTokens(sb.url, ada);
    await addFault(sb.url, { scope: ada, status: 500, count: 10 });
    await clearCalls(sb.url);
    const error = await client.getMe(userAuth(issued).auth).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyUnavailableError);
    expect(error).toMatchObject({ code: 'SpotifyUnavailable', status: 502, reason: 'server-error' });
    expect(await calls(sb.url)).toHaveLength(3);
  });

  it('retries the token endpoint on 5xx too', async () => {
    const { client } = clientFor(sb.url);
    await addFault(sb.url, { status: 503, count: 1, path: '/api/token' });
    await clearCalls(sb.url);
    await expect(client.clientCredentialsToken()).resolves.toEqual(expect.any(String));
    expect((await calls(sb.url)).map((c) => c.status)).toEqual([503, 200]);
  });

  it('times out a slow answer and retries it', async () => {
    const { client } = clientFor(sb.url, { timeoutMs: 200 });
    const issued = await issueTokens(sb.url, ada);
    await addFault(sb.url, { scope: ada, delayMs: 800, count: 1, path: '/v1/me' });
    await clearCalls(sb.url);
    const started = Date.now();
    await expect(client.getMe(userAuth(issued).auth)).resolves.toMatchObject({ id: ada });
    expect(Date.now() - started).toBeLessThan(800);
    await slowCallsLogged(2);
  });

  it('answers SpotifyUnavailable (503, timeout) when Spotify stays too slow', async () => {
    const { client } = clientFor(sb.url, { timeoutMs: 150, maxAttempts: 2 });
    const issued = await issueTokens(sb.url, ada);
    await addFault(sb.url, { scope: ada, delayMs: 600, count: 5, path: '/v1/me' });
    await clearCalls(sb.url);
    const started = Date.now();
    const error = await client.getMe(userAuth(issued).auth).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SpotifyUnavailable', status: 503, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(600);
    await slowCallsLogged(2);
  });

  it('retries a dropped connection', async () => {
    const { client, metrics } = clientFor(sb.url);
    const issued = await issueTokens(sb.url, ada);
    await addFault(sb.url, { scope: ada, drop: true, count: 1, path: '/v1/me' });
    await clearCalls(sb.url);
    await expect(client.getMe(userAuth(issued).auth)).resolves.toMatchObject({ id: ada });
    expect((await calls(sb.url)).map((c) => c.status)).toEqual([0, 200]);
    expect(await metrics.render()).toMatch(/spotify_retries_total\{reason="network"\} 1/);
  });

  it('reports network failure as SpotifyUnavailable (503) when nothing listens', async () => {
    const { client } = clientFor('http://127.0.0.1:9', { maxAttempts: 2 });
    await expect(client.clientCredentialsToken()).rejects.toMatchObject({
      code: 'SpotifyUnavailable',
      status: 503,
      reason: 'network',
    });
  });

  it('turns the development-mode refusal (6th user) into SpotifyDevModeCapError', async () => {
    const { client } = clientFor(sb.url);
    await control(sb.url, 'POST', '/config', { devModeUserCap: 1 });
    const grace = userNamed(catalog, 'Grace Okoye');
    const first = await issueTokens(sb.url, ada);
    const second = await issueTokens(sb.url, grace);
    await expect(client.getMe(userAuth(first).auth)).resolves.toMatchObject({ id: ada });
    const error = await client.getMe(userAuth(second).auth).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyDevModeCapError);
    expect(error).toMatchObject({ code: 'SpotifyDevModeCap', status: 403 });
    expect((error as Error).message).toMatch(/at most 5 users/);
  });

  it('passes Spotify’s message on for other 403s and 404s', async () => {
    const { client } = clientFor(sb.url);
    const editorial = '37i9dQZF1DXcBWIGoYBM5M';
    await expect(client.getPlaylist('app', editorial)).rejects.toMatchObject({
      code: 'SpotifyNotFound',
      status: 422,
      message: 'Spotify has no such item: Resource not found.',
    });
    const issued = await issueTokens(sb.url, ada, ''); // no scopes
    await expect(client.getRecentlyPlayed(userAuth(issued).auth)).rejects.toMatchObject({
      code: 'SpotifyForbidden',
      message: 'Spotify refused access: Insufficient client scope.',
    });
  });
});
