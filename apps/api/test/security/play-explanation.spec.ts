import { Client } from 'pg';
import request from 'supertest';
import { AttributionService } from '../../src/modules/attribution/attribution.service';
import { ClickBuffer } from '../../src/modules/campaign/redirect/click-buffer.service';
import { PollingService } from '../../src/modules/polling/polling.service';
import { sleep } from '../polling-kit';
import {
  BROWSER_UA,
  connectOwnerSpotify,
  createCampaign,
  createLink,
  demoPlaylist,
} from '../support/campaigns';
import { registerOwner, SignedInOwner } from '../support/owners';
import { answerConsent, SandboxCatalog, sandboxControl } from '../support/sandbox';
import { startTestServer, TestServer } from '../support/test-server';

const HOUR = 3_600_000;

/**
 * GET /api/v1/plays/{playId}/explanation must tell an owner about a play only when the play is attributed to
 * one of the owner's campaigns, or lies inside the window of the owner's own click by that listener and is of
 * a track in that campaign's target set. A listener connected through owner A who merely visits owner B's
 * link must not open their listening history to B, and guessing play ids (they are sequential) must give
 * nothing: "no such play" and "not yours" answer the same 404.
 */
describe('security: play explanations', () => {
  let server: TestServer;
  let db: Client;
  let catalog: SandboxCatalog;
  let ownerA: SignedInOwner;
  let ownerB: SignedInOwner;
  let campaignA: { id: string };
  let albumCampaignB: { id: string };
  let playlistCampaignB: { id: string };
  let listenerId: string;
  let sandboxUser: string;
  let browser: ReturnType<typeof request.agent>;
  let firstClickAt: number;
  let playlistTracks: string[];
  let albumTracksB: string[];
  /** Every play the listener has when B starts guessing: baseline, attributed to A, unrelated. */
  let listenerPlays: Array<{ id: string; track_id: string; source: string }>;
  let attributedToA: string[];

  const explanation = (owner: SignedInOwner, playId: string) =>
    owner.agent.get(`/api/v1/plays/${playId}/explanation`);
  const play = (trackId: string, playedAt: number, context: { type: string; uri: string } | null = null) =>
    sandboxControl(server.url, 'POST', `users/${sandboxUser}/plays`, {
      trackId,
      playedAt: new Date(playedAt).toISOString(),
      context,
    });
  const visit = async (slug: string) => {
    const res = await browser.get(`/l/${slug}`).set('User-Agent', BROWSER_UA).redirects(0).expect(302);
    await server.app.get(ClickBuffer).flush();
    return res;
  };
  const pollAndWait = async (untilMs: number) => {
    // Plays are placed in the (recent) past, so the sandbox already shows them and every later click is after them.
    if (Date.now() < untilMs) await sleep(untilMs - Date.now());
    await server.app.get(PollingService).pollListenerNow(listenerId);
  };
  /** The 404 body without its per-request id. */
  const notFoundBody = (body: Record<string, unknown>) => {
    const { requestId: _requestId, ...rest } = body;
    void _requestId;
    return rest;
  };

  beforeAll(async () => {
    // role api: no scheduled polls or sweeps, the test decides when they run
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    db = new Client({ connectionString: server.database.url });
    await db.connect();

    ownerA = await registerOwner(server.url);
    catalog = await connectOwnerSpotify(server.url, ownerA, 'Nightjar Records');
    const playlist = demoPlaylist(catalog);
    playlistTracks = playlist.trackIds;
    const playlistUri = `spotify:playlist:${playlist.id}`;
    campaignA = (await createCampaign(ownerA, { name: 'A playlist', destination: playlistUri }).expect(201))
      .body;
    await createLink(ownerA, campaignA.id, { label: 'A bio', slug: 'sec-a' }).expect(201);

    ownerB = await registerOwner(server.url);
    await connectOwnerSpotify(server.url, ownerB, 'Nightjar Records');
    // B's album shares no track with A's playlist.
    const albumB = catalog.albums.find((a) => a.trackIds.every((t) => !playlistTracks.includes(t)));
    if (!albumB) throw new Error('no album outside the demo playlist in the sandbox');
    albumTracksB = albumB.trackIds;
    albumCampaignB = (
      await createCampaign(ownerB, { name: 'B album', destination: `spotify:album:${albumB.id}` }).expect(201)
    ).body;
    await createLink(ownerB, albumCampaignB.id, { label: 'B album link', slug: 'sec-b-album' }).expect(201);
    // B also promotes A's playlist: a campaign whose target set holds A's tracks, clicked only later.
    playlistCampaignB = (
      await createCampaign(ownerB, { name: 'B playlist', destination: playlistUri }).expect(201)
    ).body;
    await createLink(ownerB, playlistCampaignB.id, { label: 'B playlist link', slug: 'sec-b-pl' }).expect(
      201,
    );
    const outsiders = catalog.tracks
      .map((t) => t.id)
      .filter((t) => !playlistTracks.includes(t) && !albumTracksB.includes(t));

    // The listener: a sandbox user who played something before (their baseline), clicks A's link and connects.
    sandboxUser = (
      (await sandboxControl(server.url, 'POST', 'users', { displayName: 'Privacy listener' })) as {
        id: string;
      }
    ).id;
    await play(outsiders[0]!, Date.now() - 2 * HOUR);
    browser = request.agent(server.url);
    const clickA = await visit('sec-a');
    const clickId = new URL(clickA.headers['location'] as string, server.url).searchParams.get('click');
    const start = await browser
      .get(`/api/v1/listeners/connect/start?slug=sec-a&click=${clickId}`)
      .set('User-Agent', BROWSER_UA)
      .redirects(0)
      .expect(302);
    const callback = new URL(await answerConsent(start.headers['location'] as string, sandboxUser));
    await browser
      .get(`${callback.pathname}${callback.search}`)
      .set('User-Agent', BROWSER_UA)
      .redirects(0)
      .expect(302);
    listenerId = (await db.query('SELECT id FROM listeners')).rows[0].id as string;

    // A plain visit of B's album link, with the listener cookie of the connect through A: no consent to B.
    await visit('sec-b-album');
    // A play counts only when it started after the click (played_at − the track's duration, up to 6 minutes in
    // the sandbox): these clicks are moved 10 minutes back, so the plays placed after them start after them.
    await db.query(
      `UPDATE clicks SET clicked_at = clicked_at - interval '10 minutes' WHERE listener_id = $1`,
      [listenerId],
    );
    const { rows: clicks } = await db.query(
      `SELECT c.owner_id, k.clicked_at FROM clicks k JOIN campaigns c ON c.id = k.campaign_id
        WHERE k.listener_id = $1 ORDER BY k.clicked_at`,
      [listenerId],
    );
    expect(clicks.map((c) => c.owner_id)).toEqual([ownerA.id, ownerB.id]);
    firstClickAt = Math.max(...clicks.map((c) => new Date(c.clicked_at).getTime())) + 10 * 60_000;

    // After both clicks: tracks of A's playlist (attributed to A) and unrelated tracks (nobody's campaign).
    const t0 = firstClickAt + 50;
    await play(playlistTracks[0]!, t0, { type: 'playlist', uri: playlistUri });
    await play(playlistTracks[1]!, t0 + 100, null);
    await play(outsiders[1]!, t0 + 200, null);
    await play(outsiders[2]!, t0 + 300, { type: 'album', uri: 'spotify:album:4aawyAB9vmqN3uQ7FjRGTy' });
    await pollAndWait(t0 + 600);
    await server.app.get(AttributionService).sweep(0);

    // Later still, the listener visits B's playlist link: B's click comes after every play above.
    await visit('sec-b-pl');

    listenerPlays = (
      await db.query(`SELECT id::text, track_id, source FROM plays WHERE listener_id = $1 ORDER BY id`, [
        listenerId,
      ])
    ).rows;
    expect(listenerPlays.map((p) => p.source)).toEqual(['baseline', 'poll', 'poll', 'poll', 'poll']);
    attributedToA = (
      await db.query(`SELECT play_id::text FROM attributions WHERE campaign_id = $1 ORDER BY play_id`, [
        campaignA.id,
      ])
    ).rows.map((r) => r.play_id as string);
    expect(attributedToA).toHaveLength(2);
  });

  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });

  it("attack: an owner whose link the listener merely visited reads the listener's plays by iterating play ids", async () => {
    const ids = listenerPlays.map((p) => Number(p.id));
    const answers: Array<{ id: number; status: number; body: Record<string, unknown> }> = [];
    for (let id = 1; id <= Math.max(...ids) + 3; id++) {
      const res = await explanation(ownerB, String(id));
      answers.push({ id, status: res.status, body: res.body });
    }
    // Nothing of the listener's history: every id answers 404, the same 404 as an id that never existed.
    expect(answers.filter((a) => a.status !== 404).map((a) => a.id)).toEqual([]);
    const bodies = new Set(answers.map((a) => JSON.stringify(notFoundBody(a.body))));
    expect(bodies.size).toBe(1);
    const missing = await explanation(ownerB, '999999999').expect(404);
    expect(notFoundBody(missing.body)).toEqual(notFoundBody(answers[0]!.body));
    expect(JSON.stringify(answers)).not.toMatch(/trackId|playedAt|contextUri/);
  });

  it("attack: an owner reads the explanation of a play attributed only to another owner's campaign", async () => {
    // B's playlist campaign has these tracks in its target set, but B's click came after the plays.
    for (const playId of attributedToA) {
      const res = await explanation(ownerB, playId).expect(404);
      expect(res.body.error).toBe('NotFound');
    }
  });

  it("answers the attributed campaign's owner, and an owner whose own click's window holds a play of a candidate track", async () => {
    // A owns the campaign the plays are attributed to: A gets the explanation, with A's campaign only.
    for (const playId of attributedToA) {
      const res = await explanation(ownerA, playId).expect(200);
      expect(res.body.playId).toBe(playId);
      expect(res.body.campaigns).toHaveLength(1);
      expect(res.body.campaigns[0]).toMatchObject({ campaignId: campaignA.id, attributed: true });
    }
    // A's unrelated plays (not attributed, not of a track in A's target set) are not A's to read either.
    for (const p of listenerPlays.filter((x) => !attributedToA.includes(x.id)))
      await explanation(ownerA, p.id).expect(404);

    // Now a track of B's album, inside the window of B's own click: the poll attributes it to B's album
    // campaign in the transaction that stores it (attribution at ingest).
    const t1 = Date.now() + 50;
    await play(albumTracksB[0]!, t1, null);
    await pollAndWait(t1 + 300);
    const [fresh] = (
      await db.query(`SELECT id::text FROM plays WHERE listener_id = $1 AND track_id = $2`, [
        listenerId,
        albumTracksB[0],
      ])
    ).rows as Array<{ id: string }>;
    const { rows: attributions } = await db.query('SELECT campaign_id FROM attributions WHERE play_id = $1', [
      fresh!.id,
    ]);
    expect(attributions).toEqual([{ campaign_id: albumCampaignB.id }]);
    const res = await explanation(ownerB, fresh!.id).expect(200);
    // Only the campaign whose target set holds the track: B's playlist campaign has nothing to say about it.
    expect(res.body.campaigns).toHaveLength(1);
    expect(res.body.campaigns[0]).toMatchObject({ campaignId: albumCampaignB.id, attributed: true });
    // A has no click whose window and target set hold it.
    await explanation(ownerA, fresh!.id).expect(404);
    void playlistCampaignB;
  });
});
