import request from 'supertest';
import { TokenCipher } from '../src/common/security/token-cipher';
import { PollingService } from '../src/modules/polling/polling.service';
import { grantAdmin, registerOwner } from './support/owners';
import { sandboxUrl } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';
import { metricValue, PollingKit, recentlyPlayedCalls, SandboxListener, sleep, waitFor } from './polling-kit';

const MIN = 60_000;

/**
 * The poller in one app on its own database, against the in-process Spotify sandbox over HTTP: leases,
 * idempotent ingest, cursor, schedule, token refresh, lease take-over, 429 storms, invalid_grant, the
 * development-mode cap, observation gaps, metrics and the admin view.
 */
describe('Polling', () => {
  let server: TestServer;
  let kit: PollingKit;
  let sandbox: string;
  let tracks: string[];

  beforeAll(async () => {
    server = await startTestServer({
      POLL_TICK_MS: '100',
      POLL_CONCURRENCY: '4',
      POLL_LEASE_S: '60',
    });
    sandbox = sandboxUrl(server.url);
    kit = new PollingKit(server.app, sandbox);
    await kit.db.query(`SELECT 1`);
    tracks = await kit.trackIds();
    await fetch(`${sandbox}/_sandbox/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ devModeUserCap: 10_000 }),
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const ago = (ms: number) => new Date(Date.now() - ms);

  it('polls a due listener: each play stored once with its track and context, cursor advanced, next poll scheduled, lease released', async () => {
    const { userId, listenerId } = await kit.createListener('First Poll');
    const playlist = `spotify:playlist:${'a'.repeat(22)}`;
    await kit.addPlays(userId, [
      { trackId: tracks[0]!, playedAt: ago(20 * MIN), context: { type: 'playlist_v2', uri: playlist } },
      { trackId: tracks[1]!, playedAt: ago(15 * MIN), context: null },
      { trackId: tracks[2]!, playedAt: ago(10 * MIN) },
    ]);
    const started = Date.now();
    await kit.makeDue(listenerId);
    const polled = await waitFor(async () => {
      const l = await kit.listener(listenerId);
      return l.lastPolledAt ? l : undefined;
    });

    const plays = await kit.playsOf(listenerId);
    expect(plays.map((p) => p.track_id)).toEqual([tracks[0], tracks[1], tracks[2]]);
    expect(plays[0]).toMatchObject({ context_type: 'playlist', context_uri: playlist, source: 'poll' });
    expect(plays[1]).toMatchObject({ context_type: null, context_uri: null });
    const [track] = await kit.db.query(`SELECT * FROM tracks WHERE id = $1`, [tracks[0]]);
    expect(track.name).toEqual(expect.any(String));
    expect(track.artist_ids.length).toBeGreaterThan(0);
    expect(track.duration_ms).toBeGreaterThan(0);

    expect(Number(polled.cursorMs)).toBe(plays[2]!.played_at.getTime());
    expect(polled.lastPlayAt?.getTime()).toBe(plays[2]!.played_at.getTime());
    expect(polled.leaseOwner).toBeNull();
    expect(polled.leaseUntil).toBeNull();
    expect(polled.errorCount).toBe(0);
    // Played 10 minutes ago: idle/4 = 2.5 min, ±10 %.
    const delay = polled.nextPollAt!.getTime() - started;
    expect(delay).toBeGreaterThan(2.2 * MIN);
    expect(delay).toBeLessThan(2.9 * MIN);

    // The next poll asks only for what came after the cursor; plays seen twice are stored once.
    await kit.addPlays(userId, [{ trackId: tracks[3]!, playedAt: ago(MIN) }]);
    const since = Date.now();
    await kit.makeDue(listenerId);
    await waitFor(async () => (await kit.playsOf(listenerId)).length === 4);
    const calls = await recentlyPlayedCalls(sandbox, since);
    expect(calls.filter((c) => c.userId === userId).map((c) => c.query)).toEqual([
      { limit: '50', after: String(plays[2]!.played_at.getTime()) },
    ]);
    await kit.db.query(`UPDATE listeners SET cursor_ms = 0 WHERE id = $1`, [listenerId]);
    expect(await server.app.get(PollingService).pollListenerNow(listenerId)).toEqual({
      inserted: 0,
      attributed: 0,
    });
    expect(await kit.playsOf(listenerId)).toHaveLength(4);
  });

  it('"sync now" polls at once and reports the plays it stored', async () => {
    const polling = server.app.get(PollingService);
    const { userId, listenerId } = await kit.createListener('Sync Now', {
      cursorMs: String(Date.now() - 60 * MIN),
    });
    await kit.addPlays(userId, [
      { trackId: tracks[4]!, playedAt: ago(5 * MIN) },
      { trackId: tracks[5]!, playedAt: ago(2 * MIN) },
    ]);
    expect(await polling.pollListenerNow(listenerId)).toEqual({ inserted: 2, attributed: 0 });
    expect(await polling.pollListenerNow(listenerId)).toEqual({ inserted: 0, attributed: 0 });
    const l = await kit.listener(listenerId);
    expect(l.leaseOwner).toBeNull();
    // Played 2 minutes ago: polled again at the active interval.
    expect(l.nextPollAt!.getTime() - Date.now()).toBeGreaterThan(1.7 * MIN);

    await expect(polling.pollListenerNow('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'NotFound',
    });
    await expect(polling.pollListenerNow('not-a-uuid')).rejects.toMatchObject({ code: 'NotFound' });
    await kit.db.query(`UPDATE listeners SET status = 'disconnected' WHERE id = $1`, [listenerId]);
    await expect(polling.pollListenerNow(listenerId)).rejects.toMatchObject({
      code: 'ListenerNotPollable',
      status: 409,
    });
  });

  it('refreshes an expired access token and saves the new tokens encrypted', async () => {
    const { userId, listenerId, tokens } = await kit.createListener('Expired Token', {
      tokenExpiresAt: ago(MIN),
      cursorMs: String(Date.now() - 60 * MIN),
    });
    await kit.addPlays(userId, [{ trackId: tracks[6]!, playedAt: ago(3 * MIN) }]);
    expect(await server.app.get(PollingService).pollListenerNow(listenerId)).toEqual({
      inserted: 1,
      attributed: 0,
    });
    const l = await kit.listener(listenerId);
    const cipher = server.app.get(TokenCipher);
    expect(l.accessTokenEnc).not.toContain(tokens.access_token);
    expect(cipher.decrypt(l.accessTokenEnc!)).not.toBe(tokens.access_token);
    expect(l.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 30 * MIN);
    // The saved token works: the next poll needs no refresh.
    const since = Date.now();
    await server.app.get(PollingService).pollListenerNow(listenerId);
    const tokenCalls = (await fetch(`${sandbox}/_sandbox/calls?since=${since}`).then((r) =>
      r.json(),
    )) as Array<{
      path: string;
      userId: string;
    }>;
    expect(tokenCalls.filter((c) => c.userId === userId).map((c) => c.path)).toEqual([
      '/v1/me/player/recently-played',
    ]);
  });

  it('takes over a listener whose lease expired (its process died mid-poll) and loses nothing', async () => {
    const cursor = Date.now() - 60 * MIN;
    const dead = await kit.createListener('Dead Lease', {
      cursorMs: String(cursor),
      leaseOwner: 'crashed-host:4242:deadbeef',
      leaseUntil: ago(1000),
      // not due yet: the poller must not see them before their plays are in the sandbox
      nextPollAt: new Date(Date.now() + 60 * MIN),
    });
    const live = await kit.createListener('Live Lease', {
      cursorMs: String(cursor),
      leaseOwner: 'other-host:1:cafebabe',
      leaseUntil: new Date(Date.now() + 4000),
      nextPollAt: new Date(Date.now() + 60 * MIN),
    });
    for (const u of [dead, live]) {
      await kit.addPlays(u.userId, [
        { trackId: tracks[7]!, playedAt: ago(30 * MIN) },
        { trackId: tracks[8]!, playedAt: ago(20 * MIN) },
      ]);
    }
    const since = Date.now();
    await kit.db.query('UPDATE listeners SET next_poll_at = $1 WHERE id = ANY($2::uuid[])', [
      ago(2 * MIN),
      [dead.listenerId, live.listenerId],
    ]);
    await waitFor(async () => (await kit.playsOf(dead.listenerId)).length === 2, 5000, 'the take-over');
    // The other lease is still held: nobody touches that listener until it expires.
    expect(await kit.playsOf(live.listenerId)).toHaveLength(0);
    expect((await recentlyPlayedCalls(sandbox, since)).filter((c) => c.userId === live.userId)).toHaveLength(
      0,
    );
    await waitFor(
      async () => (await kit.playsOf(live.listenerId)).length === 2,
      10_000,
      'the lease to expire',
    );
    for (const u of [dead, live]) {
      const l = await kit.listener(u.listenerId);
      expect(l.leaseOwner).toBeNull();
      expect((await recentlyPlayedCalls(sandbox, since)).filter((c) => c.userId === u.userId)).toHaveLength(
        1,
      );
    }
  });

  it('honours a 429 storm: no call before Retry-After has elapsed, every play ingested afterwards', async () => {
    const listeners: SandboxListener[] = [];
    for (let i = 0; i < 6; i++) {
      const l = await kit.createListener(`Storm ${i}`, { cursorMs: String(Date.now() - 60 * MIN) });
      await kit.addPlays(l.userId, [
        { trackId: tracks[10 + i]!, playedAt: ago(9 * MIN) },
        { trackId: tracks[20 + i]!, playedAt: ago(4 * MIN) },
      ]);
      listeners.push(l);
    }
    await fetch(`${sandbox}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        scope: 'global',
        status: 429,
        retryAfterS: 1,
        count: 8,
        path: '/v1/me/player/recently-played',
      }),
    });
    const since = Date.now();
    await kit.makeDue(...listeners.map((l) => l.listenerId));
    await waitFor(
      async () => {
        const [{ count }] = await kit.db.query(
          `SELECT count(*)::int AS count FROM plays WHERE listener_id = ANY($1::uuid[])`,
          [listeners.map((l) => l.listenerId)],
        );
        return count === 12;
      },
      20_000,
      'every play after the storm',
    );
    const calls = (await recentlyPlayedCalls(sandbox, since)).map((c) => ({ ...c, ms: Date.parse(c.at) }));
    const limited = calls.filter((c) => c.status === 429);
    expect(limited).toHaveLength(8);
    for (const hit of limited) {
      // Requests already on the wire when the 429 came back may arrive just after it; nothing is sent later
      // until Retry-After (1 s) has elapsed.
      const early = calls.filter((c) => c.ms > hit.ms + 100 && c.ms < hit.ms + 1000);
      expect(early).toEqual([]);
    }
    for (const l of listeners) {
      expect(await kit.playsOf(l.listenerId)).toHaveLength(2);
      const row = await kit.listener(l.listenerId);
      expect(row.status).toBe('active');
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metricValue(metrics, 'spotify_rate_limit_pauses_total', 'reason="rate_limit"')).toBeGreaterThan(0);
  });

  it('marks a listener whose refresh token Spotify refuses (invalid_grant) as needs_reconnect and stops polling it', async () => {
    const { userId, listenerId } = await kit.createListener('Revoked', { tokenExpiresAt: ago(MIN) });
    await control('POST', 'tokens/revoke', { userId });
    await kit.makeDue(listenerId);
    const l = await waitFor(async () => {
      const row = await kit.listener(listenerId);
      return row.status !== 'active' ? row : undefined;
    });
    expect(l.status).toBe('needs_reconnect');
    expect(l.nextPollAt).toBeNull();
    expect(l.leaseOwner).toBeNull();
    expect(l.lastError).toContain('Refresh token revoked');

    const since = Date.now();
    await kit.db.query(`UPDATE listeners SET next_poll_at = now() WHERE id = $1`, [listenerId]);
    await sleep(600); // six ticks
    const calls = (await fetch(`${sandbox}/_sandbox/calls?since=${since}`).then((r) => r.json())) as Array<{
      userId: string;
    }>;
    expect(calls.filter((c) => c.userId === userId)).toEqual([]);
    expect(await kit.listener(listenerId)).toMatchObject({ status: 'needs_reconnect' });
  });

  it("marks a listener refused by the app's development-mode user cap as dev_mode_blocked", async () => {
    const { listenerId } = await kit.createListener('Sixth Listener');
    // The newest authorization is the last on the allow-list: a cap one lower refuses it.
    await control('POST', 'config', { devModeUserCap: kit.authorizedUsers - 1 });
    try {
      await kit.makeDue(listenerId);
      const l = await waitFor(async () => {
        const row = await kit.listener(listenerId);
        return row.status !== 'active' ? row : undefined;
      });
      expect(l.status).toBe('dev_mode_blocked');
      expect(l.nextPollAt).toBeNull();
      expect(l.lastError).toContain('SpotifyDevModeCap');
    } finally {
      await control('POST', 'config', { devModeUserCap: 10_000 });
    }
  });

  it('records an observation gap when the listener played more than 50 tracks between polls', async () => {
    const cursor = Date.now() - 5 * 60 * MIN;
    const { userId, listenerId } = await kit.createListener('Binge Listener', { cursorMs: String(cursor) });
    // 60 plays after the cursor: Spotify keeps only the last 50, so the first 10 are gone.
    const plays = Array.from({ length: 60 }, (_, i) => ({
      trackId: tracks[i % tracks.length]!,
      playedAt: new Date(cursor + (i + 1) * 4 * MIN),
    }));
    await kit.addPlays(userId, plays);
    expect(await server.app.get(PollingService).pollListenerNow(listenerId)).toEqual({
      inserted: 50,
      attributed: 0,
    });
    const gaps = await kit.db.query(`SELECT gap_from, gap_to FROM observation_gaps WHERE listener_id = $1`, [
      listenerId,
    ]);
    expect(gaps).toEqual([{ gap_from: new Date(cursor), gap_to: plays[10]!.playedAt }]);
    // A normal poll afterwards records none.
    await kit.addPlays(userId, [{ trackId: tracks[0]!, playedAt: ago(MIN) }]);
    expect(await server.app.get(PollingService).pollListenerNow(listenerId)).toEqual({
      inserted: 1,
      attributed: 0,
    });
    const [{ count }] = await kit.db.query(
      `SELECT count(*)::int AS count FROM observation_gaps WHERE listener_id = $1`,
      [listenerId],
    );
    expect(count).toBe(1);
  });

  it('reports polls, plays, gaps, errors, lag and listeners by status on /metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(metricValue(text, 'polling_polls_total', 'outcome="ok"')).toBeGreaterThan(5);
    expect(metricValue(text, 'polling_polls_total', 'outcome="needs_reconnect"')).toBe(1);
    expect(metricValue(text, 'polling_polls_total', 'outcome="dev_mode_blocked"')).toBe(1);
    expect(metricValue(text, 'polling_plays_ingested_total')).toBeGreaterThan(60);
    expect(metricValue(text, 'polling_observation_gaps_total')).toBe(1);
    expect(metricValue(text, 'polling_errors_total', 'kind="reconnect_required"')).toBe(1);
    expect(metricValue(text, 'polling_errors_total', 'kind="dev_mode_cap"')).toBe(1);
    expect(metricValue(text, 'polling_listener_transitions_total', 'to="needs_reconnect"')).toBe(1);
    expect(metricValue(text, 'polling_listeners', 'status="needs_reconnect"')).toBe(1);
    expect(metricValue(text, 'polling_listeners', 'status="dev_mode_blocked"')).toBe(1);
    expect(text).toMatch(/^polling_lag_seconds \d/m);
    expect(text).toMatch(/^polling_poll_duration_seconds_count \d+/m);
  });

  it('gives admins a summary at GET /api/v1/admin/polling, and nobody else', async () => {
    const admin = await registerOwner(server.url, 'admin@polling.test');
    await grantAdmin(server, admin.email);
    const owner = await registerOwner(server.url);
    // One listener overdue by a minute.
    await kit.createListener('Overdue', { nextPollAt: ago(MIN), leaseOwner: 'x', leaseUntil: ago(1) });
    await server.app.get(PollingService).summary(); // warm
    const res = await admin.agent.get('/api/v1/admin/polling').expect(200);
    expect(res.body).toMatchObject({
      listeners: { needsReconnect: 1, devModeBlocked: 1, disconnected: 1 },
      gapsLast24h: 1,
      listenersWithGapsLast24h: 1,
      spotify: { paused: expect.any(Boolean), quotaExceeded: false },
      worker: {
        polling: true,
        role: 'all',
        concurrency: 4,
        budgetPer30s: 600,
        activeIntervalS: 120,
        maxIntervalS: 1200,
      },
    });
    expect(res.body.listeners.total).toBe(res.body.listeners.active + 3);
    expect(res.body.pollLagS).toEqual(expect.any(Number));
    await owner.agent.get('/api/v1/admin/polling').expect(403);
    await request(server.url).get('/api/v1/admin/polling').expect(401);
  });

  async function control(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${sandbox}/_sandbox/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  }
});
