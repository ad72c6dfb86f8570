import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RemoveOrphanAttributions1796445677576 } from '../src/database/migrations/1796445677576-RemoveOrphanAttributions';
import { AttributionService } from '../src/modules/attribution/attribution.service';
import { ReattributionService } from '../src/modules/attribution/reattribution.service';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { PollingService } from '../src/modules/polling/polling.service';
import { BROWSER_UA, connectOwnerSpotify, createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { answerConsent, SandboxCatalog, sandboxControl } from './support/sandbox';
import { itWithConcurrentSessions } from './support/test-database';
import { startTestServer, TestServer } from './support/test-server';
import { sleep } from './polling-kit';

/**
 * The credits of one play over all campaigns' current generations sum to 1 after any attribution,
 * re-attribution or deletion (docs/attribution.md, "One play, several campaigns"). Everything here goes through
 * HTTP and the Spotify sandbox; the test only decides when the poller, the sweep and the jobs run.
 */
describe('credits of a play shared by two campaigns', () => {
  let server: TestServer;
  let db: Client;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;
  let album: SandboxCatalog['albums'][number];
  let users = 0;

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    db = new Client({ connectionString: server.database.url });
    db.on('error', () => undefined);
    await db.connect();
    owner = await registerOwner(server.url);
    catalog = await connectOwnerSpotify(server.url, owner, 'Nightjar Records');
    // one listener per test: more than development mode's five users
    await sandboxControl(server.url, 'POST', 'config', { devModeUserCap: 1000 });
    album = catalog.albums.find((a) => a.trackIds.length >= 3)!;
  });
  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });

  interface Scenario {
    a: { id: string };
    b: { id: string };
    linkA: { id: string };
    linkB: { id: string };
    /** A second link of A, clicked after A's first and before B's (when asked for). */
    linkA2?: { id: string };
    listenerId: string;
    clickedA: Date;
  }

  /**
   * Campaigns A and B on the same album; a listener clicks A's link (and connects), then B's link, then plays
   * three tracks of the album; the poller stores the plays (not attributed yet).
   */
  async function scenario(tag: string, secondLinkOfA = false): Promise<Scenario> {
    const { body: a } = await createCampaign(owner, {
      name: `A ${tag}`,
      destination: `spotify:album:${album.id}`,
    }).expect(201);
    const { body: b } = await createCampaign(owner, {
      name: `B ${tag}`,
      destination: `spotify:album:${album.id}`,
    }).expect(201);
    const { body: linkA } = await createLink(owner, a.id, { label: 'A', slug: `a-${tag}` }).expect(201);
    const { body: linkB } = await createLink(owner, b.id, { label: 'B', slug: `b-${tag}` }).expect(201);
    const linkA2 = secondLinkOfA
      ? (await createLink(owner, a.id, { label: 'A2', slug: `a2-${tag}` }).expect(201)).body
      : undefined;
    const user = (await sandboxControl(server.url, 'POST', 'users', {
      displayName: `Listener ${tag} ${++users}`,
    })) as { id: string };
    const browser = request.agent(server.url);
    const click = await browser.get(`/l/a-${tag}`).set('User-Agent', BROWSER_UA).redirects(0).expect(302);
    const clickId = new URL(click.headers['location'] as string, server.url).searchParams.get('click');
    const start = await browser
      .get(`/api/v1/listeners/connect/start?slug=a-${tag}&click=${clickId}`)
      .set('User-Agent', BROWSER_UA)
      .redirects(0)
      .expect(302);
    const callback = new URL(await answerConsent(start.headers['location'] as string, user.id));
    const back = await browser
      .get(`${callback.pathname}${callback.search}`)
      .set('User-Agent', BROWSER_UA)
      .redirects(0);
    expect(back.headers['location']).toMatch(/^https:\/\/open.spotify.com\//);
    // the connected listener's browser now carries the listener cookie: later clicks are theirs at once
    if (linkA2) await browser.get(`/l/a2-${tag}`).set('User-Agent', BROWSER_UA).redirects(0).expect(302);
    await browser.get(`/l/b-${tag}`).set('User-Agent', BROWSER_UA).redirects(0).expect(302);
    await server.app.get(ClickBuffer).flush();
    const [listener] = (await db.query('SELECT listener_id AS id FROM clicks WHERE id = $1', [clickId]))
      .rows as Array<{ id: string }>;
    // A play counts only when it started after the click (played_at − the track's duration, up to 6 minutes in
    // the sandbox): the clicks are moved 10 minutes back, so the plays below start well after them.
    await db.query(
      `UPDATE clicks SET clicked_at = clicked_at - interval '10 minutes' WHERE listener_id = $1`,
      [listener!.id],
    );
    const clicks = (
      await db.query('SELECT campaign_id, clicked_at, listener_id FROM clicks WHERE listener_id = $1', [
        listener!.id,
      ])
    ).rows as Array<{ campaign_id: string; clicked_at: Date }>;
    expect(clicks.map((c) => c.campaign_id).sort()).toEqual(
      (linkA2 ? [a.id, a.id, b.id] : [a.id, b.id]).sort(),
    );
    const t0 = Date.now() + 1_000;
    for (const [i, trackId] of album.trackIds.slice(0, 3).entries()) {
      await sandboxControl(server.url, 'POST', `users/${user.id}/plays`, {
        trackId,
        playedAt: new Date(t0 + i * 60_000).toISOString(),
        context: { type: 'album', uri: `spotify:album:${album.id}` },
      });
    }
    await sandboxControl(server.url, 'POST', 'clock', { advanceMs: 5 * 60_000 });
    await server.app.get(PollingService).pollListenerNow(listener!.id);
    return {
      a,
      b,
      linkA,
      linkB,
      linkA2,
      listenerId: listener!.id,
      clickedA: new Date(
        Math.min(
          ...clicks.filter((c) => c.campaign_id === a.id).map((c) => new Date(c.clicked_at).getTime()),
        ),
      ),
    };
  }

  /** The campaign's attributions as the owner's API lists them. */
  async function listed(
    campaignId: string,
  ): Promise<Array<{ playId: string; credit: number; linkId: string }>> {
    const res = await owner.agent.get(`/api/v1/campaigns/${campaignId}/attributions?limit=100`).expect(200);
    return res.body.items;
  }

  /** Stored attribution rows of a campaign, whatever the generation (a deleted campaign has no API any more). */
  async function storedRows(campaignId: string): Promise<number> {
    const { rows } = await db.query('SELECT count(*)::int AS n FROM attributions WHERE campaign_id = $1', [
      campaignId,
    ]);
    return rows[0].n as number;
  }

  /** The campaign's attributions as the owner's API lists them: play id → credit. */
  async function credits(campaignId: string): Promise<Map<string, number>> {
    const res = await owner.agent.get(`/api/v1/campaigns/${campaignId}/attributions?limit=100`).expect(200);
    return new Map(
      (res.body.items as Array<{ playId: string; credit: number }>).map((i) => [i.playId, i.credit]),
    );
  }

  async function reattribute(campaignId: string): Promise<void> {
    const { body: job } = await owner
      .unsafe('post', `/api/v1/campaigns/${campaignId}/reattribute`)
      .expect(202);
    await server.app.get(ReattributionService).runDue();
    const done = await owner.agent.get(`/api/v1/campaigns/${campaignId}/jobs/${job.id}`).expect(200);
    expect(done.body.status).toBe('done');
  }

  it('gives B the whole credit when A stops qualifying and is re-attributed', async () => {
    const s = await scenario('stop');
    await server.app.get(AttributionService).sweep(0);
    const beforeA = await credits(s.a.id);
    const beforeB = await credits(s.b.id);
    expect([...beforeA.values()]).toEqual([0.5, 0.5, 0.5]);
    expect([...beforeB.values()]).toEqual([0.5, 0.5, 0.5]);

    // A ends before its click: that click no longer counts
    await owner
      .unsafe('patch', `/api/v1/campaigns/${s.a.id}`)
      .send({ endsAt: new Date(s.clickedA.getTime() - 60_000).toISOString() })
      .expect(200);
    await reattribute(s.a.id);

    expect((await credits(s.a.id)).size).toBe(0);
    const afterB = await credits(s.b.id);
    expect([...afterB.keys()].sort()).toEqual([...beforeB.keys()].sort());
    expect([...afterB.values()]).toEqual([1, 1, 1]);
  });

  it('keeps the sum at 1 when a re-attribution covers plays the sweep has not reached yet', async () => {
    const s = await scenario('ahead');
    // the plays are stored but not attributed; A's re-attribution runs first, then the sweep
    await reattribute(s.a.id);
    await server.app.get(AttributionService).sweep(0);
    const a = await credits(s.a.id);
    const b = await credits(s.b.id);
    expect(a.size).toBe(3);
    for (const [playId, credit] of a) expect(credit + (b.get(playId) ?? 0)).toBe(1);
    expect([...b.values()]).toEqual([0.5, 0.5, 0.5]);
  });

  it("hands a deleted campaign's credit to the other campaign and keeps none of its attributions", async () => {
    const s = await scenario('gone');
    await server.app.get(AttributionService).sweep(0);
    expect([...(await credits(s.b.id)).values()]).toEqual([0.5, 0.5, 0.5]);
    await owner.unsafe('delete', `/api/v1/campaigns/${s.a.id}`).expect(204);
    expect(await storedRows(s.a.id)).toBe(0);
    expect([...(await credits(s.b.id)).values()]).toEqual([1, 1, 1]);
  });

  it('removes the attributions a deleted link earned and hands their credit to the other campaign', async () => {
    const s = await scenario('unlinked');
    await server.app.get(AttributionService).sweep(0);
    await owner.unsafe('delete', `/api/v1/campaigns/${s.a.id}/links/${s.linkA.id}`).expect(204);
    // A's only link is gone with its click: A has no click left, B takes the whole play
    expect(await storedRows(s.a.id)).toBe(0);
    expect([...(await credits(s.b.id)).values()]).toEqual([1, 1, 1]);
  });

  it("credits the campaign's remaining click when the link of its latest click is deleted", async () => {
    const s = await scenario('relinked', true);
    await server.app.get(AttributionService).sweep(0);
    expect((await listed(s.a.id)).map((r) => r.linkId)).toEqual([s.linkA2!.id, s.linkA2!.id, s.linkA2!.id]);
    await owner.unsafe('delete', `/api/v1/campaigns/${s.a.id}/links/${s.linkA2!.id}`).expect(204);
    const a = await listed(s.a.id);
    expect(a.map((r) => r.linkId)).toEqual([s.linkA.id, s.linkA.id, s.linkA.id]);
    const b = await credits(s.b.id);
    for (const row of a) expect(row.credit + (b.get(row.playId) ?? 0)).toBe(1);
  });

  it('the migration removes the attributions earlier deletions left behind and rebalances their plays', async () => {
    const s = await scenario('orphans');
    await server.app.get(AttributionService).sweep(0);
    // what deleting a campaign did before: its clicks and the campaign went, its attributions stayed
    await db.query('DELETE FROM clicks WHERE campaign_id = $1', [s.a.id]);
    await db.query('DELETE FROM campaigns WHERE id = $1', [s.a.id]);
    expect(await storedRows(s.a.id)).toBe(3);
    const runner = server.app.get(DataSource).createQueryRunner();
    try {
      await new RemoveOrphanAttributions1796445677576().up(runner);
    } finally {
      await runner.release();
    }
    expect(await storedRows(s.a.id)).toBe(0);
    expect([...(await credits(s.b.id)).values()]).toEqual([1, 1, 1]);
  });

  itWithConcurrentSessions(
    'the sweep does not skip a play whose transaction commits after later plays were swept',
    async () => {
      const s = await scenario('held');
      const lagS = 1;
      const insertPlay = (client: Client, trackId: string, at: number) =>
        client.query(
          `INSERT INTO plays (listener_id, played_at, track_id, context_type, context_uri, source)
         VALUES ($1, $2, $3, 'album', $4, 'poll') RETURNING id`,
          [s.listenerId, new Date(at), trackId, `spotify:album:${album.id}`],
        );
      const after = s.clickedA.getTime() + 3_600_000;
      // a poll's transaction takes an id, then stays open longer than the sweep's lag
      const held = new Client({ connectionString: server.database.url });
      await held.connect();
      try {
        await held.query('BEGIN');
        const heldId = String((await insertPlay(held, album.trackIds[0]!, after)).rows[0].id);
        // meanwhile later plays (higher ids) commit, pass the lag and are swept
        // (another day and track: the trends counters of the held play's row stay locked until it commits)
        const laterId = String((await insertPlay(db, album.trackIds[1]!, after + 26 * 3_600_000)).rows[0].id);
        expect(Number(laterId)).toBeGreaterThan(Number(heldId));
        await sleep(lagS * 1000 + 500);
        await server.app.get(AttributionService).sweep(lagS);
        expect((await credits(s.a.id)).get(laterId)).toBe(0.5);
        await held.query('COMMIT');
        await sleep(lagS * 1000 + 500);
        await server.app.get(AttributionService).sweep(lagS);
        expect((await credits(s.a.id)).get(heldId)).toBe(0.5);
        expect((await credits(s.b.id)).get(heldId)).toBe(0.5);
      } finally {
        await held.end();
      }
    },
  );
});
