import { AnalyticsRollups } from '../src/modules/analytics/analytics-rollups.service';
import { AnalyticsKit } from './analytics-kit';
import { createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxCatalog } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

const DAY = 86_400_000;
const utcDay = (offset: number) => new Date(Math.floor(Date.now() / DAY) * DAY + offset * DAY);

/**
 * GET /analytics/campaigns-summary: the campaigns list's key figures, per campaign, from the daily rollups;
 * owner-scoped, zero-filled, the current attribution generation only.
 */
describe('the campaigns summary', () => {
  let server: TestServer;
  let kit: AnalyticsKit;
  let owner: SignedInOwner;
  let other: SignedInOwner;
  let busy: string;
  let quiet: string;
  let foreign: string;

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    kit = await AnalyticsKit.connect(server.database.url);
    const catalog = await sandboxCatalog(server.url);
    const album = catalog.albums.find((a) => a.trackIds.length >= 2)!;
    const destination = `spotify:album:${album.id}`;
    owner = await registerOwner(server.url);
    other = await registerOwner(server.url);
    busy = (await createCampaign(owner, { name: 'Busy', destination }).expect(201)).body.id;
    quiet = (await createCampaign(owner, { name: 'Quiet', destination }).expect(201)).body.id;
    foreign = (await createCampaign(other, { name: 'Not yours', destination }).expect(201)).body.id;
    const link = (await createLink(owner, busy, { label: 'Instagram', utmSource: 'instagram' }).expect(201))
      .body.id as string;
    const foreignLink = (await createLink(other, foreign, { label: 'Theirs' }).expect(201)).body.id as string;

    const today = utcDay(0).getTime() + 60_000;
    const twoDaysAgo = utcDay(-2).getTime() + 3_600_000;
    const tenDaysAgo = utcDay(-10).getTime() + 3_600_000;
    const listener = await kit.listener(new Date(tenDaysAgo).toISOString());
    // Busy: 2 clicks today (one of them a bot, not counted), 1 two days ago, 1 ten days ago (outside 7 days).
    const clickToday = await kit.click({ campaignId: busy, linkId: link, at: new Date(today).toISOString() });
    await kit.click({ campaignId: busy, linkId: link, at: new Date(today).toISOString(), bot: true });
    const clickBefore = await kit.click({
      campaignId: busy,
      linkId: link,
      at: new Date(twoDaysAgo).toISOString(),
      firstVisit: true,
    });
    await kit.click({ campaignId: busy, linkId: link, at: new Date(tenDaysAgo).toISOString() });
    await kit.linkClicks(listener, [clickBefore]);
    // Two attributed plays two days ago (one listener), one today; a stale generation's play is ignored.
    const track = album.trackIds[0]!;
    for (const [at, clickId, generation] of [
      [twoDaysAgo + 60_000, clickBefore, 1],
      [twoDaysAgo + 120_000, clickBefore, 1],
      [today + 60_000, clickToday, 1],
      [today + 120_000, clickToday, 7],
    ] as const) {
      const play = await kit.play(listener, track, new Date(at).toISOString());
      await kit.attribute({ campaignId: busy, playId: play, clickId, tier: 'high', credit: 1, generation });
    }
    await kit.click({ campaignId: foreign, linkId: foreignLink, at: new Date(today).toISOString() });
    await server.app.get(AnalyticsRollups).processPending(1_000);
  });
  afterAll(async () => {
    await kit?.close();
    await server?.stop();
  });

  it("answers the owner's campaigns, newest first, with totals and a zero-filled daily series", async () => {
    const res = await owner.agent.get('/api/v1/analytics/campaigns-summary?days=7').expect(200);
    expect(res.body.days).toBe(7);
    expect(res.body.from).toBe(utcDay(-6).toISOString());
    expect(res.body.to).toBe(utcDay(1).toISOString());
    expect(res.body.campaigns.map((c: { campaignId: string }) => c.campaignId)).toEqual([quiet, busy]);
    const [q, b] = res.body.campaigns;
    expect(q).toMatchObject({ clicks: 0, connects: 0, listeners: 0, attributedPlays: 0 });
    expect(q.series).toHaveLength(7);
    expect(b).toMatchObject({ clicks: 2, connects: 1, listeners: 1, attributedPlays: 3 });
    expect(b.series).toHaveLength(7);
    expect(b.series[0].day).toBe(utcDay(-6).toISOString());
    expect(b.series[4]).toEqual({
      day: utcDay(-2).toISOString(),
      clicks: 1,
      listeners: 1,
      attributedPlays: 2,
    });
    expect(b.series[6]).toEqual({
      day: utcDay(0).toISOString(),
      clicks: 1,
      listeners: 0,
      attributedPlays: 1,
    });
  });

  it('covers longer spans and only the campaigns asked for', async () => {
    const res = await owner.agent.get(`/api/v1/analytics/campaigns-summary?days=14&ids=${busy},${foreign}`);
    expect(res.status).toBe(200);
    // Another owner's campaign is left out exactly like an unknown id.
    expect(res.body.campaigns).toHaveLength(1);
    expect(res.body.campaigns[0]).toMatchObject({ campaignId: busy, clicks: 3 });
    expect(res.body.campaigns[0].series).toHaveLength(14);
  });

  it('names the field and the reason for a bad query, and needs a session', async () => {
    const tooLong = await owner.agent.get('/api/v1/analytics/campaigns-summary?days=91').expect(400);
    expect(tooLong.body.details).toEqual([expect.objectContaining({ field: 'days' })]);
    const badIds = await owner.agent.get('/api/v1/analytics/campaigns-summary?ids=nope').expect(400);
    expect(badIds.body.details).toEqual([expect.objectContaining({ field: 'ids' })]);
    await other.agent.get('/api/v1/analytics/campaigns-summary').expect(200);
    const { default: request } = await import('supertest');
    await request(server.url).get('/api/v1/analytics/campaigns-summary').expect(401);
  });
});
