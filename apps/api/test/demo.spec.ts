import { Client } from 'pg';
import request from 'supertest';
import { AttributionService } from '../src/modules/attribution/attribution.service';
import { DemoService } from '../src/modules/demo/demo.service';
import { PollingService } from '../src/modules/polling/polling.service';
import { startTestServer, TestServer } from './support/test-server';

describe('the demo (sandbox mode)', () => {
  let server: TestServer;
  let db: Client;

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_DEMO: 'on' });
    db = new Client({ connectionString: server.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });

  it('offers a demo owner whose campaign fills with simulated listeners who click, connect and play', async () => {
    const demo = server.app.get(DemoService);
    for (let i = 0; i < 50 && !demo.current; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const info = await request(server.url).get('/api/v1/demo').expect(200);
    expect(info.body).toMatchObject({ enabled: true, email: 'demo@soundlink.demo', devModeCapRaised: true });

    const login = await request(server.url)
      .post('/api/v1/auth/login')
      .send({ email: info.body.email, password: info.body.password })
      .expect(200);
    // The password is published: an ordinary owner, never an admin (test/security/admin-access.spec.ts).
    expect(login.body.owner.role).toBe('owner');
    const cookie = (login.headers['set-cookie'] as unknown as string[])
      .map((c) => c.split(';')[0])
      .join('; ');
    const links = await request(server.url)
      .get(`/api/v1/campaigns/${info.body.campaignId}/links`)
      .set('Cookie', cookie)
      .expect(200);
    expect(links.body.map((l: { label: string }) => l.label)).toEqual([
      'Instagram bio',
      'Newsletter #12',
      'TikTok ad',
    ]);

    for (let i = 0; i < 4; i++) await demo.step();
    const { rows: listeners } = await db.query(
      `SELECT DISTINCT k.listener_id FROM clicks k WHERE k.campaign_id = $1 AND k.listener_id IS NOT NULL`,
      [info.body.campaignId],
    );
    expect(listeners.length).toBeGreaterThanOrEqual(2);

    // The simulated listeners play the campaign playlist over the next minutes: move the sandbox's clock on.
    await fetch(`${server.url}/sandbox/spotify/_sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 20 * 60_000 }),
    });
    const polling = server.app.get(PollingService);
    for (const { listener_id } of listeners) await polling.pollListenerNow(listener_id);
    await server.app.get(AttributionService).sweep(0);
    const attributions = await request(server.url)
      .get(`/api/v1/campaigns/${info.body.campaignId}/attributions`)
      .set('Cookie', cookie)
      .expect(200);
    expect(attributions.body.items.length).toBeGreaterThanOrEqual(listeners.length);
    expect(attributions.body.items[0]).toMatchObject({
      tier: 'high',
      reasons: expect.arrayContaining(['CONTEXT_DESTINATION']),
    });
  });

  it('has public trends from the start: a first crowd of at least k listeners with overlapping listening', async () => {
    const demo = server.app.get(DemoService);
    for (let i = 0; i < 50 && !demo.current; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const chart = async (path: string) =>
      (await request(server.url).get(path).expect(200)).body as {
        minListeners: number;
        items: Array<{ name: string; listeners: number }>;
      };

    const week = await chart('/api/v1/trends/tracks?window=7d');
    expect(week.minListeners).toBe(10);
    expect(week.items.length).toBeGreaterThanOrEqual(6);
    expect(week.items.every((item) => item.listeners >= 10)).toBe(true);
    expect((await chart('/api/v1/trends/artists?window=7d')).items.length).toBeGreaterThan(0);
    expect((await chart('/api/v1/trends/tracks?window=24h')).items.length).toBeGreaterThan(0);
    expect((await chart('/api/v1/trends/rising?type=track&window=7d')).items.length).toBeGreaterThan(0);
    expect((await chart('/api/v1/trends/new?type=track&window=7d')).items.length).toBeGreaterThan(0);
  });

  it('its simulated listeners also scrobble to the Last.fm and ListenBrainz sandboxes, history included', async () => {
    const info = await request(server.url).get('/sandbox/spotify/_sandbox/info').expect(200);
    const listenerIds = info.body.listenerIds as string[];
    for (const service of ['lastfm', 'listenbrainz']) {
      const users = (await request(server.url).get(`/sandbox/${service}/_sandbox/users`).expect(200))
        .body as Array<Record<string, unknown>>;
      expect(users.map((u) => u['spotifyUserId']).sort()).toEqual([...listenerIds].sort());
      expect(users.every((u) => /^[a-z][a-z0-9_]{1,14}$/.test(u['userName'] as string))).toBe(true);
      expect(users.some((u) => ((u['scrobbles'] ?? u['listens']) as number) > 0)).toBe(true);
    }
  });
});

describe('the demo with real Spotify credentials', () => {
  it('does not exist', async () => {
    const server = await startTestServer({
      SOUNDLINK_DEMO: 'on',
      SPOTIFY_CLIENT_ID: 'abcdef0123456789abcdef0123456789',
      SPOTIFY_CLIENT_SECRET: 'secret',
    });
    try {
      const info = await request(server.url).get('/api/v1/demo').expect(200);
      expect(info.body).toEqual({ enabled: false });
      const login = await request(server.url)
        .post('/api/v1/auth/login')
        .send({ email: 'demo@soundlink.demo', password: 'soundlink-demo-2026' });
      expect(login.status).toBe(401);
    } finally {
      await server.stop();
    }
  });
});
