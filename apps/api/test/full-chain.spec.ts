import { Client } from 'pg';
import request from 'supertest';
import { AnalyticsRollups } from '../src/modules/analytics/analytics-rollups.service';
import { AttributionService } from '../src/modules/attribution/attribution.service';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { PollingService } from '../src/modules/polling/polling.service';
import { openSse } from './analytics-kit';
import { waitFor } from './polling-kit';
import {
  BROWSER_UA,
  connectOwnerSpotify,
  createCampaign,
  createLink,
  demoPlaylist,
} from './support/campaigns';
import { registerOwner } from './support/owners';
import { answerConsent, sandboxControl } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

const HOUR = 3_600_000;

/**
 * The whole chain over HTTP: an owner's campaign and link, a listener who clicks and connects through the
 * sandbox, the sandbox playing tracks before and after the click, from the playlist, from elsewhere and
 * outside the window; the poller reads them and the engine attributes them; the owner's API shows it all.
 */
describe('the whole chain, click to attributed play', () => {
  let server: TestServer;

  beforeAll(async () => {
    // role api: the test decides when polling, attribution and rollups run
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
  });
  afterAll(() => server?.stop());

  it('attributes exactly the plays that qualify and reports them in the funnel, the series and the export', async () => {
    const owner = await registerOwner(server.url);
    const catalog = await connectOwnerSpotify(server.url, owner, 'Nightjar Records');
    const playlist = demoPlaylist(catalog);
    const uri = `spotify:playlist:${playlist.id}`;
    // a one-hour attribution window, so plays outside it can follow within the test
    const { body: campaign } = await createCampaign(owner, {
      name: 'Chain',
      destination: uri,
      attributionWindowHours: 1,
    }).expect(201);
    const { body: link } = await createLink(owner, campaign.id, {
      label: 'Instagram bio',
      slug: 'chain-ig',
    }).expect(201);
    // the owner's dashboard is open: its live stream must see the click, the connect and every attribution
    const { body: key } = await owner
      .unsafe('post', '/api/v1/api-keys')
      .send({ name: 'dashboard', scopes: ['analytics:read'] })
      .expect(201);
    const live = await openSse(`${server.url}/api/v1/campaigns/${campaign.id}/stream`, {
      authorization: `Bearer ${key.secret}`,
    });
    const [a, b, c, d, e] = playlist.trackIds as [string, string, string, string, string];
    const outsider = catalog.tracks.find((t) => !playlist.trackIds.includes(t.id))!.id;
    const listener = (await sandboxControl(server.url, 'POST', 'users', {
      displayName: 'Chain listener',
    })) as { id: string };
    const play = (trackId: string, playedAt: number, context: { type: string; uri: string } | null) =>
      sandboxControl(server.url, 'POST', `users/${listener.id}/plays`, {
        trackId,
        playedAt: new Date(playedAt).toISOString(),
        context,
      });

    // before the click: a track of the playlist (it becomes the listener's baseline)
    await play(a, Date.now() - 2 * HOUR, { type: 'playlist', uri });

    // the click and the connection, like a browser
    const browser = request.agent(server.url);
    const click = await browser.get('/l/chain-ig').set('User-Agent', BROWSER_UA).redirects(0).expect(302);
    const clickId = new URL(click.headers['location'] as string, server.url).searchParams.get('click');
    const start = await browser
      .get(`/api/v1/listeners/connect/start?slug=chain-ig&click=${clickId}`)
      .set('User-Agent', BROWSER_UA)
      .redirects(0)
      .expect(302);
    const callback = new URL(await answerConsent(start.headers['location'] as string, listener.id));
    const back = await browser
      .get(`${callback.pathname}${callback.search}`)
      .set('User-Agent', BROWSER_UA)
      .redirects(0);
    expect(back.headers['location']).toBe(`https://open.spotify.com/playlist/${playlist.id}`);
    await server.app.get(ClickBuffer).flush();
    expect((await live.next('click')).data).toMatchObject({ type: 'click', clickId, linkId: link.id });
    expect((await live.next('connect')).data).toMatchObject({ type: 'connect', clickId, linkId: link.id });

    // after the click: a repeat from the playlist, a new track from the playlist, a playlist track from
    // an album page, a track outside the playlist
    // (a play counts only when it started after the click: played_at − the track's duration, at most 6 minutes
    // in the sandbox, so these end 7 minutes after it)
    const t0 = Date.now() + 7 * 60_000;
    await play(a, t0 + 1_000, { type: 'playlist', uri });
    await play(b, t0 + 2_000, { type: 'playlist', uri });
    await play(c, t0 + 3_000, { type: 'album', uri: 'spotify:album:4aawyAB9vmqN3uQ7FjRGTy' });
    await play(outsider, t0 + 4_000, { type: 'playlist', uri });
    // outside the window: playlist tracks from the playlist, just after the hour and much later
    await play(d, t0 + HOUR + 60_000, { type: 'playlist', uri });
    await play(e, t0 + 2 * HOUR, { type: 'playlist', uri });
    // the sandbox shows plays once they happened: move its clock past them
    await sandboxControl(server.url, 'POST', 'clock', { advanceMs: 7 * 60_000 + 2 * HOUR + 10_000 });

    const beforePoll = await owner.agent.get(`/api/v1/campaigns/${campaign.id}/attributions`).expect(200);
    expect(beforePoll.body.items).toEqual([]); // nothing before the poll

    const db = new Client({ connectionString: server.database.url });
    await db.connect();
    const listenerId = (await db.query('SELECT id FROM listeners')).rows[0].id as string; // the only one
    await server.app.get(PollingService).pollListenerNow(listenerId);
    await server.app.get(AttributionService).sweep(0);
    // every play was read and stored, the two outside the window included (and the one before the click)
    const stored = (await db.query('SELECT track_id FROM plays WHERE listener_id = $1', [listenerId])).rows;
    await db.end();
    expect(stored.map((p: { track_id: string }) => p.track_id).sort()).toEqual(
      [a, a, b, c, outsider, d, e].sort(),
    );
    await server.app.get(AnalyticsRollups).processPending();

    const attributions = await owner.agent.get(`/api/v1/campaigns/${campaign.id}/attributions`).expect(200);
    const byTrack = Object.fromEntries(
      (
        attributions.body.items as Array<{ trackId: string; tier: string; credit: number; reasons: string[] }>
      ).map((x) => [x.trackId, x]),
    );
    // exactly the three in the window: not the play before the click, the outsider, nor d and e after the hour
    expect(Object.keys(byTrack).sort()).toEqual([a, b, c].sort());
    const livePlays = await waitFor(() => {
      const plays = live.events.filter((e) => e.event === 'attributed-play');
      return plays.length >= 3 && plays;
    });
    expect(livePlays.map((e) => (e.data as { trackId: string }).trackId).sort()).toEqual([a, b, c].sort());
    live.close();
    expect(byTrack[b]).toMatchObject({
      tier: 'high',
      credit: 1,
      reasons: ['CONTEXT_DESTINATION', 'TIME_DECAY', 'NEW_REACH', 'PLAYLIST_VERIFIED'],
    });
    expect(byTrack[a]).toMatchObject({
      tier: 'medium',
      reasons: ['CONTEXT_DESTINATION', 'TIME_DECAY', 'BASELINE_REPEAT', 'PLAYLIST_VERIFIED'],
    });
    expect(byTrack[c]).toMatchObject({
      tier: 'medium',
      reasons: ['CONTEXT_OTHER', 'TIME_DECAY', 'NEW_REACH', 'PLAYLIST_VERIFIED'],
    });

    const range = `from=${new Date(t0 - 24 * HOUR).toISOString()}&to=${new Date(t0 + 24 * HOUR).toISOString()}`;
    const funnel = await owner.agent
      .get(`/api/v1/campaigns/${campaign.id}/analytics/funnel?${range}`)
      .expect(200);
    expect(funnel.body).toMatchObject({
      clicks: 1,
      uniqueVisitors: 1,
      connects: 1,
      listeners: 1,
      attributedPlays: 3,
      creditedPlays: 3,
    });

    const series = await owner.agent
      .get(`/api/v1/campaigns/${campaign.id}/analytics/timeseries?${range}&granularity=day`)
      .expect(200);
    const points = series.body.points as Array<{
      clicks: number;
      attributedPlays: number;
      attributedPlaysByTier: { high: number; medium: number };
    }>;
    expect(points.reduce((sum, p) => sum + p.clicks, 0)).toBe(1);
    expect(points.reduce((sum, p) => sum + p.attributedPlays, 0)).toBe(3);
    expect(points.reduce((sum, p) => sum + p.attributedPlaysByTier.high, 0)).toBe(1);
    expect(points.reduce((sum, p) => sum + p.attributedPlaysByTier.medium, 0)).toBe(2);

    const csv = await owner.agent
      .get(`/api/v1/campaigns/${campaign.id}/export?dataset=attributions&format=csv&${range}`)
      .expect(200);
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(4); // a header and three attributions
    expect(lines.slice(1).filter((line) => line.includes(b) && line.includes('high'))).toHaveLength(1);
  });
});
