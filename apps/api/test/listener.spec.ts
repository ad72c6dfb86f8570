import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { SecretsService } from '../src/common/security/secrets.service';
import { signToken } from '../src/common/security/signed-token';
import { TokenCipher } from '../src/common/security/token-cipher';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { ingestRecentlyPlayed } from '../src/modules/listener/play-ingest.repository';
import type { SpotifyPlay } from '../src/modules/spotify/spotify.types';
import { DataSource } from 'typeorm';
import { BROWSER_UA, click, createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { answerConsent, SandboxCatalog, sandboxCatalog, sandboxControl, sandboxUrl } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';
import { sql } from './support/sql';

/**
 * The listener connect flow and the listener's privacy API, end to end over HTTP: the real app on its own
 * database, Spotify played by the in-process sandbox (consent page, token endpoint, Web API).
 */

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const pathOf = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

function setCookies(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as unknown as string[] | string | undefined;
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
}

function cookieValue(res: request.Response, name: string): string | undefined {
  const cookie = setCookies(res).find((c) => c.startsWith(`${name}=`));
  return cookie?.slice(name.length + 1, cookie.indexOf(';'));
}

/** A browser: a cookie jar, a real user agent, no automatic redirects. */
class Browser {
  readonly agent: TestAgent;
  constructor(readonly baseUrl: string) {
    this.agent = request.agent(baseUrl);
  }
  get(path: string) {
    return this.agent.get(path).set('User-Agent', BROWSER_UA).redirects(0);
  }
  /** Unsafe listener request, as the SPA sends it. */
  unsafe(method: 'post' | 'delete', path: string, withHeader = true) {
    const req = this.agent[method](path).set('User-Agent', BROWSER_UA).redirects(0);
    return withHeader ? req.set('X-Requested-With', 'soundlink') : req;
  }
}

interface Flow {
  click: request.Response;
  clickId: string;
  visitorId: string;
  start: request.Response;
  callback: string;
  back: request.Response;
}

/** Click a tracker link, read the connect page, start, answer Spotify's consent page, follow the callback. */
async function connectThroughLink(
  browser: Browser,
  slug: string,
  userId: string,
  decision: 'agree' | 'cancel' = 'agree',
): Promise<Flow> {
  const click = await browser.get(`/l/${slug}`).expect(302);
  const location = click.headers['location'] as string;
  expect(location).toMatch(new RegExp(`^/connect/${slug}\\?click=[0-9a-f-]{36}$`));
  const clickId = new URL(location, browser.baseUrl).searchParams.get('click') as string;
  const visitorId = cookieValue(click, 'sl_vid') ?? '';
  await browser.get(`/api/v1/connect/${slug}`).expect(200);
  const start = await browser
    .get(`/api/v1/listeners/connect/start?slug=${slug}&click=${clickId}`)
    .expect(302);
  const callback = await answerConsent(start.headers['location'] as string, userId, decision);
  const back = await browser.get(pathOf(callback));
  return { click, clickId, visitorId, start, callback, back };
}

describe('listeners: connect flow and privacy', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;
  let trackId: string;
  let otherTrackId: string;
  let campaignId: string;
  let ada: { id: string; displayName: string };
  let benji: { id: string; displayName: string };
  let chloe: { id: string; displayName: string };
  /** Ada's browser: connected in the first test, used by the privacy tests. */
  let adaBrowser: Browser;
  let adaFlow: Flow;
  let adaListenerId: string;

  const user = (name: string) => {
    const found = catalog.users.find((u) => u.displayName === name);
    if (!found) throw new Error(`no sandbox user ${name}`);
    return found;
  };

  const listenerRow = async (id: string) =>
    (
      await sql<{
        id: string;
        spotify_user_id: string;
        display_name: string;
        status: string;
        access_token_enc: string | null;
        refresh_token_enc: string | null;
        token_expires_at: Date | null;
        consented_at: Date;
        next_poll_at: Date | null;
        cursor_ms: string | null;
        disconnected_at: Date | null;
      }>(server, 'SELECT * FROM listeners WHERE id = $1', [id])
    )[0];

  beforeAll(async () => {
    server = await startTestServer();
    owner = await registerOwner(server.url);
    await owner.unsafe('patch', '/api/v1/auth/me').send({ displayName: 'Nightjar Records' });
    catalog = await sandboxCatalog(server.url);
    trackId = catalog.tracks[3]!.id;
    otherTrackId = catalog.tracks[7]!.id;
    ada = user('Ada Moreno');
    benji = user('Benji Carter');
    chloe = user('Chloé Dubois');
    const { body: campaign } = await createCampaign(owner, {
      name: 'Summer Singles',
      destination: `spotify:track:${trackId}`,
    }).expect(201);
    campaignId = campaign.id;
    for (const slug of ['ada-flow', 'ada-poster', 'denied-flow', 'cap-flow', 'down-flow', 'state-flow']) {
      await createLink(owner, campaignId, { label: slug, slug }).expect(201);
    }
  });
  afterAll(() => server?.stop());

  it('describes a live link on the public connect endpoint, and refuses dead ones like the redirect', async () => {
    const res = await request(server.url).get('/api/v1/connect/ADA-FLOW').expect(200);
    const [stored] = await sql<{ destination_image_url: string | null }>(
      server,
      'SELECT destination_image_url FROM campaigns WHERE id = $1',
      [campaignId],
    );
    expect(res.body).toEqual({
      slug: 'ada-flow',
      campaign: {
        name: 'Summer Singles',
        destinationType: 'track',
        destinationName: catalog.tracks[3]!.name,
        imageUrl: stored!.destination_image_url,
      },
      owner: { displayName: 'Nightjar Records' },
      destinationUrl: `https://open.spotify.com/track/${trackId}`,
      reads: 'recently played tracks',
      retentionNote: expect.stringContaining('until you disconnect'),
      // Sandbox mode: the mounted Last.fm sandbox stands in for an API key.
      sources: ['spotify', 'lastfm', 'listenbrainz'],
    });
    expect(JSON.stringify(res.body)).not.toContain(owner.email);

    const unknown = await request(server.url).get('/api/v1/connect/no-such-link').expect(404);
    expect(unknown.body.error).toBe('LinkNotFound');
    const { body: off } = await createLink(owner, campaignId, { label: 'off', slug: 'switched-off' });
    await owner
      .unsafe('patch', `/api/v1/campaigns/${campaignId}/links/${off.id}`)
      .send({ enabled: false })
      .expect(200);
    expect((await request(server.url).get('/api/v1/connect/switched-off').expect(404)).body.error).toBe(
      'LinkDisabled',
    );
    await createLink(owner, campaignId, { label: 'x', slug: 'long-gone', expiresAt: '2020-01-01T00:00:00Z' });
    expect((await request(server.url).get('/api/v1/connect/long-gone').expect(410)).body.error).toBe(
      'LinkExpired',
    );
    const { body: archived } = await createCampaign(owner, {
      name: 'Old',
      destination: `spotify:track:${trackId}`,
    }).expect(201);
    await createLink(owner, archived.id, { label: 'x', slug: 'old-campaign' }).expect(201);
    await owner.unsafe('patch', `/api/v1/campaigns/${archived.id}`).send({ status: 'archived' }).expect(200);
    expect((await request(server.url).get('/api/v1/connect/old-campaign').expect(410)).body.error).toBe(
      'CampaignArchived',
    );
    // A dead link's start goes back to the connect page, which explains it.
    const start = await request(server.url)
      .get('/api/v1/listeners/connect/start?slug=long-gone')
      .redirects(0);
    expect(start.status).toBe(302);
    expect(start.headers['location']).toBe('/connect/long-gone');
  });

  it('connects a listener from a click: tokens encrypted, clicks linked, baseline imported, cookie set', async () => {
    const known = await sandboxControl(server.url, 'POST', `users/${ada.id}/plays`, {
      trackId: otherTrackId,
      playedAt: new Date(Date.now() - 60_000).toISOString(),
      context: { type: 'playlist_v2', uri: `spotify:playlist:${catalog.playlists[0]!.id}` },
    });
    expect(known).toBeTruthy();

    adaBrowser = new Browser(server.url);
    // An earlier click of the same browser on another link of the campaign.
    const earlier = await adaBrowser.get('/l/ada-poster').expect(302);
    expect(cookieValue(earlier, 'sl_vid')).toBeDefined();

    adaFlow = await connectThroughLink(adaBrowser, 'ada-flow', ada.id);
    const authorize = new URL(adaFlow.start.headers['location'] as string);
    expect(authorize.href.startsWith(`${sandboxUrl(server.url)}/authorize?`)).toBe(true);
    expect(authorize.searchParams.get('scope')).toBe('user-read-recently-played user-top-read');
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `${server.url}/api/v1/listeners/connect/callback`,
    );
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    expect(adaFlow.back.status).toBe(302);
    expect(adaFlow.back.headers['location']).toBe(`https://open.spotify.com/track/${trackId}`);
    const cookie = setCookies(adaFlow.back).find((c) => c.startsWith('sl_listener='));
    expect(cookie).toMatch(
      /^sl_listener=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/,
    );

    const [listener] = await sql<{ id: string }>(server, 'SELECT id FROM listeners');
    adaListenerId = listener!.id;
    const row = (await listenerRow(adaListenerId))!;
    expect(row).toMatchObject({ display_name: 'Ada Moreno', status: 'active', disconnected_at: null });
    expect(row.consented_at.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(row.next_poll_at!.getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(row.next_poll_at!.getTime()).toBeLessThan(Date.now() + 120_000);

    // Tokens: encrypted at rest, the real ones (they work on Spotify), and nowhere in plaintext.
    const cipher = server.app.get(TokenCipher);
    const accessToken = cipher.decrypt(row.access_token_enc!);
    const refreshToken = cipher.decrypt(row.refresh_token_enc!);
    expect(row.access_token_enc).toMatch(/^v1\./);
    const me = await fetch(`${sandboxUrl(server.url)}/v1/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const profile = (await me.json()) as { id: string; account_id?: string };
    expect(profile.id).toBe(ada.id);
    expect(row.spotify_user_id).toBe(profile.account_id ?? profile.id);
    const tables = await sql<{ table_name: string }>(
      server,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    for (const { table_name } of tables) {
      for (const secret of [accessToken, refreshToken]) {
        const hits = await sql<{ n: number }>(
          server,
          `SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text LIKE '%' || $1 || '%'`,
          [secret],
        );
        expect({ table_name, n: hits[0]!.n }).toEqual({ table_name, n: 0 });
      }
    }

    // Both clicks of this browser now name the listener.
    const [first] = await sql<{ visitor_id: string }>(server, 'SELECT visitor_id FROM clicks WHERE id = $1', [
      adaFlow.clickId,
    ]);
    adaFlow.visitorId = first!.visitor_id;
    expect(adaFlow.visitorId).toBe(cookieValue(earlier, 'sl_vid'));
    const clicks = await sql<{ id: string; listener_id: string }>(
      server,
      'SELECT id, listener_id FROM clicks WHERE visitor_id = $1 ORDER BY clicked_at',
      [adaFlow.visitorId],
    );
    expect(clicks).toHaveLength(2);
    expect(clicks.every((c) => c.listener_id === adaListenerId)).toBe(true);
    expect(clicks.map((c) => c.id)).toContain(adaFlow.clickId);

    // The baseline is exactly what Spotify says was recently played, tracks included.
    const recent = (await (
      await fetch(`${sandboxUrl(server.url)}/v1/me/player/recently-played?limit=50`, {
        headers: { authorization: `Bearer ${accessToken}` },
      })
    ).json()) as { items: Array<{ played_at: string; track: { id: string; name: string } }> };
    const plays = await sql<{
      played_at: Date;
      track_id: string;
      source: string;
      context_type: string | null;
    }>(
      server,
      'SELECT played_at, track_id, source, context_type FROM plays WHERE listener_id = $1 ORDER BY played_at DESC',
      [adaListenerId],
    );
    expect(plays.length).toBe(recent.items.length);
    expect(plays.map((p) => [p.played_at.toISOString(), p.track_id])).toEqual(
      recent.items.map((i) => [new Date(i.played_at).toISOString(), i.track.id]),
    );
    expect(plays.every((p) => p.source === 'baseline')).toBe(true);
    expect(plays.find((p) => p.track_id === otherTrackId)?.context_type).toBe('playlist');
    const tracks = await sql<{ id: string; name: string }>(
      server,
      'SELECT id, name FROM tracks WHERE id = ANY($1)',
      [[...new Set(plays.map((p) => p.track_id))]],
    );
    expect(tracks).toHaveLength(new Set(plays.map((p) => p.track_id)).size);
    expect(tracks.find((t) => t.id === otherTrackId)?.name).toBe(
      catalog.tracks.find((t) => t.id === otherTrackId)!.name,
    );
    expect(Number(row.cursor_ms)).toBe(plays[0]!.played_at.getTime());
  });

  it('sends a returning listener straight to the music and names them on the click', async () => {
    const { body: second } = await createCampaign(owner, {
      name: 'Autumn EP',
      destination: `spotify:track:${otherTrackId}`,
    }).expect(201);
    await createLink(owner, second.id, { label: 'newsletter', slug: 'autumn-news' }).expect(201);

    const res = await adaBrowser.get('/l/autumn-news').expect(302);
    expect(res.headers['location']).toBe(`https://open.spotify.com/track/${otherTrackId}`);
    const rows = await waitFor(
      () =>
        sql<{ listener_id: string | null }>(server, 'SELECT listener_id FROM clicks WHERE campaign_id = $1', [
          second.id,
        ]),
      (r) => r.length === 1,
    );
    expect(rows).toEqual([{ listener_id: adaListenerId }]);

    // The same Spotify account connecting from another browser is the same listener, updated.
    const before = (await listenerRow(adaListenerId))!;
    const phone = new Browser(server.url);
    const flow = await connectThroughLink(phone, 'ada-flow', ada.id);
    expect(flow.back.headers['location']).toBe(`https://open.spotify.com/track/${trackId}`);
    const listeners = await sql(server, 'SELECT id FROM listeners');
    expect(listeners).toEqual([{ id: adaListenerId }]);
    const after = (await listenerRow(adaListenerId))!;
    expect(after.consented_at.getTime()).toBeGreaterThan(before.consented_at.getTime());
    expect(after.access_token_enc).not.toBe(before.access_token_enc);
  });

  it('refuses replayed, forged, expired and other-browser states with a friendly way back', async () => {
    // Replay: the callback Ada already used.
    const replay = await adaBrowser.get(pathOf(adaFlow.callback)).expect(302);
    expect(replay.headers['location']).toBe('/connect/ada-flow?error=state');
    expect(setCookies(replay).some((c) => c.startsWith('sl_listener='))).toBe(false);

    // Forged: not our signature, or our signature over changed content.
    const forged = await adaBrowser
      .get('/api/v1/listeners/connect/callback?code=abc&state=eyJhbGciOiJIUzI1NiJ9.eyJzbHVnIjoieCJ9.AAAA')
      .expect(400);
    expect(forged.headers['content-type']).toMatch(/^text\/html/);
    expect(forged.text).toContain('couldn’t finish connecting Spotify');
    const state = new URL(adaFlow.start.headers['location'] as string).searchParams.get('state')!;
    const [header, body, signature] = state.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...payload, slug: 'evil' })).toString('base64url')}.${signature}`;
    await adaBrowser.get(`/api/v1/listeners/connect/callback?code=abc&state=${tampered}`).expect(400);
    await adaBrowser.get('/api/v1/listeners/connect/callback?code=abc').expect(400);

    // Expired: signed by us ten minutes and more ago.
    const secret = server.app.get(SecretsService).sessionSecret;
    const expired = signToken(
      { ...payload, nonce: 'x'.repeat(43), exp: Math.floor(Date.now() / 1000) - 1 },
      secret,
    );
    const late = await adaBrowser
      .get(`/api/v1/listeners/connect/callback?code=abc&state=${expired}`)
      .expect(302);
    expect(late.headers['location']).toBe('/connect/ada-flow?error=state');

    // Another browser: a state issued to Ada's browser cannot complete in someone else's.
    const victim = new Browser(server.url);
    await victim.get('/l/state-flow').expect(302);
    const start = await adaBrowser.get('/api/v1/listeners/connect/start?slug=state-flow').expect(302);
    const callback = await answerConsent(start.headers['location'] as string, chloe.id);
    const elsewhere = await victim.get(pathOf(callback)).expect(302);
    expect(elsewhere.headers['location']).toBe('/connect/state-flow?error=state');
    expect(setCookies(elsewhere).some((c) => c.startsWith('sl_listener='))).toBe(false);
  });

  it('takes a listener who says no back to the connect page, storing nothing', async () => {
    const flow = await connectThroughLink(new Browser(server.url), 'denied-flow', benji.id, 'cancel');
    expect(flow.back.status).toBe(302);
    expect(flow.back.headers['location']).toBe('/connect/denied-flow?error=denied');
    expect(setCookies(flow.back).some((c) => c.startsWith('sl_listener='))).toBe(false);
    expect(await sql(server, 'SELECT id FROM listeners')).toHaveLength(1);
  });

  it('explains Spotify’s development-mode cap when Spotify refuses another user', async () => {
    await sandboxControl(server.url, 'POST', 'config', { devModeUserCap: 1 });
    try {
      const flow = await connectThroughLink(new Browser(server.url), 'cap-flow', benji.id);
      expect(flow.back.headers['location']).toBe('/connect/cap-flow?error=dev-mode-cap');
      expect(setCookies(flow.back).some((c) => c.startsWith('sl_listener='))).toBe(false);
      expect(await sql(server, 'SELECT id FROM listeners')).toHaveLength(1);
    } finally {
      await sandboxControl(server.url, 'POST', 'config', { devModeUserCap: 25 });
    }
  });

  it('says Spotify is unavailable when its token endpoint fails or cannot be reached', async () => {
    await sandboxControl(server.url, 'POST', 'faults', { status: 503, path: '/api/token', count: 1 });
    const failing = await connectThroughLink(new Browser(server.url), 'down-flow', chloe.id);
    expect(failing.back.headers['location']).toBe('/connect/down-flow?error=unavailable');

    await sandboxControl(server.url, 'POST', 'faults', { drop: true, path: '/api/token', count: 1 });
    const dropped = await connectThroughLink(new Browser(server.url), 'down-flow', chloe.id);
    expect(dropped.back.headers['location']).toBe('/connect/down-flow?error=unavailable');
    await sandboxControl(server.url, 'DELETE', 'faults');
    expect(await sql(server, 'SELECT id FROM listeners')).toHaveLength(1);
  });

  describe('the listener’s own data', () => {
    it('shows what was recorded to the browser with the listener cookie, and nobody else', async () => {
      const anonymous = await request(server.url).get('/api/v1/listeners/me').expect(401);
      expect(anonymous.body.error).toBe('ListenerNotConnected');
      await request(server.url)
        .get('/api/v1/listeners/me')
        .set('Cookie', 'sl_listener=eyJhbGciOiJIUzI1NiJ9.eyJsaWQiOiJ4In0.AAAA')
        .expect(401);

      const res = await adaBrowser.get('/api/v1/listeners/me').expect(200);
      const [plays] = await sql<{ n: number }>(
        server,
        'SELECT count(*)::int AS n FROM plays WHERE listener_id = $1',
        [adaListenerId],
      );
      expect(res.body).toMatchObject({
        displayName: 'Ada Moreno',
        status: 'active',
        disconnectedAt: null,
        counts: { clicks: 4, plays: plays!.n, campaigns: 2 },
      });
      expect(
        (res.body.campaigns as Array<{ name: string; clicks: number }>).map((c) => [c.name, c.clicks]).sort(),
      ).toEqual([
        ['Autumn EP', 1],
        ['Summer Singles', 3],
      ]);
      expect(res.body.recentPlays.length).toBe(Math.min(20, plays!.n));
      expect(res.body.recentPlays[0]).toEqual({
        playedAt: expect.any(String),
        trackName: expect.any(String),
        artistNames: expect.any(Array),
        source: 'baseline',
      });
      expect(JSON.stringify(res.body)).not.toMatch(/token|spotify_user_id|visitor/i);
    });

    it('syncs new plays at once, at most every 30 seconds, and only with the anti-CSRF header', async () => {
      const trackA = catalog.tracks[11]!.id;
      const trackB = catalog.tracks[12]!.id;
      await sandboxControl(server.url, 'POST', `users/${ada.id}/plays`, {
        trackId: trackA,
        playedAt: new Date(Date.now() - 2000).toISOString(),
      });
      await sandboxControl(server.url, 'POST', `users/${ada.id}/plays`, {
        trackId: trackB,
        playedAt: new Date(Date.now() - 1000).toISOString(),
        context: null,
      });

      const noHeader = await adaBrowser.unsafe('post', '/api/v1/listeners/me/sync', false).expect(403);
      expect(noHeader.body.error).toBe('ListenerHeaderMissing');

      const res = await adaBrowser.unsafe('post', '/api/v1/listeners/me/sync').expect(200);
      expect(res.body).toEqual({ newPlays: 2, attributedPlays: 0, syncedAt: expect.any(String) });
      const fresh = await sql<{ track_id: string; source: string }>(
        server,
        `SELECT track_id, source FROM plays WHERE listener_id = $1 AND source = 'poll' ORDER BY played_at`,
        [adaListenerId],
      );
      expect(fresh).toEqual([
        { track_id: trackA, source: 'poll' },
        { track_id: trackB, source: 'poll' },
      ]);
      const row = (await listenerRow(adaListenerId))!;
      const [newest] = await sql<{ max: Date }>(
        server,
        'SELECT max(played_at) AS max FROM plays WHERE listener_id = $1',
        [adaListenerId],
      );
      expect(Number(row.cursor_ms)).toBe(newest!.max.getTime());

      const again = await adaBrowser.unsafe('post', '/api/v1/listeners/me/sync').expect(429);
      expect(again.body.error).toBe('SyncTooSoon');
      expect(Number(again.headers['retry-after'])).toBeGreaterThan(20);
      expect(Number(again.headers['retry-after'])).toBeLessThanOrEqual(30);
    });

    it('exports everything stored about the listener as a JSON download, never the tokens', async () => {
      const res = await adaBrowser.get('/api/v1/listeners/me/export').expect(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="soundlink-my-data.json"');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const [counts] = await sql<{ plays: number; clicks: number }>(
        server,
        `SELECT (SELECT count(*) FROM plays WHERE listener_id = $1)::int AS plays,
                (SELECT count(*) FROM clicks WHERE listener_id = $1)::int AS clicks`,
        [adaListenerId],
      );
      expect(res.body).toMatchObject({
        listener: { id: adaListenerId, displayName: 'Ada Moreno', status: 'active' },
        observationGaps: [],
        attributions: expect.any(Array),
        other: expect.any(Object),
      });
      expect(res.body.clicks).toHaveLength(counts!.clicks);
      expect(res.body.plays).toHaveLength(counts!.plays);
      expect(res.body.plays[0]).toMatchObject({ trackId: expect.any(String), trackName: expect.any(String) });
      const row = (await listenerRow(adaListenerId))!;
      const token = server.app.get(TokenCipher).decrypt(row.access_token_enc!);
      expect(res.text).not.toContain(token);
      expect(res.text).not.toMatch(/token_enc|accessToken|refreshToken/);
    });

    it('disconnects: tokens deleted, polling stopped, the page still shows the listener', async () => {
      await adaBrowser.unsafe('post', '/api/v1/listeners/me/disconnect', false).expect(403);
      await adaBrowser.unsafe('post', '/api/v1/listeners/me/disconnect').expect(204);
      const row = (await listenerRow(adaListenerId))!;
      expect(row).toMatchObject({
        status: 'disconnected',
        access_token_enc: null,
        refresh_token_enc: null,
        token_expires_at: null,
        next_poll_at: null,
      });
      expect(row.disconnected_at).toBeInstanceOf(Date);
      const me = await adaBrowser.get('/api/v1/listeners/me').expect(200);
      expect(me.body).toMatchObject({ status: 'disconnected', disconnectedAt: expect.any(String) });
      const sync = await adaBrowser.unsafe('post', '/api/v1/listeners/me/sync').expect(409);
      expect(sync.body.error).toBe('ListenerDisconnected');
    });

    it('erases: plays and the listener deleted, clicks kept but anonymised, cookies cleared', async () => {
      const clicksBefore = await sql<{ id: string; visitor_id: string }>(
        server,
        'SELECT id, visitor_id FROM clicks WHERE listener_id = $1',
        [adaListenerId],
      );
      const oldVisitors = [...new Set(clicksBefore.map((c) => c.visitor_id))];
      expect(clicksBefore).toHaveLength(4);

      await adaBrowser.unsafe('delete', '/api/v1/listeners/me', false).expect(403);
      const res = await adaBrowser.unsafe('delete', '/api/v1/listeners/me').expect(204);
      const cleared = setCookies(res);
      expect(cleared.find((c) => c.startsWith('sl_listener='))).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect(cleared.find((c) => c.startsWith('sl_vid='))).toMatch(/Expires=Thu, 01 Jan 1970/);

      expect(await sql(server, 'SELECT id FROM listeners WHERE id = $1', [adaListenerId])).toEqual([]);
      expect(await sql(server, 'SELECT id FROM plays WHERE listener_id = $1', [adaListenerId])).toEqual([]);
      const after = await sql<{
        id: string;
        visitor_id: string;
        listener_id: string | null;
        user_agent: string | null;
      }>(server, 'SELECT id, visitor_id, listener_id, user_agent FROM clicks WHERE id = ANY($1)', [
        clicksBefore.map((c) => c.id),
      ]);
      expect(after).toHaveLength(4);
      for (const c of after) {
        expect(c.listener_id).toBeNull();
        expect(c.user_agent).toBeNull();
        expect(oldVisitors).not.toContain(c.visitor_id);
      }
      expect(
        await sql(server, 'SELECT * FROM clicks WHERE visitor_id = ANY($1) OR listener_id = $2', [
          oldVisitors,
          adaListenerId,
        ]),
      ).toEqual([]);
      expect(
        await sql(server, 'SELECT * FROM campaign_visitors WHERE visitor_id = ANY($1)', [oldVisitors]),
      ).toEqual([]);
      // Aggregates keep counting: the campaign still has its clicks and unique visitors.
      const [visitors] = await sql<{ n: number }>(
        server,
        'SELECT count(*)::int AS n FROM campaign_visitors WHERE campaign_id = $1',
        [campaignId],
      );
      expect(visitors!.n).toBeGreaterThan(0);

      // Nothing anywhere names the listener any more.
      const tables = await sql<{ table_name: string }>(
        server,
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      );
      for (const { table_name } of tables) {
        const [hits] = await sql<{ n: number }>(
          server,
          `SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text LIKE '%' || $1 || '%'`,
          [adaListenerId],
        );
        expect({ table_name, n: hits!.n }).toEqual({ table_name, n: 0 });
      }

      // The old cookie leads nowhere, even replayed by hand.
      await adaBrowser.get('/api/v1/listeners/me').expect(401);
      const stale = cookieValue(adaFlow.back, 'sl_listener')!;
      await request(server.url).get('/api/v1/listeners/me').set('Cookie', `sl_listener=${stale}`).expect(401);

      // A browser elsewhere still holding that cookie still gets the music, and its click names nobody.
      const music = await click(server.url, '/l/ada-poster', { Cookie: `sl_listener=${stale}` }).expect(302);
      expect(music.headers['location']).toMatch(/^https:\/\/open\.spotify\.com\//);
      await server.app.get(ClickBuffer).flush();
      const [latest] = await sql<{ listener_id: string | null }>(
        server,
        `SELECT k.listener_id FROM clicks k JOIN tracker_links l ON l.id = k.link_id
          WHERE l.slug = 'ada-poster' ORDER BY k.clicked_at DESC, k.id DESC LIMIT 1`,
      );
      expect(latest).toEqual({ listener_id: null });
    });
  });
  describe('ingestRecentlyPlayed (shared with the polling service)', () => {
    const play = (id: string, at: number, name = `Track ${id.slice(0, 4)}`): SpotifyPlay => ({
      track: {
        id,
        uri: `spotify:track:${id}`,
        name,
        durationMs: 200_000,
        artists: [{ id: 'artist0000000000000001', name: 'Hollow Pines' }],
        album: { id: 'album00000000000000001', name: 'Night Drive', imageUrl: 'https://i.scdn.co/image/x' },
        isrc: null,
        popularity: null,
        isLocal: false,
      },
      playedAt: new Date(at),
      playedAtMs: at,
      context: { type: 'album', uri: 'spotify:album:album00000000000000001', id: 'album00000000000000001' },
    });

    it('stores each play once, upserts tracks, skips local files and only moves the cursor forward', async () => {
      const [row] = await sql<{ id: string }>(
        server,
        `INSERT INTO listeners (spotify_user_id, consented_at, status) VALUES ('ingest-test', now(), 'disconnected') RETURNING id`,
      );
      const listenerId = row!.id;
      const db = server.app.get(DataSource);
      const t0 = Date.parse('2026-11-01T10:00:00.000Z');
      const a = 'aaaaaaaaaaaaaaaaaaaaa1';
      const b = 'bbbbbbbbbbbbbbbbbbbbb2';
      const local = { ...play('x', t0 + 5000), track: { ...play('x', 0).track, id: '', isLocal: true } };

      const first = await ingestRecentlyPlayed(db, {
        listenerId,
        page: { items: [play(b, t0 + 2000), play(a, t0 + 1000), play(a, t0 + 1000), local], limit: 50 },
      });
      expect(first).toEqual({ inserted: 2, attributed: 0, newestPlayedAt: new Date(t0 + 2000), full: false });

      // An overlapping window: the known play is not stored again, the new one is; the name is refreshed.
      const second = await ingestRecentlyPlayed(db, {
        listenerId,
        page: { items: [play(a, t0 + 3000, 'Renamed'), play(b, t0 + 2000)] },
        requestedLimit: 2,
        nextPollAt: new Date(t0 + 60_000),
      });
      expect(second).toEqual({ inserted: 1, attributed: 0, newestPlayedAt: new Date(t0 + 3000), full: true });

      // An older page (a late, slow poll) stores what is new but never moves the cursor back.
      const late = await ingestRecentlyPlayed(db, { listenerId, page: { items: [play(b, t0 - 5000)] } });
      expect(late.inserted).toBe(1);

      const plays = await sql<{ track_id: string; source: string }>(
        server,
        'SELECT track_id, source FROM plays WHERE listener_id = $1 ORDER BY played_at',
        [listenerId],
      );
      expect(plays).toEqual([
        { track_id: b, source: 'poll' },
        { track_id: a, source: 'poll' },
        { track_id: b, source: 'poll' },
        { track_id: a, source: 'poll' },
      ]);
      const [listener] = await sql<{ cursor_ms: string; last_play_at: Date; next_poll_at: Date }>(
        server,
        'SELECT cursor_ms, last_play_at, next_poll_at FROM listeners WHERE id = $1',
        [listenerId],
      );
      expect(Number(listener!.cursor_ms)).toBe(t0 + 3000);
      expect(listener!.last_play_at.getTime()).toBe(t0 + 3000);
      expect(listener!.next_poll_at.getTime()).toBe(t0 + 60_000);
      const [track] = await sql<{ name: string; artist_names: string[]; album_name: string }>(
        server,
        'SELECT name, artist_names, album_name FROM tracks WHERE id = $1',
        [a],
      );
      expect(track).toEqual({ name: 'Renamed', artist_names: ['Hollow Pines'], album_name: 'Night Drive' });

      // An empty page changes nothing.
      expect(await ingestRecentlyPlayed(db, { listenerId, page: { items: [] } })).toEqual({
        inserted: 0,
        attributed: 0,
        newestPlayedAt: null,
        full: false,
      });
      await sql(server, 'DELETE FROM plays WHERE listener_id = $1', [listenerId]);
      await sql(server, 'DELETE FROM listeners WHERE id = $1', [listenerId]);
    });
  });
});
