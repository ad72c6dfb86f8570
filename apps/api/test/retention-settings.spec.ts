import { RetentionService } from '../src/modules/retention/retention.service';
import { AnalyticsKit } from './analytics-kit';
import { createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxCatalog } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

/** Owners choose how long raw clicks are kept, within the operator's limits (docs/operations.md, "Retention"). */
describe('click retention settings', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let albumUri: string;

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api', CLICK_RETENTION_DAYS: '200' });
    owner = await registerOwner(server.url);
    const album = (await sandboxCatalog(server.url)).albums[0];
    if (!album) throw new Error('no sandbox album');
    albumUri = `spotify:album:${album.id}`;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const fieldOf = (body: { details?: Array<{ field: string }> }) => body.details?.map((d) => d.field);

  it("sets the account default within the server's limits, and shows the limits", async () => {
    const me = await owner.agent.get('/api/v1/auth/me').expect(200);
    expect(me.body.clickRetentionDays).toBeNull();
    expect(me.body.dataRetention).toEqual({
      minClickRetentionDays: 120,
      maxClickRetentionDays: 200,
      clickPiiRetentionDays: 30,
      playRetentionDays: 760,
    });
    const above = await owner
      .unsafe('patch', '/api/v1/auth/me')
      .send({ clickRetentionDays: 201 })
      .expect(400);
    expect(fieldOf(above.body)).toEqual(['clickRetentionDays']);
    expect(above.body.details[0].reason).toContain('CLICK_RETENTION_DAYS');
    const below = await owner.unsafe('patch', '/api/v1/auth/me').send({ clickRetentionDays: 30 }).expect(400);
    expect(fieldOf(below.body)).toEqual(['clickRetentionDays']);
    const set = await owner.unsafe('patch', '/api/v1/auth/me').send({ clickRetentionDays: 150 }).expect(200);
    expect(set.body.clickRetentionDays).toBe(150);
    const reset = await owner
      .unsafe('patch', '/api/v1/auth/me')
      .send({ clickRetentionDays: null })
      .expect(200);
    expect(reset.body.clickRetentionDays).toBeNull();
  });

  it("overrides it per campaign, and the funnel says where the campaign's raw clicks start", async () => {
    const refused = await createCampaign(owner, {
      name: 'Too long',
      destination: albumUri,
      clickRetentionDays: 365,
    }).expect(400);
    expect(fieldOf(refused.body)).toEqual(['clickRetentionDays']);
    await owner.unsafe('patch', '/api/v1/auth/me').send({ clickRetentionDays: 180 }).expect(200);
    const own = await createCampaign(owner, { name: 'Own', destination: albumUri, clickRetentionDays: 121 });
    expect(own.status).toBe(201);
    expect(own.body.clickRetentionDays).toBe(121);
    const inherited = await createCampaign(owner, { name: 'Inherited', destination: albumUri }).expect(201);
    expect(inherited.body.clickRetentionDays).toBeNull();

    const from = new Date(Date.now() - 150 * 86_400_000).toISOString();
    const to = new Date().toISOString();
    const funnel = async (id: string) =>
      (await owner.agent.get(`/api/v1/campaigns/${id}/analytics/funnel`).query({ from, to }).expect(200)).body
        .rawData;
    expect(await funnel(own.body.id)).toMatchObject({ clickRetentionDays: 121, rangeBeforeRawClicks: true });
    expect(await funnel(inherited.body.id)).toMatchObject({
      clickRetentionDays: 180,
      rangeBeforeRawClicks: false,
    });

    const tooLong = await owner
      .unsafe('patch', `/api/v1/campaigns/${own.body.id}`)
      .send({ clickRetentionDays: 201 })
      .expect(400);
    expect(fieldOf(tooLong.body)).toEqual(['clickRetentionDays']);
    const back = await owner
      .unsafe('patch', `/api/v1/campaigns/${own.body.id}`)
      .send({ clickRetentionDays: null })
      .expect(200);
    expect(back.body.clickRetentionDays).toBeNull();
    expect(await funnel(own.body.id)).toMatchObject({ clickRetentionDays: 180 });
  });

  it('explains an attribution whose raw click retention removed, and keeps it', async () => {
    const kit = await AnalyticsKit.connect(server.database.url);
    try {
      const created = await createCampaign(owner, {
        name: 'Old',
        destination: albumUri,
        clickRetentionDays: 121,
      }).expect(201);
      const link = await createLink(owner, created.body.id, { label: 'Bio' }).expect(201);
      const day = 86_400_000;
      const listener = await kit.listener(new Date(Date.now() - 200 * day).toISOString());
      const clickId = await kit.click({
        campaignId: created.body.id,
        linkId: link.body.id,
        at: new Date(Date.now() - 150 * day).toISOString(),
        listenerId: listener,
        utmSource: 'ig',
      });
      const playId = await kit.play(
        listener,
        'trackretention00000001',
        new Date(Date.now() - 149 * day).toISOString(),
      );
      await kit.attribute({ campaignId: created.body.id, playId, clickId, tier: 'high', credit: 1 });

      const run = await server.app.get(RetentionService).run();
      expect(run.deletedClicks).toBe(1);
      const res = await owner.agent.get(`/api/v1/plays/${playId}/explanation`).expect(200);
      const [explained] = res.body.campaigns;
      expect(explained).toMatchObject({ attributed: true, clickRemoved: true, clickId });
      expect(explained.summary).toContain('The raw click was removed by data retention since');
    } finally {
      await kit.close();
    }
  });
});
