import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { PollingService } from '../src/modules/polling/polling.service';
import { SourceRateGate } from '../src/modules/sources/source-rate-gate.service';
import { SourcesPollingService } from '../src/modules/sources/sources-polling.service';
import { SourcesPollingWorker } from '../src/modules/sources/sources-polling.worker';
import { BROWSER_UA, createCampaign, createLink } from './support/campaigns';
import { connectThroughLink, syncNow } from './support/listeners';
import { grantAdmin, registerOwner, SignedInOwner } from './support/owners';
import { answerConsent, SandboxCatalog, sandboxCatalog, sandboxControl } from './support/sandbox';
import { sql } from './support/sql';
import { startTestServer, TestServer } from './support/test-server';

/** A play counts only when it started after the click. */
const AFTER = 7 * 60_000;
const SLUG = 'sources-connect';

interface Attribution {
  playId: string;
  trackId: string;
  reasons: string[];
}

/**
 * Last.fm and ListenBrainz as listening sources (issue 18), over HTTP against the real app in sandbox mode
 * and its mounted Last.fm and ListenBrainz emulators: a listener clicks a tracker link of an album campaign,
 * connects a source (Last.fm's authorization page, a ListenBrainz token), scrobbles, and a poll attributes
 * the plays with how and from where they were matched; errors, rate limits, disconnect and erase.
 */
describe('listening sources: Last.fm and ListenBrainz', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;
  let campaignId: string;
  let tracks: SandboxCatalog['tracks'];
  let album: SandboxCatalog['albums'][number];

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    owner = await registerOwner(server.url);
    catalog = await sandboxCatalog(server.url);
    album = catalog.albums.find((a) => a.trackIds.length >= 4)!;
    tracks = album.trackIds.map((id) => catalog.tracks.find((t) => t.id === id)!);
    const { body } = await createCampaign(owner, {
      name: 'Album push',
      destination: `spotify:album:${album.id}`,
    }).expect(201);
    campaignId = body.id;
    await createLink(owner, campaignId, { label: 'Newsletter', slug: SLUG }).expect(201);
    // The catalog learns the album's tracks from a Spotify listener's plays (name matching needs them).
    const seeder = (await sandboxControl(server.url, 'POST', 'users', { displayName: 'Seeder' })) as {
      id: string;
    };
    const { browser } = await connectThroughLink(server, SLUG, seeder.id);
    for (const [i, t] of tracks.entries()) {
      await sandboxControl(server.url, 'POST', `users/${seeder.id}/plays`, {
        trackId: t.id,
        playedAt: new Date(Date.now() - (i + 2) * 3_600_000).toISOString(),
      });
    }
    await syncNow(browser).expect(200);
  });
  afterAll(() => server?.stop());

  const artistOf = (track: SandboxCatalog['tracks'][number]) =>
    catalog.artists.find((a) => a.id === track.artistIds[0])!.name;

  const poll = (listenerId: string) => server.app.get(SourcesPollingService).pollListenerNow(listenerId);

  /** A browser that clicked the tracker link: the agent and the click's time. */
  async function clicked(): Promise<{ browser: TestAgent; clickId: string }> {
    const browser = request.agent(server.url);
    const res = await browser.get(`/l/${SLUG}`).set('User-Agent', BROWSER_UA).redirects(0).expect(302);
    const clickId = new URL(res.headers['location'] as string, server.url).searchParams.get('click')!;
    return { browser, clickId };
  }

  /** Connects Last.fm from `browser` through the sandbox's authorization page as `userName`. */
  async function connectLastfm(browser: TestAgent, clickId: string, userName: string) {
    await request(server.url).post('/sandbox/lastfm/_sandbox/users').send({ userName }).expect(201);
    const start = await browser
      .get(`/api/v1/listeners/connect/lastfm/start?slug=${SLUG}&click=${clickId}`)
      .set('User-Agent', BROWSER_UA)
      .redirects(0)
      .expect(302);
    const authorize = new URL(start.headers['location'] as string);
    expect(authorize.pathname).toBe('/sandbox/lastfm/api/auth/');
    const cb = authorize.searchParams.get('cb')!;
    expect(cb).toMatch(new RegExp(`^${server.url}/api/v1/listeners/connect/lastfm/callback\\?state=`));
    const page = await request(server.url).get(`${authorize.pathname}${authorize.search}`).expect(200);
    expect(page.text).toContain(`value="${userName}"`);
    expect(page.text).toContain('Yes, allow access');
    const allowed = await request(server.url)
      .post('/sandbox/lastfm/api/auth/decision')
      .type('form')
      .send({ api_key: authorize.searchParams.get('api_key'), cb, user: userName, decision: 'allow' })
      .expect(302);
    const callback = new URL(allowed.headers['location'] as string);
    expect(callback.searchParams.get('token')).toMatch(/^[0-9a-f]{32}$/);
    return browser
      .get(`${callback.pathname}${callback.search}`)
      .set('User-Agent', BROWSER_UA)
      .redirects(0)
      .expect(302);
  }

  async function listenerOf(accountName: string): Promise<{ listenerId: string; clickedAt: number }> {
    const [row] = await sql<{ listener_id: string; clicked_at: Date }>(
      server,
      `SELECT s.listener_id, (SELECT max(k.clicked_at) FROM clicks k WHERE k.listener_id = s.listener_id) AS clicked_at
         FROM listening_sources s WHERE s.account_name = $1`,
      [accountName],
    );
    return { listenerId: row!.listener_id, clickedAt: new Date(row!.clicked_at).getTime() };
  }

  async function attributionsOf(listenerId: string): Promise<Attribution[]> {
    const res = await owner.agent.get(`/api/v1/campaigns/${campaignId}/attributions?limit=100`).expect(200);
    const ids = new Set(
      (
        await sql<{ id: string }>(server, 'SELECT id::text FROM plays WHERE listener_id = $1', [listenerId])
      ).map((p) => p.id),
    );
    return (res.body.items as Attribution[]).filter((a) => ids.has(String(a.playId)));
  }

  const sources = (browser: TestAgent) => browser.get('/api/v1/listeners/me/sources').expect(200);
  /** A series' value on /metrics (0 when absent), e.g. metric('sources_polls_total{source="lastfm",outcome="ok"}'). */
  const metric = async (series: string) => {
    const page = (await request(server.url).get('/metrics').expect(200)).text;
    const line = page.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };
  const unsafe = (browser: TestAgent, method: 'delete' | 'post', path: string) =>
    browser[method](path).set('User-Agent', BROWSER_UA).set('X-Requested-With', 'soundlink');

  it('connects Last.fm from a tracker link and attributes name-matched scrobbles "from Last.fm"', async () => {
    const { browser, clickId } = await clicked();
    const back = await connectLastfm(browser, clickId, 'lf_ada');
    expect(back.headers['location']).toBe(`https://open.spotify.com/album/${album.id}`);
    expect(String(back.headers['set-cookie'])).toContain('sl_listener=');
    const { listenerId, clickedAt } = await listenerOf('lf_ada');
    expect(Number.isFinite(clickedAt)).toBe(true);
    // A listener without Spotify: no Spotify account, no tokens, never due for a Spotify poll.
    const [listener] = await sql<Record<string, unknown>>(
      server,
      'SELECT spotify_user_id, access_token_enc, next_poll_at FROM listeners WHERE id = $1',
      [listenerId],
    );
    expect(listener).toEqual({ spotify_user_id: null, access_token_enc: null, next_poll_at: null });
    await sql(server, `UPDATE listeners SET next_poll_at = now() - interval '1 hour' WHERE id = $1`, [
      listenerId,
    ]);
    const claimed = await server.app.get(PollingService).claimDue(100);
    expect(claimed.map((l) => l.id)).not.toContain(listenerId);
    await sql(server, 'UPDATE listeners SET next_poll_at = NULL WHERE id = $1', [listenerId]);
    // The session key is stored encrypted.
    const [source] = await sql<{ credential_enc: string }>(
      server,
      "SELECT credential_enc FROM listening_sources WHERE account_name = 'lf_ada'",
    );
    expect(source!.credential_enc).toMatch(/^v1\./);

    const [t0, t1] = tracks as [(typeof tracks)[0], (typeof tracks)[0]];
    const scrobble = (body: Record<string, unknown>) =>
      request(server.url).post('/sandbox/lastfm/_sandbox/users/lf_ada/scrobbles').send(body).expect(201);
    await scrobble({
      artistName: artistOf(t0).toUpperCase(),
      trackName: `${t0.name} - Remastered 2011`,
      timestamp: Math.floor((clickedAt + AFTER) / 1000),
    });
    await scrobble({
      artistName: artistOf(t1),
      trackName: t1.name.toLowerCase(),
      albumName: album.name,
      timestamp: Math.floor((clickedAt + AFTER + 600_000) / 1000),
    });
    await scrobble({
      artistName: 'Nobody Known',
      trackName: 'Not In The Catalog',
      timestamp: Math.floor((clickedAt + AFTER + 1_200_000) / 1000),
    });
    await sandboxControl(server.url, 'POST', 'clock', { advanceMs: 3_600_000 });

    const synced = await syncNow(browser).expect(200);
    expect(synced.body).toMatchObject({ newPlays: 2, attributedPlays: 2 });
    const attributions = await attributionsOf(listenerId);
    expect(attributions.map((a) => a.trackId).sort()).toEqual([t0.id, t1.id].sort());
    for (const a of attributions) expect(a.reasons.slice(-2)).toEqual(['MATCHED_BY_NAME', 'FROM_LASTFM']);
    const [unmatched] = await sql<{ n: number }>(
      server,
      "SELECT count(*)::int AS n FROM unmatched_plays WHERE listener_id = $1 AND origin = 'lastfm'",
      [listenerId],
    );
    expect(unmatched!.n).toBe(1);
    // The operator sees the poll and its plays, matched and not, per source.
    expect(await metric('sources_plays_ingested_total{source="lastfm",match="matched"}')).toBe(2);
    expect(await metric('sources_plays_ingested_total{source="lastfm",match="unmatched"}')).toBe(1);
    const okPolls = await metric('sources_polls_total{source="lastfm",outcome="ok"}');
    expect(okPolls).toBeGreaterThanOrEqual(1);
    // Polling again reads the same scrobbles again (the cursor's second is inclusive) and stores nothing twice.
    expect((await poll(listenerId))[0]).toMatchObject({ outcome: 'stored', inserted: 0 });
    expect(await metric('sources_polls_total{source="lastfm",outcome="ok"}')).toBe(okPolls + 1);
    expect(await metric('sources_plays_ingested_total{source="lastfm",match="matched"}')).toBe(2);

    const listed = await sources(browser);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        kind: 'lastfm',
        accountName: 'lf_ada',
        status: 'active',
        lastPolledAt: expect.any(String),
      }),
    ]);
  });

  it('attack: a Last.fm callback opened in another browser, forged or replayed connects nothing', async () => {
    // The attacker authorizes their own Last.fm account, then sends the callback link to a victim, whose
    // browser would otherwise be attached to the attacker's listening (and the victim's clicks to it).
    await request(server.url)
      .post('/sandbox/lastfm/_sandbox/users')
      .send({ userName: 'mallory' })
      .expect(201);
    const attacker = await clicked();
    const start = await attacker.browser
      .get(`/api/v1/listeners/connect/lastfm/start?slug=${SLUG}&click=${attacker.clickId}`)
      .set('User-Agent', BROWSER_UA)
      .redirects(0)
      .expect(302);
    const authorize = new URL(start.headers['location'] as string);
    const allowed = await request(server.url)
      .post('/sandbox/lastfm/api/auth/decision')
      .type('form')
      .send({
        api_key: authorize.searchParams.get('api_key'),
        cb: authorize.searchParams.get('cb'),
        user: 'mallory',
        decision: 'allow',
      })
      .expect(302);
    const callback = new URL(allowed.headers['location'] as string);
    const open = (browser: TestAgent, search: string) =>
      browser.get(`${callback.pathname}${search}`).set('User-Agent', BROWSER_UA).redirects(0).expect(302);
    const refused = (res: request.Response) => {
      // Back to the connect page (or, when the state names no link, the listener page) with the error said.
      expect(res.headers['location']).toMatch(new RegExp(`^/(connect/${SLUG}|me)\\?error=`));
      expect(String(res.headers['set-cookie'] ?? '')).not.toContain('sl_listener=');
    };

    // The victim's browser (without the attacker's state cookie) opens the attacker's callback.
    const victim = await clicked();
    refused(await open(victim.browser, callback.search));
    const mallory = () => sql(server, `SELECT 1 FROM listening_sources WHERE account_name = 'mallory'`);
    expect(await mallory()).toHaveLength(0);

    // The real one, in the attacker's browser, connects once; replaying it connects nothing more.
    const ok = await open(attacker.browser, callback.search);
    expect(ok.headers['location']).not.toMatch(/error=/);
    refused(await open(attacker.browser, callback.search));
    // A forged state, even with a valid token, in the attacker's own browser.
    const forged = new URLSearchParams(callback.search);
    forged.set('state', 'forged.state.value');
    refused(await open(attacker.browser, `?${forged.toString()}`));
    expect(await mallory()).toHaveLength(1);
  });

  it('marks a Last.fm source needs_reconnect when its session was revoked', async () => {
    const { listenerId } = await listenerOf('lf_ada');
    await request(server.url).post('/sandbox/lastfm/_sandbox/users/lf_ada/revoke').expect(200);
    expect(await poll(listenerId)).toEqual([expect.objectContaining({ outcome: 'needs_reconnect' })]);
    const [row] = await sql<{ status: string; next_poll_at: Date | null }>(
      server,
      "SELECT status, next_poll_at FROM listening_sources WHERE account_name = 'lf_ada'",
    );
    expect(row).toEqual({ status: 'needs_reconnect', next_poll_at: null });
    // Not polled any more.
    expect(await poll(listenerId)).toEqual([]);
    expect(await metric('sources_polls_total{source="lastfm",outcome="needs_reconnect"}')).toBe(1);
    expect(await metric('sources_accounts{source="lastfm",status="needs_reconnect"}')).toBe(1);
  });

  it('connects ListenBrainz by token and attributes a listen carrying a Spotify id "matched by Spotify id"', async () => {
    const { browser, clickId } = await clicked();
    const user = (
      await request(server.url)
        .post('/sandbox/listenbrainz/_sandbox/users')
        .send({ userName: 'lb_bo' })
        .expect(201)
    ).body as { token: string };
    // Without the CSRF header: refused, nothing stored.
    await browser
      .post('/api/v1/listeners/connect/listenbrainz')
      .send({ token: user.token, slug: SLUG })
      .expect(403);
    const bad = await unsafe(browser, 'post', '/api/v1/listeners/connect/listenbrainz')
      .send({ token: 'not-a-token', slug: SLUG, click: clickId })
      .expect(422);
    expect(bad.body).toMatchObject({ error: 'SourceTokenInvalid', details: [{ field: 'token' }] });
    expect(bad.body.details[0].reason).toMatch(/not valid/);
    expect(String(bad.headers['set-cookie'] ?? '')).not.toContain('sl_listener=');

    const ok = await unsafe(browser, 'post', '/api/v1/listeners/connect/listenbrainz')
      .send({ token: user.token, slug: SLUG, click: clickId })
      .expect(200);
    expect(ok.body).toMatchObject({
      source: { kind: 'listenbrainz', accountName: 'lb_bo', status: 'active' },
      destinationUrl: `https://open.spotify.com/album/${album.id}`,
    });
    const { listenerId, clickedAt } = await listenerOf('lb_bo');
    const [, , t2, t3] = tracks as Array<(typeof tracks)[0]>;
    const listen = (body: Record<string, unknown>) =>
      request(server.url).post('/sandbox/listenbrainz/_sandbox/users/lb_bo/listens').send(body).expect(201);
    await listen({
      artistName: 'Someone Else Entirely',
      trackName: 'A Title That Matches Nothing',
      listenedAt: Math.floor((clickedAt + AFTER) / 1000),
      spotifyId: `https://open.spotify.com/track/${t2!.id}`,
    });
    await listen({
      artistName: artistOf(t3!),
      trackName: `${t3!.name} (feat. Guest Singer)`,
      listenedAt: Math.floor((clickedAt + AFTER + 600_000) / 1000),
    });
    await sandboxControl(server.url, 'POST', 'clock', { advanceMs: 3_600_000 });
    // The worker's round: the new source is due at once; it is leased, polled and scheduled.
    const worker = server.app.get(SourcesPollingWorker);
    await worker.tick();
    await worker.idle();
    const [polled] = await sql<{ interval_s: number; lease_owner: string | null }>(
      server,
      `SELECT EXTRACT(EPOCH FROM next_poll_at - last_polled_at)::int AS interval_s, lease_owner
         FROM listening_sources WHERE account_name = 'lb_bo'`,
    );
    // A listener who clicked within 28 days is polled every SOURCE_POLL_ACTIVE_INTERVAL_S (600 s by default).
    expect(polled).toEqual({ interval_s: 600, lease_owner: null });
    const byTrack = Object.fromEntries((await attributionsOf(listenerId)).map((a) => [a.trackId, a.reasons]));
    expect(byTrack[t2!.id]!.slice(-2)).toEqual(['MATCHED_BY_SPOTIFY_ID', 'FROM_LISTENBRAINZ']);
    expect(byTrack[t3!.id]!.slice(-2)).toEqual(['MATCHED_BY_NAME', 'FROM_LISTENBRAINZ']);

    // The same browser connects Spotify later: Spotify joins this listener rather than making another one.
    const spotifyUser = (await sandboxControl(server.url, 'POST', 'users', { displayName: 'Bo' })) as {
      id: string;
    };
    const start = await browser
      .get(`/api/v1/listeners/connect/start?slug=${SLUG}`)
      .set('User-Agent', BROWSER_UA)
      .redirects(0)
      .expect(302);
    const callback = new URL(await answerConsent(start.headers['location'] as string, spotifyUser.id));
    await browser
      .get(`${callback.pathname}${callback.search}`)
      .set('User-Agent', BROWSER_UA)
      .redirects(0)
      .expect(302);
    const [joined] = await sql<{ n: number }>(
      server,
      'SELECT count(*)::int AS n FROM listeners WHERE id = $1 AND spotify_user_id IS NOT NULL',
      [listenerId],
    );
    expect(joined!.n).toBe(1);
    expect((await sources(browser)).body.items.map((i: { kind: string }) => i.kind)).toEqual([
      'spotify',
      'listenbrainz',
    ]);
  });

  it('attaches a source to the listener of the browser’s cookie; a Last.fm rate limit pauses every Last.fm call', async () => {
    const { browser, clickId } = await clicked();
    const user = (
      await request(server.url)
        .post('/sandbox/listenbrainz/_sandbox/users')
        .send({ userName: 'lb_cy' })
        .expect(201)
    ).body as { token: string };
    await unsafe(browser, 'post', '/api/v1/listeners/connect/listenbrainz')
      .send({ token: user.token, slug: SLUG, click: clickId })
      .expect(200);
    await connectLastfm(browser, clickId, 'lf_cy');
    const { listenerId } = await listenerOf('lb_cy');
    expect((await listenerOf('lf_cy')).listenerId).toBe(listenerId);
    expect((await sources(browser)).body.items.map((s: { kind: string }) => s.kind).sort()).toEqual([
      'lastfm',
      'listenbrainz',
    ]);

    const gate = server.app.get(SourceRateGate);
    await request(server.url)
      .post('/sandbox/lastfm/_sandbox/faults')
      .send({ scope: 'global', error: 29, count: 1 })
      .expect(201);
    await request(server.url)
      .delete('/sandbox/lastfm/_sandbox/calls')
      .expect((res) => expect(res.status).toBeLessThan(300));
    try {
      const results = await poll(listenerId);
      expect(results.find((r) => r.kind === 'lastfm')).toMatchObject({ outcome: 'paused' });
      expect(results.find((r) => r.kind === 'listenbrainz')).toMatchObject({ outcome: 'stored' });
      expect(await gate.pausedUntil('lastfm')).toBeGreaterThan(Date.now());
      // Paused: the next poll sends Last.fm nothing.
      expect((await poll(listenerId)).find((r) => r.kind === 'lastfm')).toMatchObject({ outcome: 'paused' });
      const calls = (await request(server.url).get('/sandbox/lastfm/_sandbox/calls').expect(200))
        .body as unknown[];
      expect(calls).toHaveLength(1);
      const [row] = await sql<{ error_count: number; status: string }>(
        server,
        "SELECT error_count, status FROM listening_sources WHERE account_name = 'lf_cy'",
      );
      expect(row).toEqual({ error_count: 0, status: 'active' });
      // One pause, however many polls it stopped.
      expect(await metric('sources_rate_limit_pauses_total{source="lastfm"}')).toBe(1);
      expect(await metric('sources_polls_total{source="lastfm",outcome="paused"}')).toBe(2);
    } finally {
      await gate.reset('lastfm');
    }
    // "Service offline" (11) once: retried within the poll, which then stores.
    await request(server.url)
      .post('/sandbox/lastfm/_sandbox/faults')
      .send({ scope: 'global', error: 11, count: 1 })
      .expect(201);
    await request(server.url).delete('/sandbox/lastfm/_sandbox/calls');
    const retried = await server.app.get(SourcesPollingService).pollListenerNow(listenerId, 'lastfm');
    expect(retried).toEqual([expect.objectContaining({ kind: 'lastfm', outcome: 'stored' })]);
    const calls = (await request(server.url).get('/sandbox/lastfm/_sandbox/calls').expect(200))
      .body as Array<{
      error: unknown;
    }>;
    expect(calls).toHaveLength(2);
  });

  it('disconnects a source and erases every source with the listener', async () => {
    const { listenerId } = await listenerOf('lb_cy');
    const browser = request.agent(server.url);
    // The same listener's browser: connect again through ListenBrainz with the account's token to get its cookie.
    const token = (
      (await request(server.url).post('/sandbox/listenbrainz/_sandbox/users/lb_cy/token').expect(200))
        .body as {
        token: string;
      }
    ).token;
    await unsafe(browser, 'post', '/api/v1/listeners/connect/listenbrainz').send({ token }).expect(200);
    expect((await listenerOf('lb_cy')).listenerId).toBe(listenerId);

    await unsafe(browser, 'delete', '/api/v1/listeners/me/sources/listenbrainz').expect(204);
    await unsafe(browser, 'delete', '/api/v1/listeners/me/sources/spotify').expect(404);
    await unsafe(browser, 'delete', '/api/v1/listeners/me/sources/deezer').expect(400);
    const [row] = await sql<{ status: string; credential_enc: string | null }>(
      server,
      "SELECT status, credential_enc FROM listening_sources WHERE account_name = 'lb_cy'",
    );
    expect(row).toEqual({ status: 'disconnected', credential_enc: null });
    expect((await poll(listenerId)).map((r) => r.kind)).toEqual(['lastfm']);

    const exported = await browser.get('/api/v1/listeners/me/export').expect(200);
    expect(exported.body.other.listening_sources).toHaveLength(2);
    expect(JSON.stringify(exported.body)).not.toContain('credential');

    await unsafe(browser, 'delete', '/api/v1/listeners/me').expect(204);
    const left = await sql<{ n: number }>(
      server,
      `SELECT count(*)::int AS n FROM listening_sources WHERE listener_id = $1 OR account_name IN ('lb_cy', 'lf_cy')`,
      [listenerId],
    );
    expect(left[0]!.n).toBe(0);
  });

  it('shows admins the sources at a glance at GET /api/v1/admin/polling/sources, and nobody else', async () => {
    const admin = await registerOwner(server.url, 'admin@sources.test');
    await grantAdmin(server, admin.email);
    const counts = await sql<{ kind: string; status: string; n: number }>(
      server,
      'SELECT kind, status, count(*)::int AS n FROM listening_sources GROUP BY kind, status',
    );
    const count = (kind: string, status: string) =>
      counts.find((c) => c.kind === kind && c.status === status)?.n ?? 0;
    const res = await admin.agent.get('/api/v1/admin/polling/sources').expect(200);
    expect(res.body.items.map((i: { kind: string }) => i.kind)).toEqual(['lastfm', 'listenbrainz']);
    for (const item of res.body.items) {
      expect(item).toMatchObject({
        active: count(item.kind, 'active'),
        needsReconnect: count(item.kind, 'needs_reconnect'),
        disconnected: count(item.kind, 'disconnected'),
        requestsPerSecond: expect.any(Number),
        paused: expect.any(Boolean),
      });
    }
    // Earlier tests connected Last.fm accounts, one of them revoked, and read them.
    const lastfm = res.body.items[0];
    expect(lastfm.active + lastfm.needsReconnect).toBeGreaterThan(0);
    expect(lastfm.needsReconnect).toBeGreaterThan(0);
    expect(lastfm.lastPolledAt).toEqual(expect.any(String));
    await owner.agent.get('/api/v1/admin/polling/sources').expect(403);
    await request(server.url).get('/api/v1/admin/polling/sources').expect(401);
  });
});
