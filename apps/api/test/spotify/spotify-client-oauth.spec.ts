import {
  SpotifyAuthFailedError,
  SpotifyReconnectRequiredError,
} from '../../src/modules/spotify/spotify.errors';
import {
  authorizeUrl,
  calls,
  catalogOf,
  clearCalls,
  clientFor,
  consent,
  control,
  issueTokens,
  REDIRECT_URI,
  SIX_MONTHS_AND_A_DAY_MS,
  StandaloneSandbox,
  startStandaloneSandbox,
  userAuth,
  userNamed,
} from './spotify-test-kit';

describe('SpotifyClient OAuth against the sandbox over HTTP', () => {
  let rotating: StandaloneSandbox;
  let keeping: StandaloneSandbox;
  let ada: string;

  beforeAll(async () => {
    rotating = await startStandaloneSandbox({ refreshRotationRate: 1 });
    keeping = await startStandaloneSandbox({ refreshRotationRate: 0 });
    ada = userNamed(await catalogOf(rotating.url), 'Ada Moreno');
  });
  afterAll(async () => {
    await rotating?.close();
    await keeping?.close();
  });
  beforeEach(async () => {
    await control(rotating.url, 'POST', '/reset');
    await control(keeping.url, 'POST', '/reset');
  });

  it('completes the authorization code flow like a browser: authorize, consent, exchange', async () => {
    const back = await consent(authorizeUrl(rotating.url), ada);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('state')).toBe('st-123');
    const code = back.searchParams.get('code')!;

    const { client } = clientFor(rotating.url);
    const tokens = await client.exchangeCode(code, REDIRECT_URI);
    expect(tokens).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      scope: 'user-read-recently-played user-top-read',
    });
    expect(tokens.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3_500_000);

    const me = await client.getMe({ ...tokens });
    expect(me).toMatchObject({ id: ada, displayName: 'Ada Moreno', accountId: expect.any(String) });

    // A code works once: replaying the callback fails with Spotify's reason.
    const replay = await client.exchangeCode(code, REDIRECT_URI).catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(SpotifyAuthFailedError);
    expect((replay as Error).message).toContain('invalid_grant');
  });

  it('brings back a denial as access_denied with the state', async () => {
    const back = await consent(authorizeUrl(rotating.url), ada, 'cancel');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st-123');
  });

  it('takes the new refresh token when Spotify rotates it', async () => {
    const issued = await issueTokens(rotating.url, ada);
    const { client } = clientFor(rotating.url);
    const tokens = await client.refresh(issued.refresh_token);
    expect(tokens.accessToken).not.toBe(issued.access_token);
    expect(tokens.refreshToken).not.toBe(issued.refresh_token);
    expect((await client.getMe({ ...tokens })).id).toBe(ada);
    // The rotated token is the one that works from now on.
    await expect(client.refresh(tokens.refreshToken)).resolves.toMatchObject({
      accessToken: expect.any(String),
    });
  });

  it('keeps the old refresh token when Spotify sends none', async () => {
    const issued = await issueTokens(keeping.url, ada);
    const { client } = clientFor(keeping.url);
    const first = await client.refresh(issued.refresh_token);
    expect(first.refreshToken).toBe(issued.refresh_token);
    const second = await client.refresh(first.refreshToken);
    expect(second.refreshToken).toBe(issued.refresh_token);
    expect(second.accessToken).not.toBe(first.accessToken);
  });

  it('asks for a reconnect once the refresh token is 6 months old, and never retries invalid_grant', async () => {
    const issued = await issueTokens(keeping.url, ada);
    const { client } = clientFor(keeping.url);
    const { auth, refreshed } = userAuth(issued);
    await control(keeping.url, 'POST', '/clock', { advanceMs: SIX_MONTHS_AND_A_DAY_MS });
    await clearCalls(keeping.url);

    const error = await client.getMe(auth).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyReconnectRequiredError);
    expect(error).toMatchObject({ code: 'SpotifyReconnectRequired', status: 409 });
    expect(refreshed).toEqual([]);
    const log = await calls(keeping.url);
    expect(log.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'GET /v1/me 401', // the access token expired with the clock
      'POST /api/token 400', // invalid_grant, not retried
    ]);
    await expect(client.refresh(issued.refresh_token)).rejects.toBeInstanceOf(SpotifyReconnectRequiredError);
  });

  it('asks for a reconnect when the user revoked the app', async () => {
    const issued = await issueTokens(keeping.url, ada);
    await control(keeping.url, 'POST', '/tokens/revoke', { userId: ada });
    const { client } = clientFor(keeping.url);
    const error = await client.refresh(issued.refresh_token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyReconnectRequiredError);
    expect((error as Error).message).toContain('Refresh token revoked');
  });

  it('on a 401 refreshes once, retries once and hands the new tokens to the caller', async () => {
    const issued = await issueTokens(rotating.url, ada);
    const { client } = clientFor(rotating.url);
    const { auth, refreshed } = userAuth(issued);
    await control(rotating.url, 'POST', '/faults', { scope: ada, status: 401, count: 1, path: '/v1/me' });
    await clearCalls(rotating.url);

    await expect(client.getMe(auth)).resolves.toMatchObject({ id: ada });
    const log = await calls(rotating.url);
    expect(log.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'GET /v1/me 401',
      'POST /api/token 200',
      'GET /v1/me 200',
    ]);
    expect(refreshed).toHaveLength(1);
    expect(auth.accessToken).toBe(refreshed[0].accessToken);
    expect(auth.accessToken).not.toBe(issued.access_token);
  });

  it('gives up after one refresh when Spotify keeps answering 401', async () => {
    const issued = await issueTokens(rotating.url, ada);
    const { client } = clientFor(rotating.url);
    await control(rotating.url, 'POST', '/faults', { scope: ada, status: 401, count: 5, path: '/v1/me' });
    await clearCalls(rotating.url);
    await expect(client.getMe(userAuth(issued).auth)).rejects.toBeInstanceOf(SpotifyAuthFailedError);
    expect((await calls(rotating.url)).map((c) => c.path)).toEqual(['/v1/me', '/api/token', '/v1/me']);
  });

  it('refreshes an expired token before use, once for concurrent calls (single flight)', async () => {
    const issued = await issueTokens(rotating.url, ada);
    const { client } = clientFor(rotating.url);
    const { auth, refreshed } = userAuth(issued);
    auth.expiresAt = Date.now() - 1000;
    await clearCalls(rotating.url);

    const [me, top, recent] = await Promise.all([
      client.getMe(auth),
      client.getTopItems(auth, 'tracks', { timeRange: 'short_term', limit: 5 }),
      client.getRecentlyPlayed(auth, { limit: 10 }),
    ]);
    expect(me.id).toBe(ada);
    expect(top.items.length).toBeLessThanOrEqual(5);
    expect(Array.isArray(recent.items)).toBe(true);
    const log = await calls(rotating.url);
    expect(log.filter((c) => c.path === '/api/token')).toHaveLength(1);
    expect(log.filter((c) => c.path.startsWith('/v1/')).every((c) => c.status === 200)).toBe(true);
    expect(refreshed).toHaveLength(1);
  });

  it('caches the app token until shortly before it expires', async () => {
    const { client } = clientFor(rotating.url);
    const catalog = await catalogOf(rotating.url);
    await clearCalls(rotating.url);
    await client.getTrack('app', catalog.tracks[0].id);
    await client.getArtist('app', catalog.artists[0].id);
    await client.getAlbum('app', catalog.albums[0].id);
    const log = await calls(rotating.url);
    expect(log.filter((c) => c.path === '/api/token')).toHaveLength(1);
    expect(log.filter((c) => c.path.startsWith('/v1/'))).toHaveLength(3);
  });
});
