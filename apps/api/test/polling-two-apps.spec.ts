import { createSpotifySandbox, SpotifySandbox } from '@soundlink/spotify-sandbox';
import { randomBytes } from 'node:crypto';
import { PollingService } from '../src/modules/polling/polling.service';
import { metricValue, PollingKit, recentlyPlayedCalls, waitFor } from './polling-kit';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { AppOnDatabase, startAppOnDatabase } from './support/test-server';

const LISTENERS = 500;
// SPOTIFY_CLIENT_ID must look like a Spotify client id (no dashes): the sandbox registers this app for both.
const APP_ID = 'polling0two0apps0client0id000001';
const APP_SECRET = 'polling-two-apps-secret';
const MIN = 60_000;

/**
 * Two Soundlink applications on ONE database, both polling (no coordinator: leases and SKIP LOCKED), against
 * one Spotify sandbox over HTTP that registers their Spotify app. 500 listeners: every play stored exactly
 * once, no listener polled twice in a cycle, both applications doing part of the work.
 */
describe('Polling with two application instances on one database', () => {
  let spotify: SpotifySandbox;
  let spotifyUrl: string;
  let database: TestDatabase;
  let first: AppOnDatabase;
  let second: AppOnDatabase;
  let kit: PollingKit;
  const users: Array<{ userId: string; listenerId: string; plays: number[] }> = [];

  beforeAll(async () => {
    spotify = createSpotifySandbox({
      clients: [{ clientId: APP_ID, clientSecret: APP_SECRET, redirectUris: ['http://127.0.0.1/callback'] }],
      devModeUserCap: 100_000,
    });
    spotifyUrl = await spotify.listen(0, '127.0.0.1');
    const env = {
      SPOTIFY_CLIENT_ID: APP_ID,
      SPOTIFY_CLIENT_SECRET: APP_SECRET,
      SPOTIFY_ACCOUNTS_URL: spotifyUrl,
      SPOTIFY_API_URL: `${spotifyUrl}/v1`,
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      POLL_TICK_MS: '100',
      POLL_CONCURRENCY: '8',
      POLL_BUDGET_PER_30S: '100000',
    };
    // Both straight on the database (startTestServer puts a TCP proxy in front of it, which only one could use).
    database = await createTestDatabase();
    const start = () => startAppOnDatabase(database.url, env);
    first = await start();
    second = await start();
    kit = new PollingKit(first.app, spotifyUrl);

    // 500 listeners, each with 1 to 4 plays in the last hour; tokens issued by the sandbox (no consent page).
    const tracks = spotify.catalog().tracks.map((t) => t.id);
    const rows: Array<[string, { access_token: string; refresh_token: string; expires_in: number }]> = [];
    for (let i = 0; i < LISTENERS; i++) {
      const user = spotify.createUser({ displayName: `Listener ${i}` });
      const token = spotify.issueToken({ userId: user.id, scope: 'user-read-recently-played' });
      const plays: number[] = [];
      for (let p = 0; p < 1 + (i % 4); p++) {
        const playedAt = Date.now() - MIN * (60 - p * 7) - i;
        spotify.addPlay(user.id, {
          trackId: tracks[(i * 7 + p) % tracks.length]!,
          playedAt: new Date(playedAt).toISOString(),
          context: p % 2 ? { type: 'playlist_v2', uri: `spotify:playlist:${'b'.repeat(22)}` } : null,
        });
        plays.push(playedAt);
      }
      users.push({ userId: user.id, listenerId: '', plays });
      rows.push([user.id, token as never]);
    }
    for (const [i, [userId, token]] of rows.entries()) {
      users[i]!.listenerId = await kit.insertListener(userId, token, {
        cursorMs: String(Date.now() - 2 * 60 * MIN),
        nextPollAt: new Date(Date.now() + 60 * MIN),
      });
    }
    // Slow answers make the two applications overlap for the whole cycle.
    spotify.addFault({ scope: 'global', delayMs: 15, path: '/v1/me/player/recently-played' });
  }, 120_000);

  afterAll(async () => {
    await second?.stop().catch(() => undefined);
    await first?.stop();
    await database?.drop();
    await spotify?.close();
  });

  async function cycle(): Promise<void> {
    await kit.db.query(`UPDATE listeners SET next_poll_at = now()`);
    await waitFor(
      async () => {
        const [row] = await kit.db.query(
          `SELECT count(*) FILTER (WHERE next_poll_at <= now() OR lease_owner IS NOT NULL)::int AS pending FROM listeners`,
        );
        return row.pending === 0;
      },
      60_000,
      'a full cycle',
    );
  }

  async function pollsByApp(): Promise<[number, number]> {
    const [a, b] = await Promise.all(
      [first.url, second.url].map(async (url) => (await fetch(`${url}/metrics`)).text()),
    );
    return [
      metricValue(a!, 'polling_polls_total', 'outcome="ok"'),
      metricValue(b!, 'polling_polls_total', 'outcome="ok"'),
    ];
  }

  it('polls 500 listeners once each, stores every play exactly once, and splits the work', async () => {
    const since = Date.now();
    await cycle();

    const calls = await recentlyPlayedCalls(spotifyUrl, since);
    const perUser = new Map<string, number>();
    for (const call of calls) perUser.set(call.userId!, (perUser.get(call.userId!) ?? 0) + 1);
    expect(perUser.size).toBe(LISTENERS);
    expect([...perUser.values()].every((n) => n === 1)).toBe(true);
    expect(calls.every((c) => c.status === 200)).toBe(true);

    const stored: Array<{ listener_id: string; played_at: Date }> = await kit.db.query(
      `SELECT listener_id, played_at FROM plays`,
    );
    const expected = users.flatMap((u) => u.plays.map((ms) => `${u.listenerId}@${ms}`)).sort();
    expect(stored.map((p) => `${p.listener_id}@${p.played_at.getTime()}`).sort()).toEqual(expected);

    const [a, b] = await pollsByApp();
    expect(a + b).toBe(LISTENERS);
    expect(a).toBeGreaterThan(LISTENERS / 10);
    expect(b).toBeGreaterThan(LISTENERS / 10);
  });

  it('the next cycle asks only for plays after each cursor and stores the new ones once', async () => {
    const tracks = spotify.catalog().tracks.map((t) => t.id);
    for (const [i, u] of users.entries()) {
      const playedAt = Date.now() - MIN - i;
      spotify.addPlay(u.userId, {
        trackId: tracks[i % tracks.length]!,
        playedAt: new Date(playedAt).toISOString(),
      });
      u.plays.push(playedAt);
    }
    const since = Date.now();
    await cycle();

    const calls = await recentlyPlayedCalls(spotifyUrl, since);
    expect(calls).toHaveLength(LISTENERS);
    expect(new Set(calls.map((c) => c.userId)).size).toBe(LISTENERS);
    const byUser = new Map(users.map((u) => [u.userId, u]));
    for (const call of calls) {
      const u = byUser.get(call.userId!)!;
      expect(call.query['after']).toBe(String(Math.max(...u.plays.slice(0, -1))));
    }
    // Exactly the plays Spotify had, each once, on the right listener and instant (a count of distinct
    // (listener, played_at) pairs could not fail: the table's unique index makes it equal the row count).
    const stored: Array<{ listener_id: string; played_at: Date }> = await kit.db.query(
      `SELECT listener_id, played_at FROM plays`,
    );
    const expected = users.flatMap((u) => u.plays.map((ms) => `${u.listenerId}@${ms}`)).sort();
    expect(stored.map((p) => `${p.listener_id}@${p.played_at.getTime()}`).sort()).toEqual(expected);
    const [a, b] = await pollsByApp();
    expect(a + b).toBe(2 * LISTENERS);
  });

  it('a worker that stops gives back the leases of the listeners it claimed ahead, and the other polls them', async () => {
    const owner = second.app.get(PollingService).owner;
    // Slow answers: the stopping worker holds listeners claimed ahead, waiting for a slot.
    spotify.addFault({ scope: 'global', delayMs: 300, path: '/v1/me/player/recently-played' });
    const since = Date.now();
    await kit.db.query(`UPDATE listeners SET next_poll_at = now()`);
    await waitFor(
      async () => {
        const [row] = await kit.db.query(`SELECT count(*)::int AS n FROM listeners WHERE lease_owner = $1`, [
          owner,
        ]);
        return row.n > 8; // more than its 8 slots: some wait
      },
      10_000,
      'listeners claimed ahead',
    );
    await second.stop();
    const [left] = await kit.db.query(`SELECT count(*)::int AS n FROM listeners WHERE lease_owner = $1`, [
      owner,
    ]);
    expect(left.n).toBe(0);
    await cycle();
    const calls = await recentlyPlayedCalls(spotifyUrl, since);
    expect(new Set(calls.map((c) => c.userId)).size).toBe(LISTENERS);
    spotify.clearFaults();
  }, 120_000);
});
