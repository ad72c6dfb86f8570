import { MetricsService } from '../metrics/metrics.service';
import { SpotifyAccountsClient } from './spotify-accounts.client';
import { spotifyClientOptions } from './spotify-client.options';
import { SpotifyHttpRetrier } from './spotify-http.retrier';
import { SpotifyMetrics } from './spotify-metrics.service';
import { SpotifyRateLimiter } from './spotify-rate-limiter.service';
import type { SpotifyTokenSet, SpotifyUserAuth } from './spotify.types';

/** User tokens with a token owner (`renew`): no HTTP involved. */
describe('SpotifyAccountsClient: the token a user call uses', () => {
  const options = spotifyClientOptions({ tokenExpirySkewMs: 60_000 });
  const limiter = new SpotifyRateLimiter(options);
  const accounts = new SpotifyAccountsClient(
    {
      accountsUrl: 'http://127.0.0.1:9',
      apiUrl: 'http://127.0.0.1:9/v1',
      clientId: 'id',
      clientSecret: 'secret',
    },
    new SpotifyHttpRetrier(limiter, new SpotifyMetrics(new MetricsService(), limiter), options),
    options,
  );
  const fresh: SpotifyTokenSet = {
    accessToken: 'new-access',
    refreshToken: 'new-refresh',
    expiresAt: new Date(Date.now() + 3_600_000),
  };

  function ownedAuth(expiresAt: number) {
    const asked: string[] = [];
    const auth: SpotifyUserAuth = {
      accessToken: 'old-access',
      refreshToken: 'old-refresh',
      expiresAt,
      renew: async (used) => {
        asked.push(used);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return fresh;
      },
    };
    return { auth, asked };
  }

  it('refreshUser answers the new tokens and leaves the caller’s object alone', async () => {
    const { auth, asked } = ownedAuth(Date.now() - 1000);
    await expect(accounts.refreshUser(auth)).resolves.toBe(fresh);
    expect(asked).toEqual(['old-access']);
    expect(auth).toMatchObject({ accessToken: 'old-access', refreshToken: 'old-refresh' });
  });

  it('a token about to expire is renewed before use and written into the SpotifyUserAuth', async () => {
    const { auth, asked } = ownedAuth(Date.now() + 30_000); // inside the 60-s skew
    await expect(accounts.accessTokenFor(auth)).resolves.toBe('new-access');
    expect(asked).toEqual(['old-access']);
    expect(auth).toMatchObject({
      accessToken: 'new-access',
      refreshToken: 'new-refresh',
      expiresAt: fresh.expiresAt,
    });
    await expect(accounts.accessTokenFor(auth)).resolves.toBe('new-access');
    expect(asked).toHaveLength(1);
  });

  it('a valid token is used as it is', async () => {
    const { auth, asked } = ownedAuth(Date.now() + 600_000);
    await expect(accounts.accessTokenFor(auth)).resolves.toBe('old-access');
    expect(asked).toEqual([]);
  });

  it('after a 401 renews only when no other call of this object renewed meanwhile', async () => {
    const { auth, asked } = ownedAuth(Date.now() + 600_000);
    await accounts.renewAfter401(auth, 'old-access');
    expect(auth.accessToken).toBe('new-access');
    await accounts.renewAfter401(auth, 'old-access'); // a late 401 of the old token
    expect(asked).toEqual(['old-access']);
  });
});
