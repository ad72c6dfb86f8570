import { createSpotifySandbox, SpotifySandbox } from '@soundlink/spotify-sandbox';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SecretsService } from '../src/common/security/secrets.service';
import { signListenerCookie } from '../src/modules/listener/listener-cookie';
import { PollingService } from '../src/modules/polling/polling.service';
import { SpotifyRateLimitedError } from '../src/modules/spotify/spotify.errors';
import { control, PollingKit, recentlyPlayedCalls, sleep, waitFor } from './polling-kit';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { AppOnDatabase, startAppOnDatabase } from './support/test-server';

/**
 * Two Soundlink processes on one database and one Spotify app (the sandbox over HTTP): the listener tokens
 * and the request budget are shared by both, as they are by Spotify.
 *
 * - A refresh raced by both processes against a token that Spotify rotates (the old refresh token dies)
 *   keeps the listener active, and both go on with valid tokens.
 * - The budget of requests per 30 s holds for the two processes together (counted at the sandbox).
 * - A 429 with Retry-After seen by one process pauses the other.
 *
 * The budget and the pause are shared through PostgreSQL, and through Redis where a Redis server is
 * configured (TEST_REDIS_URL: the Redis group of specs).
 */
const APP_ID = 'polling0tokens0client0id00000001';
const APP_SECRET = 'polling-tokens-secret';
const REDIS_URL = process.env['TEST_REDIS_URL'];

const stores: Array<[string, Record<string, string>]> = [
  ['PostgreSQL', {}],
  ...(REDIS_URL ? ([['Redis', { REDIS_URL }]] as Array<[string, Record<string, string>]>) : []),
];

describe.each(stores)('Spotify tokens, budget and pause shared by two processes (%s)', (_name, extra) => {
  let spotify: SpotifySandbox;
  let spotifyUrl: string;
  let database: TestDatabase;
  const apps: AppOnDatabase[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    spotify = createSpotifySandbox({
      clients: [{ clientId: APP_ID, clientSecret: APP_SECRET, redirectUris: ['http://127.0.0.1/callback'] }],
      devModeUserCap: 100_000,
      // Every refresh rotates the refresh token and retires the old one.
      refreshRotationRate: 1,
    });
    spotifyUrl = await spotify.listen(0, '127.0.0.1');
    database = await createTestDatabase();
    env = {
      SPOTIFY_CLIENT_ID: APP_ID,
      SPOTIFY_CLIENT_SECRET: APP_SECRET,
      SPOTIFY_ACCOUNTS_URL: spotifyUrl,
      SPOTIFY_API_URL: `${spotifyUrl}/v1`,
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      REDIS_KEY_PREFIX: `test-${randomUUID()}:`,
      ...extra,
    };
  }, 60_000);

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    // Each test starts with a fresh budget window: Redis keys carry a prefix of their own, the PostgreSQL
    // counters (one database for all tests here) are cleared.
    const db = new Client({ connectionString: database.url });
    await db.connect();
    await db.query('DELETE FROM spotify_request_budget');
    await db.end();
  });

  afterAll(async () => {
    await database?.drop();
    await spotify?.close();
  });

  async function start(overrides: Record<string, string>): Promise<AppOnDatabase> {
    const app = await startAppOnDatabase(database.url, { ...env, ...overrides });
    apps.push(app);
    return app;
  }

  it('a refresh raced by both processes keeps every listener active, and both use valid tokens', async () => {
    // Fresh budget and pause for this test: a key prefix of its own.
    const prefix = { REDIS_KEY_PREFIX: `test-${randomUUID()}:`, SOUNDLINK_ROLE: 'api' };
    const [first, second] = [await start(prefix), await start(prefix)];
    const kit = new PollingKit(first.app, spotifyUrl);
    const secret = second.app.get(SecretsService).sessionSecret;
    const listeners: Array<{ listenerId: string; userId: string }> = [];
    for (let i = 0; i < 12; i++) {
      // The stored access token has expired: whoever uses it first refreshes.
      const created = await kit.createListener(`Racer ${i}`, { tokenExpiresAt: new Date(Date.now() - 1000) });
      listeners.push(created);
    }

    // The first process polls each listener while the second reads the same listener's Spotify top items.
    const outcomes = await Promise.all(
      listeners.map(async ({ listenerId }) => {
        const [poll, insights] = await Promise.all([
          first.app
            .get(PollingService)
            .pollListenerNow(listenerId)
            .then(
              () => 'ok',
              (error: unknown) => String(error),
            ),
          fetch(`${second.url}/api/v1/listeners/me/insights`, {
            headers: { cookie: `sl_listener=${signListenerCookie(listenerId, secret)}` },
          }).then(
            async (res) => ((await res.json()) as { spotifyTop?: { status: string } }).spotifyTop?.status,
          ),
        ]);
        return { poll, insights };
      }),
    );
    expect(outcomes).toEqual(listeners.map(() => ({ poll: 'ok', insights: 'ok' })));
    const rows: Array<{ status: string }> = await kit.db.query(
      `SELECT status FROM listeners WHERE id = ANY($1::uuid[])`,
      [listeners.map((l) => l.listenerId)],
    );
    expect(rows.map((r) => r.status)).toEqual(listeners.map(() => 'active'));

    // The stored tokens are the live ones: the second process polls everyone with them, no failure.
    const since = Date.now();
    for (const { listenerId } of listeners) {
      await expect(second.app.get(PollingService).pollListenerNow(listenerId)).resolves.toBeDefined();
    }
    const calls = await recentlyPlayedCalls(spotifyUrl, since);
    expect(calls.map((c) => c.status)).toEqual(listeners.map(() => 200));
  }, 60_000);

  it('the budget of requests per 30 s holds for both processes together', async () => {
    const budget = 30;
    const settings = {
      REDIS_KEY_PREFIX: `test-${randomUUID()}:`,
      POLL_TICK_MS: '50',
      POLL_CONCURRENCY: '8',
      POLL_BUDGET_PER_30S: String(budget),
    };
    const first = await start(settings);
    await start(settings);
    const kit = new PollingKit(first.app, spotifyUrl);
    const ids: string[] = [];
    for (let i = 0; i < 3 * budget; i++) ids.push((await kit.createListener(`Budget ${i}`)).listenerId);
    const since = Date.now();
    await kit.makeDue(...ids);

    await waitFor(
      async () => (await recentlyPlayedCalls(spotifyUrl, since)).length >= budget,
      20_000,
      'the budget',
    );
    // Both processes keep ticking (every 50 ms) with listeners still due: nothing more may go out.
    await sleep(1500);
    const calls = await recentlyPlayedCalls(spotifyUrl, since);
    expect(calls.length).toBe(budget);
  }, 60_000);

  it('a 429 with Retry-After seen by one process pauses the other', async () => {
    const settings = { REDIS_KEY_PREFIX: `test-${randomUUID()}:`, SOUNDLINK_ROLE: 'api' };
    const [first, second] = [await start(settings), await start(settings)];
    const kit = new PollingKit(first.app, spotifyUrl);
    const limited = await kit.createListener('Limited');
    const other = await kit.createListener('Other');
    await control(spotifyUrl, 'POST', 'faults', {
      scope: limited.userId,
      status: 429,
      retryAfterS: 120,
      count: 1,
      path: '/v1/me/player/recently-played',
    });
    const since = Date.now();
    await expect(first.app.get(PollingService).pollListenerNow(limited.listenerId)).rejects.toBeInstanceOf(
      SpotifyRateLimitedError,
    );
    // The other process has never seen a 429, yet it sends nothing during the pause.
    await expect(second.app.get(PollingService).pollListenerNow(other.listenerId)).rejects.toBeInstanceOf(
      SpotifyRateLimitedError,
    );
    const calls = await recentlyPlayedCalls(spotifyUrl, since);
    expect(calls.map((c) => [c.userId, c.status])).toEqual([[limited.userId, 429]]);
    expect((await kit.listener(other.listenerId)).status).toBe('active');
  }, 60_000);
});
