import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AttributionService } from '../src/modules/attribution/attribution.service';
import { ReattributionService } from '../src/modules/attribution/reattribution.service';
import { CampaignService } from '../src/modules/campaign/campaign.service';
import { connectOwnerSpotify, createCampaign, createLink, demoPlaylist } from './support/campaigns';
import { expectStoredMatchesReference } from './support/attribution-reference';
import { registerOwner, SignedInOwner } from './support/owners';
import { SandboxCatalog, sandboxControl } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

const MIN = 60_000;
const HOUR = 3_600_000;

/**
 * Which click and which plays count (docs/attribution.md): the latest eligible click, dates, statuses, the
 * baseline against the first click, the play's start, legacy context URIs, the SQL's boundaries, and the
 * re-attributions a change schedules. Campaigns and their changes go through HTTP; clicks and plays are
 * written to the database with exact timestamps (the boundaries are to the millisecond), and the test
 * decides when attribution and the re-attribution jobs run. Every test ends by comparing the stored
 * attributions with a from-scratch evaluation of the model (test/support/attribution-reference.ts).
 */
describe('attribution eligibility', () => {
  let server: TestServer;
  let db: Client;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;
  let album: SandboxCatalog['albums'][number];
  let n = 0;

  beforeAll(async () => {
    // role api: no scheduled sweeps or jobs, so the test decides when attribution runs
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    db = new Client({ connectionString: server.database.url });
    await db.connect();
    owner = await registerOwner(server.url);
    catalog = await connectOwnerSpotify(server.url, owner, 'Nightjar Records');
    album = catalog.albums.find((a) => a.trackIds.length >= 6)!;
  });
  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });

  async function campaign(body: Record<string, unknown> = {}) {
    const tag = `c${++n}`;
    const { body: created } = await createCampaign(owner, {
      name: `Campaign ${tag}`,
      destination: `spotify:album:${album.id}`,
      ...body,
    }).expect(201);
    const { body: link } = await createLink(owner, created.id, {
      label: `Link ${tag}`,
      slug: `elig-${tag}`,
    }).expect(201);
    return { id: created.id as string, linkId: link.id as string };
  }

  async function listener(): Promise<string> {
    const { rows } = await db.query(
      `INSERT INTO listeners (spotify_user_id, display_name, status, consented_at)
       VALUES ($1, 'L', 'active', now()) RETURNING id`,
      [`eligibility-${++n}`],
    );
    return rows[0].id as string;
  }

  async function clickAt(
    c: { id: string; linkId: string },
    listenerId: string,
    at: Date,
    isBot = false,
  ): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO clicks (id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, is_bot, listener_id)
       VALUES ($1, $2, $3, $4, $5, 'h', $6, $7)`,
      [id, c.linkId, c.id, at, randomUUID(), isBot, listenerId],
    );
    return id;
  }

  async function playAt(
    listenerId: string,
    trackId: string,
    at: Date,
    contextUri: string | null = `spotify:album:${album.id}`,
    source = 'poll',
  ): Promise<string> {
    const { rows } = await db.query(
      `INSERT INTO plays (listener_id, played_at, track_id, context_type, context_uri, source)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [listenerId, at, trackId, contextUri ? contextUri.split(':').at(-2) : null, contextUri, source],
    );
    return String(rows[0].id);
  }

  async function attribute(...playIds: string[]) {
    await server.app.get(AttributionService).attributePlays(playIds);
  }

  /** The current generation's rows of these plays, by campaign. */
  async function current(playId: string) {
    const { rows } = await db.query(
      `SELECT a.campaign_id, a.click_id, a.score, a.credit, a.reasons, a.model_version
         FROM attributions a JOIN campaigns c ON c.id = a.campaign_id AND a.generation = c.attribution_generation
        WHERE a.play_id = $1 ORDER BY a.campaign_id`,
      [playId],
    );
    return rows as Array<{
      campaign_id: string;
      click_id: string;
      score: number;
      credit: number;
      reasons: string[];
      model_version: string;
    }>;
  }

  async function jobs(campaignId: string) {
    const { rows } = await db.query(
      `SELECT status, reason FROM attribution_jobs WHERE campaign_id = $1 ORDER BY created_at`,
      [campaignId],
    );
    return rows as Array<{ status: string; reason: string }>;
  }

  async function settled() {
    await server.app.get(ReattributionService).runDue();
    await expectStoredMatchesReference(db);
  }

  async function statusSince(campaignId: string, status: string): Promise<Date> {
    const { rows } = await db.query(
      `SELECT since FROM campaign_status_periods WHERE campaign_id = $1 AND status = $2 ORDER BY since DESC NULLS LAST LIMIT 1`,
      [campaignId, status],
    );
    return new Date(rows[0].since);
  }

  const patch = (campaignId: string, body: Record<string, unknown>) =>
    owner.unsafe('patch', `/api/v1/campaigns/${campaignId}`).send(body).expect(200);

  describe('defect 5: the credited click is the latest eligible one, and changes re-attribute', () => {
    it('credits an earlier click inside the dates when the latest click is after the end date', async () => {
      const end = new Date(Date.now() + 10 * HOUR);
      const c = await campaign({ endsAt: end.toISOString() });
      const l = await listener();
      const inside = await clickAt(c, l, new Date(end.getTime() - HOUR));
      await clickAt(c, l, new Date(end.getTime() + HOUR));
      const play = await playAt(l, album.trackIds[0]!, new Date(end.getTime() + 2 * HOUR));
      await attribute(play);
      expect(await current(play)).toMatchObject([{ campaign_id: c.id, click_id: inside, credit: 1 }]);
      await settled();
    });

    it('a date change schedules a re-attribution: the campaign that stops qualifying hands its credit over', async () => {
      const a = await campaign();
      const b = await campaign();
      const l = await listener();
      const t = new Date(Date.now() + HOUR);
      await clickAt(a, l, t);
      await clickAt(b, l, new Date(t.getTime() + MIN));
      const play = await playAt(l, album.trackIds[1]!, new Date(t.getTime() + 30 * MIN));
      await attribute(play);
      expect((await current(play)).map((r) => r.campaign_id).sort()).toEqual([a.id, b.id].sort());

      await patch(a.id, { endsAt: new Date(t.getTime() - MIN).toISOString() });
      expect(await jobs(a.id)).toEqual([{ status: 'queued', reason: 'dates-changed' }]);
      await server.app.get(ReattributionService).runDue();
      expect(await current(play)).toMatchObject([{ campaign_id: b.id, credit: 1 }]);
      await settled();
    });

    it('a playlist edit schedules a re-attribution of the campaign', async () => {
      const playlist = demoPlaylist(catalog);
      const { body: created } = await createCampaign(owner, {
        name: 'Playlist edits',
        destination: `spotify:playlist:${playlist.id}`,
      }).expect(201);
      const { body: link } = await createLink(owner, created.id, { label: 'pl', slug: 'pl-edit' }).expect(
        201,
      );
      const c = { id: created.id as string, linkId: link.id as string };
      const l = await listener();
      const t = new Date(Date.now() + HOUR);
      await clickAt(c, l, t);
      const newcomer = catalog.tracks.find((x) => !playlist.trackIds.includes(x.id))!;
      const play = await playAt(
        l,
        newcomer.id,
        new Date(t.getTime() + HOUR),
        `spotify:playlist:${playlist.id}`,
      );
      await attribute(play);
      expect(await current(play)).toEqual([]);
      // The track enters the playlist (now, before the play): the stored play now qualifies.
      await sandboxControl(server.url, 'POST', `playlists/${playlist.id}/tracks`, {
        trackIds: [newcomer.id],
      });
      try {
        await server.app.get(CampaignService).recheckDestinations();
      } finally {
        await sandboxControl(server.url, 'DELETE', `playlists/${playlist.id}/tracks/${newcomer.id}`);
      }
      expect(await jobs(c.id)).toEqual([{ status: 'queued', reason: 'playlist-edited' }]);
      await server.app.get(ReattributionService).runDue();
      expect(await current(play)).toMatchObject([{ campaign_id: c.id, credit: 1 }]);
      // The track leaves the playlist again (now, before the play): the play stops qualifying.
      await server.app.get(CampaignService).recheckDestinations();
      expect((await jobs(c.id)).map((j) => j.status)).toEqual(['done', 'queued']);
      await settled();
      expect(await current(play)).toEqual([]);
    });

    it('a new model version re-attributes the campaigns written by another one', async () => {
      const c = await campaign();
      const l = await listener();
      const t = new Date(Date.now() + HOUR);
      await clickAt(c, l, t);
      const play = await playAt(l, album.trackIds[2]!, new Date(t.getTime() + HOUR));
      await attribute(play);
      await db.query(`UPDATE attributions SET model_version = 'v1' WHERE campaign_id = $1`, [c.id]);
      expect(await server.app.get(ReattributionService).enqueueOutdatedModel()).toEqual([c.id]);
      await server.app.get(ReattributionService).runDue();
      expect(await current(play)).toMatchObject([{ campaign_id: c.id, model_version: 'v2' }]);
      await settled();
    });

    it('the explanation states the dates and words its stored reasons', async () => {
      const start = new Date(Date.now() - 24 * HOUR);
      const end = new Date(Date.now() + 30 * 24 * HOUR);
      const c = await campaign({ startsAt: start.toISOString(), endsAt: end.toISOString() });
      const l = await listener();
      const t = new Date(Date.now() + HOUR);
      const track = album.trackIds[3]!;
      await clickAt(c, l, t);
      const first = await playAt(l, track, new Date(t.getTime() + HOUR));
      await clickAt(c, l, new Date(t.getTime() + 2 * HOUR));
      const again = await playAt(l, track, new Date(t.getTime() + 3 * HOUR));
      await attribute(first, again);
      const [stored] = await current(again);
      const res = await owner.agent.get(`/api/v1/plays/${again}/explanation`).expect(200);
      const explained = res.body.campaigns[0];
      expect(explained).toMatchObject({ attributed: true, reasons: stored!.reasons });
      expect(explained.score).toBeCloseTo(stored!.score, 3);
      expect(explained.summary).toContain('a track new to the listener since their first click');
      expect(explained.summary).not.toContain('not new reach');
      expect(explained.summary).toContain(
        `The campaign runs from ${start.toISOString().replace('.000Z', 'Z')} to ${end.toISOString().replace('.000Z', 'Z')}`,
      );
      await settled();
    });
  });

  describe('defect 6: statuses', () => {
    it('a draft campaign takes no share of a play', async () => {
      const draft = await campaign({ status: 'draft' });
      const live = await campaign();
      const l = await listener();
      const t = new Date(Date.now() + HOUR);
      await clickAt(draft, l, t);
      await clickAt(live, l, t);
      const play = await playAt(l, album.trackIds[0]!, new Date(t.getTime() + HOUR));
      await attribute(play);
      expect(await current(play)).toMatchObject([{ campaign_id: live.id, credit: 1 }]);
      await settled();
    });

    it('a paused campaign takes no plays that start during the pause, nor credit for clicks made then', async () => {
      const a = await campaign();
      const b = await campaign();
      const l = await listener();
      const other = await listener();
      const t = new Date(Date.now() - HOUR);
      await clickAt(a, l, t);
      await clickAt(b, l, t);
      await patch(a.id, { status: 'paused' });
      const pausedAt = await statusSince(a.id, 'paused');
      const midPause = new Date(pausedAt.getTime() + 1);
      // a click made during the pause
      await clickAt(a, other, midPause);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await patch(a.id, { status: 'active' });
      const resumedAt = await statusSince(a.id, 'active');
      expect(resumedAt.getTime()).toBeGreaterThan(midPause.getTime());
      const during = await playAt(l, album.trackIds[1]!, midPause);
      const after = await playAt(l, album.trackIds[2]!, new Date(resumedAt.getTime() + MIN));
      const otherAfter = await playAt(other, album.trackIds[2]!, new Date(resumedAt.getTime() + MIN));
      await attribute(during, after, otherAfter);
      expect(await current(during)).toMatchObject([{ campaign_id: b.id, credit: 1 }]);
      expect((await current(after)).map((r) => r.campaign_id).sort()).toEqual([a.id, b.id].sort());
      expect(await current(otherAfter)).toEqual([]);
      expect((await jobs(a.id)).map((j) => j.reason)).toEqual(['status-changed']);
      await settled();
    });

    it('an archived campaign keeps its history and takes no new plays', async () => {
      const a = await campaign();
      const b = await campaign();
      const l = await listener();
      const t = new Date(Date.now() - HOUR);
      await clickAt(a, l, t);
      await clickAt(b, l, t);
      const before = await playAt(l, album.trackIds[3]!, new Date());
      await attribute(before);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await patch(a.id, { status: 'archived' });
      const archivedAt = await statusSince(a.id, 'archived');
      const later = await playAt(l, album.trackIds[4]!, new Date(archivedAt.getTime() + MIN));
      await attribute(later);
      expect(await current(later)).toMatchObject([{ campaign_id: b.id, credit: 1 }]);
      await server.app.get(ReattributionService).runDue();
      expect((await current(before)).map((r) => r.campaign_id).sort()).toEqual([a.id, b.id].sort());
      expect(await current(later)).toMatchObject([{ campaign_id: b.id, credit: 1 }]);
      await settled();
    });
  });

  it('defect 7: the baseline is the plays before the first eligible click', async () => {
    const c = await campaign();
    const l = await listener();
    const t = new Date(Date.now() + HOUR);
    const track = album.trackIds[4]!;
    await clickAt(c, l, t);
    const first = await playAt(l, track, new Date(t.getTime() + HOUR));
    await clickAt(c, l, new Date(t.getTime() + 2 * HOUR));
    const again = await playAt(l, track, new Date(t.getTime() + 3 * HOUR));
    await attribute(first, again);
    // The campaign caused the first play: the second is not a "baseline repeat".
    expect((await current(again))[0]!.reasons).toContain('NEW_REACH');
    // A play before the first click (stored later, e.g. from an import) makes both repeats once re-attributed.
    await playAt(l, track, new Date(t.getTime() - HOUR), null, 'import');
    await server.app.get(ReattributionService).enqueue(c.id, 'requested');
    await server.app.get(ReattributionService).runDue();
    expect((await current(first))[0]!.reasons).toContain('BASELINE_REPEAT');
    expect((await current(again))[0]!.reasons).toContain('BASELINE_REPEAT');
    await settled();
  });

  it('defect 8: a play that started before the click is not attributed, and the explanation says why', async () => {
    const c = await campaign();
    const l = await listener();
    // (a track no other test plays: its duration changes every play's start)
    const track = catalog.tracks.find((x) => x.id === album.trackIds[5])!;
    await db.query(
      `INSERT INTO tracks (id, name, duration_ms) VALUES ($1, $2, 200000)
       ON CONFLICT (id) DO UPDATE SET duration_ms = 200000`,
      [track.id, track.name],
    );
    const t = new Date(Date.now() + HOUR);
    await clickAt(c, l, t);
    const alreadyPlaying = await playAt(l, track.id, new Date(t.getTime() + 100_000));
    // Started exactly at the click: counts.
    const startedAtClick = await playAt(l, track.id, new Date(t.getTime() + 200_000));
    await attribute(alreadyPlaying, startedAtClick);
    expect(await current(alreadyPlaying)).toEqual([]);
    expect(await current(startedAtClick)).toMatchObject([{ campaign_id: c.id, credit: 1 }]);
    const res = await owner.agent.get(`/api/v1/plays/${alreadyPlaying}/explanation`).expect(200);
    expect(res.body.campaigns[0]).toMatchObject({ attributed: false, reasons: ['STARTED_BEFORE_CLICK'] });
    expect(res.body.campaigns[0].summary).toContain('100 s before the click: it was already playing');
    await settled();
  });

  it('defect 9: a legacy playlist context URI is the playlist', async () => {
    const playlist = demoPlaylist(catalog);
    const { body: created } = await createCampaign(owner, {
      name: 'Legacy URIs',
      destination: `spotify:playlist:${playlist.id}`,
    }).expect(201);
    const { body: link } = await createLink(owner, created.id, { label: 'legacy', slug: 'legacy' }).expect(
      201,
    );
    const l = await listener();
    const t = new Date(Date.now() + HOUR);
    await clickAt({ id: created.id, linkId: link.id }, l, t);
    const play = await playAt(
      l,
      playlist.trackIds[0]!,
      new Date(t.getTime() + HOUR),
      `spotify:user:nightjar:playlist:${playlist.id}`,
    );
    await attribute(play);
    expect((await current(play))[0]!.reasons).toContain('CONTEXT_DESTINATION');
    await settled();
  });

  describe('SQL boundaries (to the millisecond)', () => {
    it('a play exactly at the click counts; one ending a millisecond before it does not', async () => {
      const c = await campaign();
      const l = await listener();
      const t = new Date(Date.now() + HOUR);
      await clickAt(c, l, t);
      const before = await playAt(l, album.trackIds[1]!, new Date(t.getTime() - 1));
      const atClick = await playAt(l, album.trackIds[2]!, t);
      await attribute(before, atClick);
      expect(await current(before)).toEqual([]);
      expect(await current(atClick)).toMatchObject([{ campaign_id: c.id, score: 1 }]);
      await settled();
    });

    it('a play exactly at the end of the window counts; a millisecond later does not', async () => {
      const c = await campaign({ attributionWindowHours: 24 });
      const l = await listener();
      const t = new Date(Date.now() + HOUR);
      await clickAt(c, l, t);
      const atEnd = await playAt(l, album.trackIds[1]!, new Date(t.getTime() + 24 * HOUR));
      const past = await playAt(l, album.trackIds[2]!, new Date(t.getTime() + 24 * HOUR + 1));
      await attribute(atEnd, past);
      expect(await current(atEnd)).toMatchObject([{ campaign_id: c.id, score: 0.5 }]);
      expect(await current(past)).toEqual([]);
      await settled();
    });

    it('a track removed from the target set at or before the play does not count', async () => {
      const c = await campaign();
      const l = await listener();
      const t = new Date(Date.now() + HOUR);
      await clickAt(c, l, t);
      const removedAt = new Date(t.getTime() + HOUR);
      await db.query(`UPDATE campaign_tracks SET removed_at = $3 WHERE campaign_id = $1 AND track_id = $2`, [
        c.id,
        album.trackIds[1],
        removedAt,
      ]);
      await db.query(`UPDATE campaign_tracks SET removed_at = $3 WHERE campaign_id = $1 AND track_id = $2`, [
        c.id,
        album.trackIds[2],
        new Date(removedAt.getTime() + 1),
      ]);
      const atRemoval = await playAt(l, album.trackIds[1]!, removedAt);
      // (another listener: one listener has one play per instant)
      const l2 = await listener();
      await clickAt(c, l2, t);
      const justBefore = await playAt(l2, album.trackIds[2]!, removedAt);
      await attribute(atRemoval, justBefore);
      expect(await current(atRemoval)).toEqual([]);
      expect(await current(justBefore)).toMatchObject([{ campaign_id: c.id }]);
      await settled();
    });

    it('a click exactly at the start or end date counts; a millisecond outside does not', async () => {
      const start = new Date(Date.now() + HOUR);
      const end = new Date(start.getTime() + 10 * HOUR);
      const c = await campaign({ startsAt: start.toISOString(), endsAt: end.toISOString() });
      const cases = [
        { at: start, counts: true },
        { at: end, counts: true },
        { at: new Date(start.getTime() - 1), counts: false },
        { at: new Date(end.getTime() + 1), counts: false },
      ];
      for (const { at, counts } of cases) {
        const l = await listener();
        await clickAt(c, l, at);
        const play = await playAt(l, album.trackIds[0]!, new Date(at.getTime() + MIN));
        await attribute(play);
        expect((await current(play)).length).toBe(counts ? 1 : 0);
      }
      await settled();
    });

    it('bots never count, even as the latest click', async () => {
      const c = await campaign();
      const l = await listener();
      const t = new Date(Date.now() + HOUR);
      const human = await clickAt(c, l, t);
      await clickAt(c, l, new Date(t.getTime() + MIN), true);
      const play = await playAt(l, album.trackIds[0]!, new Date(t.getTime() + 2 * MIN));
      await attribute(play);
      expect(await current(play)).toMatchObject([{ click_id: human }]);
      await settled();
    });
  });
});
