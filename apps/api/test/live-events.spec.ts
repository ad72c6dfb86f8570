import request from 'supertest';
import { DataSource } from 'typeorm';
import { openSse, SseConnection } from './analytics-kit';
import { BROWSER_UA, click, createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { answerConsent, sandboxCatalog, sandboxControl } from './support/sandbox';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { AppOnDatabase, startAppOnDatabase, startTestServer, TestServer } from './support/test-server';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { ListenerService } from '../src/modules/listener/listener.service';
import { PollingKit } from './polling-kit';
import { sandboxUrl } from './support/sandbox';

/** A campaign on a catalog track with one link, and its live stream opened with an analytics key. */
async function campaignWithStream(
  serverUrl: string,
  owner: SignedInOwner,
  slug: string,
): Promise<{ campaignId: string; linkId: string; stream: SseConnection }> {
  const catalog = await sandboxCatalog(serverUrl);
  const track = catalog.tracks[0]!.id;
  const { body: campaign } = await createCampaign(owner, {
    name: `Live ${slug}`,
    destination: `spotify:track:${track}`,
  }).expect(201);
  const { body: link } = await createLink(owner, campaign.id, { label: 'Newsletter', slug }).expect(201);
  const { body: key } = await owner
    .unsafe('post', '/api/v1/api-keys')
    .send({ name: 'live', scopes: ['analytics:read'] })
    .expect(201);
  const stream = await openSse(`${serverUrl}/api/v1/campaigns/${campaign.id}/stream`, {
    authorization: `Bearer ${key.secret}`,
  });
  expect(stream.status).toBe(200);
  return { campaignId: campaign.id, linkId: link.id, stream };
}

describe('live events when Redis is unreachable', () => {
  let server: TestServer;

  beforeAll(async () => {
    // Nothing listens on port 9 here: every Redis command fails at once.
    server = await startTestServer({ REDIS_URL: 'redis://127.0.0.1:9' });
  });
  afterAll(() => server?.stop());

  it("still delivers this process's events, and the API keeps answering", async () => {
    const owner = await registerOwner(server.url);
    const { linkId, stream } = await campaignWithStream(server.url, owner, 'live-no-redis');
    await click(server.url, '/l/live-no-redis').expect(302);
    await server.app.get(ClickBuffer).flush();
    expect((await stream.next('click', 2_000)).data).toMatchObject({ type: 'click', linkId });
    await owner.agent.get('/api/v1/auth/me').expect(200);
    stream.close();
  });

  it('tells the dashboard when a listener who came through the campaign erases their data, naming nobody', async () => {
    const owner = await registerOwner(server.url);
    const { campaignId, stream } = await campaignWithStream(server.url, owner, 'live-erased');
    const visitor = '33333333-3333-4333-8333-333333333333';
    await click(server.url, '/l/live-erased', { Cookie: `sl_vid=${visitor}` }).expect(302);
    await server.app.get(ClickBuffer).flush();
    await stream.next('click', 2_000);
    const { listenerId } = await new PollingKit(server.app, sandboxUrl(server.url)).createListener(
      'Erin Erase',
    );
    await server.app
      .get(DataSource)
      .query('UPDATE clicks SET listener_id = $1 WHERE visitor_id = $2 AND campaign_id = $3', [
        listenerId,
        visitor,
        campaignId,
      ]);

    await server.app.get(ListenerService).erase(listenerId);
    const event = await stream.next('listener-erased', 2_000);
    expect(event.data).toEqual({ type: 'listener-erased', at: expect.any(String) as string });
    stream.close();
  });
});

const REDIS_URL = process.env['TEST_REDIS_URL'];

// Needs a Redis server: CI provides one (TEST_REDIS_URL); a machine without Redis runs the case above.
if (REDIS_URL) {
  describe('live events across two API processes through Redis', () => {
    let database: TestDatabase;
    let first: AppOnDatabase;
    let second: AppOnDatabase;

    beforeAll(async () => {
      database = await createTestDatabase();
      // role api: no pollers or sweeps in the background, just the two HTTP front ends
      first = await startAppOnDatabase(database.url, { REDIS_URL, SOUNDLINK_ROLE: 'api' });
      second = await startAppOnDatabase(database.url, { REDIS_URL, SOUNDLINK_ROLE: 'api' });
    });
    afterAll(async () => {
      await second?.stop();
      await first?.stop();
      await database?.drop();
    });

    it('a dashboard connected to one process sees clicks and connects stored by the other, each once', async () => {
      const owner = await registerOwner(first.url);
      const { linkId, stream } = await campaignWithStream(first.url, owner, 'live-two-apps');

      // A listener's browser clicks and connects through the other process (its Spotify sandbox included).
      const browser = request.agent(second.url);
      const sent = Date.now();
      const clicked = await browser
        .get('/l/live-two-apps')
        .set('User-Agent', BROWSER_UA)
        .redirects(0)
        .expect(302);
      await second.app.get(ClickBuffer).flush();
      const event = await stream.next('click', 2_000);
      expect(event.data).toMatchObject({ type: 'click', linkId, bot: false });
      expect(event.receivedAt - sent).toBeLessThan(1_000);

      const clickId = new URL(clicked.headers['location'] as string, second.url).searchParams.get('click');
      const user = (await sandboxControl(second.url, 'POST', 'users', { displayName: 'Two Apps' })) as {
        id: string;
      };
      const start = await browser
        .get(`/api/v1/listeners/connect/start?slug=live-two-apps&click=${clickId}`)
        .set('User-Agent', BROWSER_UA)
        .redirects(0)
        .expect(302);
      const callback = new URL(await answerConsent(start.headers['location'] as string, user.id));
      const back = await browser
        .get(`${callback.pathname}${callback.search}`)
        .set('User-Agent', BROWSER_UA)
        .redirects(0);
      expect(back.headers['location']).toMatch(/^https:\/\/open\.spotify\.com\/track\//);
      const connect = await stream.next('connect', 2_000);
      const [{ id: listenerId }] = await first.app
        .get(DataSource)
        .query('SELECT listener_id AS id FROM clicks WHERE id = $1', [clickId]);
      expect(listenerId).toBeTruthy();
      expect(connect.data).toEqual({ type: 'connect', listenerId, at: expect.any(String), clickId, linkId });

      // A batch of clicks written together travels as one Redis message and arrives whole.
      await click(second.url, '/l/live-two-apps').expect(302);
      await click(second.url, '/l/live-two-apps').expect(302);
      await second.app.get(ClickBuffer).flush();
      // An event stored by the stream's own process arrives once, not again through Redis.
      await click(first.url, '/l/live-two-apps').expect(302);
      await first.app.get(ClickBuffer).flush();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stream.events.filter((e) => e.event === 'click')).toHaveLength(4);
      stream.close();
    });
  });
}
