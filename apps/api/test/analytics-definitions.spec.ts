import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AnalyticsRollups } from '../src/modules/analytics/analytics-rollups.service';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { AnalyticsKit } from './analytics-kit';
import { BROWSER_UA, createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { answerConsent, SandboxCatalog, sandboxCatalog } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

/**
 * What each analytics figure counts (docs/analytics.md, "Definitions"): the cases where a figure used to
 * count something it does not name (issue 16, defect 10).
 */

/** A browser: a cookie jar, a real user agent, no automatic redirects. */
class Browser {
  readonly agent: TestAgent;
  constructor(readonly baseUrl: string) {
    this.agent = request.agent(baseUrl);
  }
  get(path: string) {
    return this.agent.get(path).set('User-Agent', BROWSER_UA).redirects(0);
  }
}

/** Clicks a tracker link in `browser`, answers Spotify's consent page as `userId`, follows the callback. */
async function connectThroughLink(browser: Browser, slug: string, userId: string): Promise<string> {
  const click = await browser.get(`/l/${slug}`).expect(302);
  const clickId = new URL(click.headers['location'] as string, browser.baseUrl).searchParams.get('click');
  if (!clickId) throw new Error(`the click was not asked to connect: ${click.headers['location']}`);
  const start = await browser
    .get(`/api/v1/listeners/connect/start?slug=${slug}&click=${clickId}`)
    .expect(302);
  const callback = new URL(await answerConsent(start.headers['location'] as string, userId));
  await browser.get(callback.pathname + callback.search).expect(302);
  return clickId;
}

const hour = 3_600_000;
/** A range around now, in whole hours: [now − hoursBefore, now + 1 h). */
function rangeAroundNow(hoursBefore: number, hoursAfter = 1): string {
  const from = new Date(Math.floor((Date.now() - hoursBefore * hour) / hour) * hour);
  const to = new Date(Math.ceil((Date.now() + hoursAfter * hour) / hour) * hour);
  return `from=${from.toISOString()}&to=${to.toISOString()}`;
}

describe('analytics definitions', () => {
  let server: TestServer;
  let kit: AnalyticsKit;
  let rollups: AnalyticsRollups;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;
  let albumUri: string;
  let trackA: string;
  let trackB: string;

  const get = (campaignId: string, path: string) => owner.agent.get(`/api/v1/campaigns/${campaignId}${path}`);
  const processAll = async () => {
    await server.app.get(ClickBuffer).flush();
    await rollups.processPending(1_000);
  };
  const newCampaign = async (name: string) => {
    const created = await createCampaign(owner, { name, destination: albumUri, timezone: 'UTC' }).expect(201);
    const link = await createLink(owner, created.body.id, { label: 'Main' }).expect(201);
    return { id: created.body.id as string, linkId: link.body.id as string, slug: link.body.slug as string };
  };
  const user = (index: number) => {
    const found = catalog.users[index];
    if (!found) throw new Error(`no sandbox user number ${index}`);
    return found.id;
  };

  beforeAll(async () => {
    // No attribution sweep and no poller: the attributions and polls of these scenarios are the kit's.
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    kit = await AnalyticsKit.connect(server.database.url);
    rollups = server.app.get(AnalyticsRollups);
    owner = await registerOwner(server.url);
    catalog = await sandboxCatalog(server.url);
    const album = catalog.albums.find((a) => a.trackIds.length >= 2);
    if (!album) throw new Error('no sandbox album with 2 tracks');
    albumUri = `spotify:album:${album.id}`;
    [trackA, trackB] = album.trackIds as [string, string];
    await kit.track(trackA, 'First');
    await kit.track(trackB, 'Second');
  });

  afterAll(async () => {
    await kit?.close();
    await server?.stop();
  });

  it('anchors retention on the first attributed play: that play is never "playing again"', async () => {
    const campaign = await newCampaign('Retention');
    const c = (at: string) => kit.click({ campaignId: campaign.id, linkId: campaign.linkId, at });
    // R1 clicks, and plays the campaign once, 36 hours later: nothing after that.
    const r1 = await kit.listener('2026-04-01T10:05:00Z');
    const k1 = await c('2026-04-01T10:00:00Z');
    const p1 = await kit.play(r1, trackA, '2026-04-02T22:00:00Z');
    await kit.attribute({ campaignId: campaign.id, playId: p1, clickId: k1, tier: 'high', credit: 1 });
    // R2 plays at once, again 16 hours later (still day 0) and 31 hours later (day 1).
    const r2 = await kit.listener('2026-04-01T12:05:00Z');
    const k2 = await c('2026-04-01T12:00:00Z');
    const p2 = await kit.play(r2, trackA, '2026-04-01T13:00:00Z');
    await kit.attribute({ campaignId: campaign.id, playId: p2, clickId: k2, tier: 'high', credit: 1 });
    await kit.play(r2, trackB, '2026-04-02T05:00:00Z');
    await kit.play(r2, trackB, '2026-04-02T20:00:00Z');
    await processAll();

    const res = await get(
      campaign.id,
      '/analytics/retention?from=2026-04-01T00:00:00Z&to=2026-04-04T00:00:00Z',
    ).expect(200);
    expect(res.body.cohort).toBe(2);
    expect(res.body.windows[0]).toEqual({
      window: 'days1to7',
      fromDay: 1,
      toDay: 7,
      eligible: 2,
      retained: 1,
      share: 0.5,
    });
    expect(res.body.windows.slice(1).map((w: { retained: number }) => w.retained)).toEqual([0, 0]);
  });

  it('counts the time nobody polls as unobserved: needs_reconnect, dev_mode_blocked, and gaps', async () => {
    const campaign = await newCampaign('Completeness');
    const first = '2026-05-01T00:00:00Z';
    const connectThrough = async (listenerId: string) => {
      const clickId = await kit.click({
        campaignId: campaign.id,
        linkId: campaign.linkId,
        at: '2026-04-30T23:55:00Z',
      });
      await kit.linkClicks(listenerId, [clickId]);
    };
    // 48 connected hours each in the range; unobserved: 24 h, 12 h and 2 h.
    const refused = await kit.listener(first, null, {
      firstConnectedAt: first,
      status: 'needs_reconnect',
      lastPolledAt: '2026-05-02T00:00:00Z',
    });
    const blocked = await kit.listener(first, null, {
      firstConnectedAt: first,
      status: 'dev_mode_blocked',
      lastPolledAt: '2026-05-02T12:00:00Z',
    });
    const polled = await kit.listener(first, null, { firstConnectedAt: first });
    await kit.gap(polled, '2026-05-01T06:00:00Z', '2026-05-01T08:00:00Z');
    for (const id of [refused, blocked, polled]) await connectThrough(id);
    await processAll();

    const res = await get(
      campaign.id,
      '/analytics/completeness?from=2026-05-01T00:00:00Z&to=2026-05-03T00:00:00Z',
    ).expect(200);
    expect(res.body.completeness).toMatchObject({
      listeners: 3,
      connectedHours: 144,
      gapHours: 38,
      share: 0.736111,
    });
  });

  it('compares like with like in the funnel: connects, connects reached, plays per active listener', async () => {
    const campaign = await newCampaign('Funnel');
    const c = (at: string, listenerId: string | null = null) =>
      kit.click({ campaignId: campaign.id, linkId: campaign.linkId, at, firstVisit: true, listenerId });
    // P connected the day before the range and was reached then; two more plays in the range.
    const p = await kit.listener('2026-06-01T10:05:00Z', null, { firstConnectedAt: '2026-06-01T10:05:00Z' });
    const kp = await c('2026-06-01T10:00:00Z');
    await kit.linkClicks(p, [kp]);
    for (const at of ['2026-06-01T11:00:00Z', '2026-06-02T10:00:00Z', '2026-06-02T11:00:00Z']) {
      const play = await kit.play(p, trackA, at);
      await kit.attribute({ campaignId: campaign.id, playId: play, clickId: kp, tier: 'high', credit: 1 });
    }
    // Q connects in the range and plays nothing.
    const q = await kit.listener('2026-06-02T09:05:00Z', null, { firstConnectedAt: '2026-06-02T09:05:00Z' });
    await kit.linkClicks(q, [await c('2026-06-02T09:00:00Z')]);
    // R had connected a month before (another campaign): their click is linked as it is recorded.
    const r = await kit.listener('2026-05-02T00:00:00Z', null, { firstConnectedAt: '2026-05-02T00:00:00Z' });
    const kr = await c('2026-06-02T12:00:00Z', r);
    const pr = await kit.play(r, trackB, '2026-06-02T13:00:00Z');
    await kit.attribute({ campaignId: campaign.id, playId: pr, clickId: kr, tier: 'medium', credit: 1 });
    await processAll();

    const res = await get(campaign.id, '/analytics/funnel?from=2026-06-02T00:00:00Z&to=2026-06-03T00:00:00Z');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      clicks: 2,
      uniqueVisitors: 2,
      connects: 1,
      alreadyConnected: 1,
      connectsReached: 0,
      listeners: 1,
      attributedPlays: 3,
      activeListeners: 2,
      rates: { visitorsPerClick: 1, connectsPerVisitor: 0.5, listenersPerConnect: 0, playsPerListener: 1.5 },
    });
    const day = await get(
      campaign.id,
      '/analytics/timeseries?from=2026-06-01T00:00:00Z&to=2026-06-03T00:00:00Z&granularity=day',
    ).expect(200);
    expect(day.body.points.map((pt: { connects: number }) => pt.connects)).toEqual([1, 1]);
  });

  it('does not count a connected browser’s click as a connect (over HTTP)', async () => {
    const first = await newCampaign('Where they connected');
    const second = await newCampaign('Clicked later');
    const connected = new Browser(server.url);
    await connectThroughLink(connected, first.slug, user(0));
    // Connected already: the tracker link goes straight to the music, the click names the listener.
    const straight = await connected.get(`/l/${second.slug}`).expect(302);
    expect(straight.headers['location']).not.toMatch(/^\/connect\//);
    await connectThroughLink(new Browser(server.url), second.slug, user(1));
    await processAll();

    const range = rangeAroundNow(2);
    const funnel = await get(second.id, `/analytics/funnel?${range}`).expect(200);
    expect(funnel.body).toMatchObject({
      clicks: 2,
      uniqueVisitors: 2,
      connects: 1,
      alreadyConnected: 1,
      rates: { connectsPerVisitor: 0.5 },
    });
    const links = await get(second.id, `/analytics/links?${range}`).expect(200);
    expect(links.body.links[0]).toMatchObject({ clicks: 2, connects: 1, connectRate: 0.5 });
    expect((await get(first.id, `/analytics/funnel?${range}`).expect(200)).body.connects).toBe(1);
  });

  it('keeps the incremental rollups equal to a rebuild from the raw tables', async () => {
    const incremental = await kit.rollupSnapshot();
    expect(
      (incremental['analytics_connects'] as Array<{ already_connected: boolean }>).filter(
        (row) => row.already_connected,
      ),
    ).toHaveLength(2);
    await rollups.rebuildAll();
    expect(await kit.rollupSnapshot()).toEqual(incremental);
  });

  it('counts the silence before a reconnect as unobserved (over HTTP)', async () => {
    const campaign = await newCampaign('Reconnect');
    await connectThroughLink(new Browser(server.url), campaign.slug, user(2));
    const [row] = await kit.sql<{ id: string }>(
      `SELECT listener_id AS id FROM clicks WHERE campaign_id = $1 AND listener_id IS NOT NULL`,
      [campaign.id],
    );
    const listenerId = (row as { id: string }).id;
    // Connected four hours ago, polled last two hours ago, when Spotify refused the refresh token.
    await kit.sql(
      `UPDATE listeners SET created_at = now() - interval '4 hours', consented_at = now() - interval '4 hours',
              last_polled_at = now() - interval '2 hours', status = 'needs_reconnect' WHERE id = $1`,
      [listenerId],
    );
    await processAll();
    const waiting = await get(campaign.id, `/analytics/completeness?${rangeAroundNow(6)}`).expect(200);
    expect(waiting.body.completeness.listeners).toBe(1);
    expect(waiting.body.completeness.connectedHours).toBeCloseTo(4, 1);
    expect(waiting.body.completeness.gapHours).toBeCloseTo(2, 1);

    // The listener connects again (another browser): polled from now on, but the two silent hours stay a gap.
    await connectThroughLink(new Browser(server.url), campaign.slug, user(2));
    const [after] = await kit.sql<{ status: string }>('SELECT status FROM listeners WHERE id = $1', [
      listenerId,
    ]);
    expect(after?.status).toBe('active');
    await processAll();
    // Another range than above: the completeness figure is cached per range for 30 s.
    const back = await get(campaign.id, `/analytics/completeness?${rangeAroundNow(7)}`).expect(200);
    expect(back.body.completeness.connectedHours).toBeCloseTo(4, 1);
    expect(back.body.completeness.gapHours).toBeCloseTo(2, 1);
    expect(back.body.completeness.share).toBeCloseTo(0.5, 1);
  });
});
