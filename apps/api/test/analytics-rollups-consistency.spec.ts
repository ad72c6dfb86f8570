import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AnalyticsRollups } from '../src/modules/analytics/analytics-rollups.service';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { AnalyticsKit } from './analytics-kit';
import { BROWSER_UA, createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { answerConsent, SandboxCatalog, sandboxCatalog } from './support/sandbox';
import { itWithConcurrentSessions } from './support/test-database';
import { startTestServer, TestServer } from './support/test-server';

/**
 * Issue 16, invariant 3: the incrementally kept analytics rollups equal their rebuild from the raw tables after
 * a tracker link is deleted and after a listener erases their data (docs/analytics.md, "Rollups").
 */

const CSRF = { 'X-Requested-With': 'soundlink' };

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
async function connectThroughLink(browser: Browser, slug: string, userId: string): Promise<void> {
  const click = await browser.get(`/l/${slug}`).expect(302);
  const clickId = new URL(click.headers['location'] as string, browser.baseUrl).searchParams.get('click');
  if (!clickId) throw new Error(`the click was not asked to connect: ${click.headers['location']}`);
  const start = await browser
    .get(`/api/v1/listeners/connect/start?slug=${slug}&click=${clickId}`)
    .expect(302);
  const callback = new URL(await answerConsent(start.headers['location'] as string, userId));
  const done = await browser.get(callback.pathname + callback.search).expect(302);
  expect(done.headers['location']).not.toContain('error=');
}

/** Every rollup table with its key, as the attribution invariants compare them. */
const ROLLUP_TABLES: Record<string, string> = {
  analytics_click_rollups: 'campaign_id, grain, bucket, link_id, utm_source',
  analytics_play_rollups: 'campaign_id, generation, grain, bucket, link_id, utm_source, tier',
  analytics_track_rollups: 'campaign_id, generation, grain, bucket, track_id, tier',
  analytics_linked_clicks: 'click_id',
  analytics_connects: 'campaign_id, listener_id',
  analytics_listener_firsts: 'campaign_id, generation, listener_id',
};

describe('analytics rollups equal their rebuild', () => {
  let server: TestServer;
  let kit: AnalyticsKit;
  let rollups: AnalyticsRollups;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;
  let albumUri: string;
  let track: string;

  const user = (index: number) => {
    const found = catalog.users[index];
    if (!found) throw new Error(`no sandbox user number ${index}`);
    return found.id;
  };
  const newCampaign = async (name: string) => {
    const created = await createCampaign(owner, { name, destination: albumUri, timezone: 'UTC' }).expect(201);
    const main = await createLink(owner, created.body.id, { label: 'Main' }).expect(201);
    const other = await createLink(owner, created.body.id, { label: 'Other' }).expect(201);
    return {
      id: created.body.id as string,
      main: { id: main.body.id as string, slug: main.body.slug as string },
      other: { id: other.body.id as string, slug: other.body.slug as string },
    };
  };
  /** The click buffer written and every queued rollup change applied. */
  const drain = async () => {
    await server.app.get(ClickBuffer).flush();
    for (;;) {
      const run = await rollups.processPending(1_000);
      const backlog = await rollups.backlog();
      if (!run.busy && backlog.clicks === 0 && backlog.attributions === 0) return;
    }
  };
  const rows = async (campaignId: string) => {
    const found: Record<string, unknown[]> = {};
    for (const [table, order] of Object.entries(ROLLUP_TABLES)) {
      found[table] = await kit.sql(`SELECT * FROM ${table} WHERE campaign_id = $1 ORDER BY ${order}`, [
        campaignId,
      ]);
    }
    return found;
  };
  /** The campaign's rollups as kept incrementally, and as a rebuild from the raw tables gives them. */
  const incrementalAndRebuilt = async (campaignId: string) => {
    await drain();
    const incremental = await rows(campaignId);
    await rollups.rebuildCampaignClickRollups(campaignId);
    await rollups.rebuildCampaignAttributionRollups(campaignId);
    return { incremental, rebuilt: await rows(campaignId) };
  };
  const figures = async (campaignId: string) => {
    const res = await owner.agent.get(`/api/v1/campaigns/${campaignId}/analytics/funnel`).expect(200);
    return res.body as Record<string, unknown>;
  };

  beforeAll(async () => {
    // No attribution sweep and no poller: the plays and attributions here are the kit's.
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    kit = await AnalyticsKit.connect(server.database.url);
    rollups = server.app.get(AnalyticsRollups);
    owner = await registerOwner(server.url);
    catalog = await sandboxCatalog(server.url);
    const album = catalog.albums.find((a) => a.trackIds.length >= 1);
    if (!album) throw new Error('no sandbox album');
    albumUri = `spotify:album:${album.id}`;
    track = album.trackIds[0] as string;
    await kit.track(track, 'First');
  });

  afterAll(async () => {
    await kit?.close();
    await server?.stop();
  });

  it("drops a deleted link's clicks, linked clicks and connects from the rollups, as a rebuild does", async () => {
    const campaign = await newCampaign('Link deletion');
    // Traffic on both links: anonymous clicks, a bot, and a listener connecting through each.
    for (const link of [campaign.main, campaign.other]) {
      await new Browser(server.url).get(`/l/${link.slug}?utm_source=ig`).expect(302);
      await new Browser(server.url).get(`/l/${link.slug}`).set('User-Agent', 'Googlebot/2.1').expect(302);
    }
    await connectThroughLink(new Browser(server.url), campaign.main.slug, user(0));
    await connectThroughLink(new Browser(server.url), campaign.other.slug, user(1));
    await drain();
    const before = await rows(campaign.id);
    expect(before['analytics_connects']).toHaveLength(2);

    await owner.unsafe('delete', `/api/v1/campaigns/${campaign.id}/links/${campaign.other.id}`).expect(204);
    const { incremental, rebuilt } = await incrementalAndRebuilt(campaign.id);
    expect(incremental).toEqual(rebuilt);
    // What the owner sees: only the remaining link's traffic and connect.
    expect(rebuilt['analytics_connects']).toHaveLength(1);
    expect((await figures(campaign.id))['connects']).toBe(1);
    expect(
      (rebuilt['analytics_click_rollups'] as Array<{ link_id: string }>).every(
        (r) => r.link_id === campaign.main.id,
      ),
    ).toBe(true);
  });

  it("drops an erased listener's connect from the rollups, as a rebuild from the anonymised clicks does", async () => {
    const campaign = await newCampaign('Erasure');
    await new Browser(server.url).get(`/l/${campaign.main.slug}`).expect(302);
    const erasing = new Browser(server.url);
    await connectThroughLink(erasing, campaign.main.slug, user(2));
    await connectThroughLink(new Browser(server.url), campaign.main.slug, user(3));
    await drain();
    expect((await rows(campaign.id))['analytics_connects']).toHaveLength(2);
    const clicksBefore = (await figures(campaign.id))['clicks'];

    await erasing.agent.delete('/api/v1/listeners/me').set(CSRF).expect(204);
    const { incremental, rebuilt } = await incrementalAndRebuilt(campaign.id);
    expect(incremental).toEqual(rebuilt);
    // The clicks stay counted (anonymised); the erased listener's connect goes.
    expect(rebuilt['analytics_connects']).toHaveLength(1);
    const after = await figures(campaign.id);
    expect(after['clicks']).toEqual(clicksBefore);
    expect(after['connects']).toBe(1);
  });
  it("drops the connect of a listener who erased their data after their connect's link was deleted", async () => {
    const campaign = await newCampaign('Link deletion, then erasure');
    // The listener connects through the other link, then clicks the main one as a connected browser (the
    // Spotify account erased above connects again as a new listener: the sandbox app admits 5 listeners).
    const erasing = new Browser(server.url);
    await connectThroughLink(erasing, campaign.other.slug, user(2));
    await erasing.get(`/l/${campaign.main.slug}`).expect(302);
    await connectThroughLink(new Browser(server.url), campaign.main.slug, user(4));
    await drain();

    await owner.unsafe('delete', `/api/v1/campaigns/${campaign.id}/links/${campaign.other.id}`).expect(204);
    await drain();
    await erasing.agent.delete('/api/v1/listeners/me').set(CSRF).expect(204);
    const { incremental, rebuilt } = await incrementalAndRebuilt(campaign.id);
    expect(incremental).toEqual(rebuilt);
    // Only the other listener's connect is left, and no linked click of the erased listener.
    expect(rebuilt['analytics_connects']).toHaveLength(1);
    expect(rebuilt['analytics_linked_clicks']).toHaveLength(1);
    expect((await figures(campaign.id))['connects']).toBe(1);
  });
  itWithConcurrentSessions(
    'pseudonymises the rows a rollup batch running during the erase writes, so the connect goes',
    async () => {
      const campaign = await newCampaign('Erasure during a rollup batch');
      const lockWaiters = async () =>
        Number(
          (
            await kit.sql<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )
          )[0]?.n,
        );
      const until = async (done: () => Promise<boolean>, what: string) => {
        for (let i = 0; i < 500; i++) {
          if (await done()) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        throw new Error(`gave up waiting for ${what}`);
      };
      await drain();
      // No rollup batch runs while the listener connects (the job's lock is held here).
      const held = await AnalyticsKit.connect(server.database.url);
      const blocker = await AnalyticsKit.connect(server.database.url);
      try {
        await held.sql('BEGIN');
        await held.sql(`SELECT pg_advisory_xact_lock(hashtext('soundlink.analytics.rollups'))`);
        const erasing = new Browser(server.url);
        await connectThroughLink(erasing, campaign.main.slug, user(2));
        const [linked] = await kit.sql<{ id: string; listener_id: string; clicked_at: Date }>(
          'SELECT id, listener_id, clicked_at FROM clicks WHERE campaign_id = $1 AND listener_id IS NOT NULL',
          [campaign.id],
        );
        if (!linked) throw new Error('the connect linked no click');
        // The next batch links the click, then stops at the connect it writes (this uncommitted row has its key).
        await blocker.sql('BEGIN');
        await blocker.sql(
          `INSERT INTO analytics_connects (campaign_id, listener_id, click_id, link_id, utm_source, clicked_at,
                                         already_connected)
         VALUES ($1, $2, $3, $4, '', $5, false)`,
          [campaign.id, linked.listener_id, linked.id, campaign.main.id, linked.clicked_at],
        );
        await held.sql('COMMIT');
        const batch = rollups.processPending(1_000);
        await until(async () => (await lockWaiters()) >= 1, 'the rollup batch to wait');
        // The listener erases their data while that batch is under way.
        let erased = false;
        const erase = erasing.agent
          .delete('/api/v1/listeners/me')
          .set(CSRF)
          .expect(204)
          .then(() => (erased = true));
        await until(async () => erased || (await lockWaiters()) >= 2, 'the erase to finish or wait');
        await blocker.sql('ROLLBACK');
        await Promise.all([batch, erase]);

        const { incremental, rebuilt } = await incrementalAndRebuilt(campaign.id);
        expect(incremental).toEqual(rebuilt);
        expect(rebuilt['analytics_connects']).toEqual([]);
        expect(
          await kit.sql('SELECT * FROM analytics_connects WHERE listener_id = $1', [linked.listener_id]),
        ).toEqual([]);
      } finally {
        await held.close();
        await blocker.close();
      }
    },
  );
  itWithConcurrentSessions(
    'applies a batch in queue order once the queue numbers pass a power of ten',
    async () => {
      const campaign = await newCampaign('Queue order');
      await drain();
      const queueSeq = `pg_get_serial_sequence('analytics_click_queue', 'seq')`;
      const held = await AnalyticsKit.connect(server.database.url);
      try {
        // No rollup batch runs while the click is linked and its link deleted: both changes land in one batch.
        await held.sql('BEGIN');
        await held.sql(`SELECT pg_advisory_xact_lock(hashtext('soundlink.analytics.rollups'))`);
        await kit.sql(`SELECT setval(${queueSeq}, 9990)`);
        await connectThroughLink(new Browser(server.url), campaign.other.slug, user(2));
        // The deletion's changes are numbered from 10 001, the connect's below 10 000.
        await kit.sql(`SELECT setval(${queueSeq}, 10000)`);
        await owner
          .unsafe('delete', `/api/v1/campaigns/${campaign.id}/links/${campaign.other.id}`)
          .expect(204);
        await held.sql('COMMIT');
      } finally {
        await held.close();
      }
      const { incremental, rebuilt } = await incrementalAndRebuilt(campaign.id);
      expect(incremental).toEqual(rebuilt);
      expect(rebuilt['analytics_connects']).toEqual([]);
    },
  );
});
