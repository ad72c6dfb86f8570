import { Client } from 'pg';
import request from 'supertest';
import { AttributionService } from '../src/modules/attribution/attribution.service';
import { ReattributionService } from '../src/modules/attribution/reattribution.service';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { click, connectOwnerSpotify, createCampaign, createLink, demoPlaylist } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { SandboxCatalog } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

const HOUR = 3_600_000;

describe('attribution over stored plays', () => {
  let server: TestServer;
  let db: Client;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;
  let playlistCampaign: { id: string; destination: { id: string } };
  let albumCampaign: { id: string };
  let listenerId: string;
  let clickAt: Date;
  let playlistTracks: string[];
  let albumTracks: string[];
  let outsider: string;

  async function addPlay(
    trackId: string,
    playedAt: Date,
    contextUri: string | null,
    source = 'poll',
  ): Promise<string> {
    const { rows } = await db.query(
      `INSERT INTO plays (listener_id, played_at, track_id, context_type, context_uri, source)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [listenerId, playedAt, trackId, contextUri ? contextUri.split(':')[1] : null, contextUri, source],
    );
    return String(rows[0].id);
  }

  async function attributionsOf(campaignId: string) {
    const { rows } = await db.query(
      `SELECT a.play_id::text, a.track_id, a.tier, a.score, a.credit, a.reasons, a.generation
         FROM attributions a JOIN campaigns c ON c.id = a.campaign_id AND a.generation = c.attribution_generation
        WHERE a.campaign_id = $1 ORDER BY a.played_at`,
      [campaignId],
    );
    return rows as Array<{
      play_id: string;
      track_id: string;
      tier: string;
      score: number;
      credit: number;
      reasons: string[];
      generation: number;
    }>;
  }

  beforeAll(async () => {
    // role api: no scheduled sweeps or jobs, so the test decides when attribution runs
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    db = new Client({ connectionString: server.database.url });
    await db.connect();
    owner = await registerOwner(server.url);
    catalog = await connectOwnerSpotify(server.url, owner, 'Nightjar Records');
    const playlist = demoPlaylist(catalog);
    playlistTracks = playlist.trackIds;
    playlistCampaign = (
      await createCampaign(owner, {
        name: 'Playlist push',
        destination: `spotify:playlist:${playlist.id}`,
      }).expect(201)
    ).body;
    // the album of the playlist's first track: its plays qualify for both campaigns
    const firstTrackAlbum = catalog.tracks.find((t) => t.id === playlistTracks[0])!.albumId;
    const sharedAlbum = catalog.albums.find((a) => a.id === firstTrackAlbum)!;
    albumTracks = sharedAlbum.trackIds;
    albumCampaign = (
      await createCampaign(owner, {
        name: 'Album push',
        destination: `spotify:album:${sharedAlbum.id}`,
      }).expect(201)
    ).body;
    outsider = catalog.tracks.find((t) => !playlistTracks.includes(t.id) && !albumTracks.includes(t.id))!.id;

    const { body: link } = await createLink(owner, playlistCampaign.id, {
      label: 'Instagram bio',
      slug: 'attr-ig',
    }).expect(201);
    const { body: albumLink } = await createLink(owner, albumCampaign.id, {
      label: 'Newsletter',
      slug: 'attr-nl',
    }).expect(201);
    const visitor = '11111111-1111-4111-8111-111111111111';
    await click(server.url, '/l/attr-ig', { Cookie: `sl_vid=${visitor}` }).expect(302);
    await click(server.url, '/l/attr-nl', { Cookie: `sl_vid=${visitor}` }).expect(302);
    await server.app.get(ClickBuffer).flush();
    const { rows } = await db.query(
      `INSERT INTO listeners (spotify_user_id, display_name, status, consented_at) VALUES ('listener-1', 'Ada', 'active', now()) RETURNING id`,
    );
    listenerId = rows[0].id;
    await db.query('UPDATE clicks SET listener_id = $1 WHERE visitor_id = $2', [listenerId, visitor]);
    const clicks = await db.query('SELECT clicked_at FROM clicks WHERE link_id = $1', [link.id]);
    clickAt = new Date(clicks.rows[0].clicked_at);
    void albumLink;
  });
  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });

  it('attributes exactly the plays that qualify, with tiers and reasons', async () => {
    const p = demoPlaylist(catalog);
    const fromPlaylist = await addPlay(
      playlistTracks[1]!,
      new Date(clickAt.getTime() + HOUR),
      `spotify:playlist:${p.id}`,
    );
    const likedSongs = await addPlay(playlistTracks[2]!, new Date(clickAt.getTime() + 2 * HOUR), null);
    const before = await addPlay(
      playlistTracks[3]!,
      new Date(clickAt.getTime() - HOUR),
      `spotify:playlist:${p.id}`,
    );
    const lateAfterWindow = await addPlay(
      playlistTracks[4]!,
      new Date(clickAt.getTime() + 169 * HOUR),
      `spotify:playlist:${p.id}`,
    );
    const notInSet = await addPlay(
      outsider,
      new Date(clickAt.getTime() + 3 * HOUR),
      `spotify:playlist:${p.id}`,
    );
    const imported = await addPlay(
      playlistTracks[5]!,
      new Date(clickAt.getTime() + 4 * HOUR),
      null,
      'import',
    );

    await server.app
      .get(AttributionService)
      .attributePlays([fromPlaylist, likedSongs, before, lateAfterWindow, notInSet, imported]);
    const rows = await attributionsOf(playlistCampaign.id);
    expect(rows.map((r) => r.play_id)).toEqual([fromPlaylist, likedSongs]);
    expect(rows[0]).toMatchObject({
      tier: 'high',
      reasons: ['CONTEXT_DESTINATION', 'TIME_DECAY', 'NEW_REACH', 'PLAYLIST_VERIFIED'],
    });
    expect(rows[0]!.score).toBeCloseTo(0.997, 3);
    expect(rows[1]).toMatchObject({
      tier: 'medium',
      reasons: ['CONTEXT_NONE', 'TIME_DECAY', 'NEW_REACH', 'PLAYLIST_VERIFIED'],
    });
  });

  it('splits a play that qualifies for two campaigns so the credits sum to 1', async () => {
    const shared = playlistTracks[0]!;
    expect(albumTracks).toContain(shared);
    const play = await addPlay(shared, new Date(clickAt.getTime() + 5 * HOUR), null);
    await server.app.get(AttributionService).attributePlays([play]);
    const { rows } = await db.query('SELECT campaign_id, credit FROM attributions WHERE play_id = $1', [
      play,
    ]);
    expect(rows).toHaveLength(2);
    expect(rows.reduce((sum: number, r: { credit: number }) => sum + Number(r.credit), 0)).toBeCloseTo(1, 3);
  });

  it('is idempotent: the sweep attributes a queued play, and taking the same play again changes nothing', async () => {
    const service = server.app.get(AttributionService);
    const stored = async () =>
      (
        await db.query(
          `SELECT play_id::text, campaign_id, generation, click_id, score::text, credit::text, reasons
             FROM attributions ORDER BY play_id, campaign_id, generation`,
        )
      ).rows as Array<{ play_id: string; campaign_id: string }>;
    // A play as the poller stores it (queued by the database), attributed by nobody yet.
    const play = await addPlay(playlistTracks[3]!, new Date(clickAt.getTime() + 3 * HOUR + 17_000), null);
    expect((await stored()).filter((r) => r.play_id === play)).toEqual([]);
    // First prove the sweep writes: it takes the queued play and attributes it.
    const first = await service.sweep(0);
    expect(first.plays).toBeGreaterThanOrEqual(1);
    const after = await stored();
    expect(after.filter((r) => r.play_id === play).map((r) => r.campaign_id)).toContain(playlistCampaign.id);
    // The same play once more (as when the poll-time run and the sweep both take it): nothing changes.
    await db.query(
      `INSERT INTO attribution_queue (play_id, queued_at) VALUES ($1, now() - interval '1 minute')`,
      [play],
    );
    const again = await service.sweep(0);
    expect(again.plays).toBe(1);
    expect(await stored()).toEqual(after);
  });

  it('explains in words why a play was attributed or not, to the owner only', async () => {
    const p = demoPlaylist(catalog);
    const play = await addPlay(
      playlistTracks[6]!,
      new Date(clickAt.getTime() + 10 * HOUR),
      `spotify:playlist:${p.id}`,
    );
    const late = await addPlay(playlistTracks[7]!, new Date(clickAt.getTime() + 200 * HOUR), null);
    await server.app.get(AttributionService).attributePlays([play, late]);
    const yes = await owner.agent.get(`/api/v1/plays/${play}/explanation`).expect(200);
    const forPlaylist = yes.body.campaigns.find(
      (c: { campaignId: string }) => c.campaignId === playlistCampaign.id,
    );
    expect(forPlaylist).toMatchObject({
      attributed: true,
      tier: 'high',
      linkLabel: 'Instagram bio',
      windowHours: 168,
    });
    expect(forPlaylist.summary).toMatch(
      /^Attributed to “Instagram bio” with confidence 0\.97\d? \(high\): played from the campaign's own destination/,
    );
    // In the window of the owner's click, a track of the target set, not attributed (yet): explained.
    const pending = await addPlay(playlistTracks[8]!, new Date(clickAt.getTime() + 11.5 * HOUR), null);
    const no = await owner.agent.get(`/api/v1/plays/${pending}/explanation`).expect(200);
    expect(
      no.body.campaigns.find((c: { campaignId: string }) => c.campaignId === playlistCampaign.id),
    ).toMatchObject({
      attributed: false,
      summary:
        'Not attributed yet: this play qualifies and will be attributed by the next run. The campaign has no start or end date.',
      linkLabel: 'Instagram bio',
    });
    // Outside every window of the owner's clicks: not the owner's to read (docs/attribution.md, "Asking why").
    await owner.agent.get(`/api/v1/plays/${late}/explanation`).expect(404);
    const stranger = await registerOwner(server.url);
    await stranger.agent.get(`/api/v1/plays/${play}/explanation`).expect(404);
    await owner.agent.get('/api/v1/plays/not-a-number/explanation').expect(404);
  });

  it('lists attributions with cursor pagination and filters', async () => {
    const all = await owner.agent.get(`/api/v1/campaigns/${playlistCampaign.id}/attributions`).expect(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(3);
    const first = await owner.agent
      .get(`/api/v1/campaigns/${playlistCampaign.id}/attributions?limit=1`)
      .expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await owner.agent
      .get(`/api/v1/campaigns/${playlistCampaign.id}/attributions?limit=1&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.items[0].playId).not.toBe(first.body.items[0].playId);
    expect(second.body.items[0].playedAt <= first.body.items[0].playedAt).toBe(true);
    const high = await owner.agent
      .get(`/api/v1/campaigns/${playlistCampaign.id}/attributions?tier=high`)
      .expect(200);
    expect(high.body.items.every((a: { tier: string }) => a.tier === 'high')).toBe(true);
    const bad = await owner.agent.get(
      `/api/v1/campaigns/${playlistCampaign.id}/attributions?tier=great&cursor=xyz`,
    );
    expect(bad.status).toBe(400);
    const { body: key } = await owner
      .unsafe('post', '/api/v1/api-keys')
      .send({ name: 'c', scopes: ['campaigns:read'] })
      .expect(201);
    const noScope = await request(server.url)
      .get(`/api/v1/campaigns/${playlistCampaign.id}/attributions`)
      .set('Authorization', `Bearer ${key.secret}`);
    expect(noScope.status).toBe(403);
  });

  it('re-attributes in the background when the window changes, keeping old results until done', async () => {
    const p = demoPlaylist(catalog);
    const at30h = await addPlay(
      playlistTracks[8]!,
      new Date(clickAt.getTime() + 30 * HOUR),
      `spotify:playlist:${p.id}`,
    );
    const at20h = await addPlay(
      playlistTracks[9]!,
      new Date(clickAt.getTime() + 20 * HOUR),
      `spotify:playlist:${p.id}`,
    );
    await server.app.get(AttributionService).attributePlays([at30h, at20h]);
    const before = await attributionsOf(playlistCampaign.id);
    expect(before.map((r) => r.play_id)).toContain(at30h);

    await owner
      .unsafe('patch', `/api/v1/campaigns/${playlistCampaign.id}`)
      .send({ attributionWindowHours: 24 })
      .expect(200);
    const { body: job } = await owner
      .unsafe('post', `/api/v1/campaigns/${playlistCampaign.id}/reattribute`)
      .expect(202);
    expect(job).toMatchObject({ status: 'queued', generation: 2 });
    // still the old generation until the job has run
    expect((await attributionsOf(playlistCampaign.id)).map((r) => r.play_id)).toContain(at30h);

    await server.app.get(ReattributionService).runDue();
    const done = await owner.agent.get(`/api/v1/campaigns/${playlistCampaign.id}/jobs/${job.id}`).expect(200);
    expect(done.body).toMatchObject({ status: 'done', progress: 1, generation: 2 });
    const after = await attributionsOf(playlistCampaign.id);
    expect(after.every((r) => r.generation === 2)).toBe(true);
    expect(after.map((r) => r.play_id)).not.toContain(at30h); // 30 h is outside the new 24 h window
    expect(after.map((r) => r.play_id)).toContain(at20h);
    const { rows } = await db.query(
      'SELECT count(*) FROM attributions WHERE campaign_id = $1 AND generation = 1',
      [playlistCampaign.id],
    );
    expect(Number(rows[0].count)).toBe(0);
  });
});
