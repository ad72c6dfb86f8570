import { DataSource } from 'typeorm';
import { AttributionService } from '../src/modules/attribution/attribution.service';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { ingestRecentlyPlayed } from '../src/modules/listener/play-ingest.repository';
import {
  BROWSER_UA,
  connectOwnerSpotify,
  createCampaign,
  createLink,
  demoPlaylist,
} from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { SandboxCatalog, sandboxControl } from './support/sandbox';
import { connectThroughLink, syncNow } from './support/listeners';
import { sql } from './support/sql';
import { itWithConcurrentSessions } from './support/test-database';
import { startTestServer, TestServer } from './support/test-server';

const HOUR = 3_600_000;
/** A play counts only when it started after the click: sandbox tracks last at most 6 minutes. */
const AFTER = 7 * 60_000;

interface Attribution {
  playId: string;
  trackId: string;
  score: number;
  credit: number;
  reasons: string[];
}

/**
 * Attribution at ingest (issue 16, defects 2 and 13), over HTTP against the real app and database: a play is
 * attributed in the transaction that stores it, so "Sync now" answers with its plays already attributed, and
 * the order in which transactions storing one listener's plays commit does not change a play's score.
 * Role `api`: no background sweep runs, nothing attributes but the paths under test.
 */
describe('attribution at ingest', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;
  let campaignId: string;
  let uri: string;
  let tracks: [string, string, string];

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    owner = await registerOwner(server.url);
    catalog = await connectOwnerSpotify(server.url, owner, 'Nightjar Records');
    const playlist = demoPlaylist(catalog);
    uri = `spotify:playlist:${playlist.id}`;
    tracks = playlist.trackIds.slice(0, 3) as [string, string, string];
    const { body: campaign } = await createCampaign(owner, { name: 'At ingest', destination: uri }).expect(
      201,
    );
    campaignId = campaign.id;
    await createLink(owner, campaignId, { label: 'Bio', slug: 'ingest-bio' }).expect(201);
  });
  afterAll(() => server?.stop());

  /** A fresh sandbox user who clicks the link and connects in a browser; answers the browser and listener. */
  async function connectedListener(name: string, before: Array<{ trackId: string; playedAt: number }> = []) {
    const user = (await sandboxControl(server.url, 'POST', 'users', { displayName: name })) as { id: string };
    for (const play of before) await playAs(user.id, play.trackId, play.playedAt);
    const { browser, location } = await connectThroughLink(server, 'ingest-bio', user.id);
    expect(location).toMatch(/^https:\/\/open\.spotify\.com\/playlist\//);
    const [row] = await sql<{ id: string; clicked_at: Date }>(
      server,
      `SELECT l.id, k.clicked_at FROM listeners l JOIN clicks k ON k.listener_id = l.id WHERE l.display_name = $1`,
      [name],
    );
    return { userId: user.id, browser, listenerId: row!.id, clickedAt: row!.clicked_at.getTime() };
  }

  /** The same Spotify account connects again through the link, from another browser (same listener, updated). */
  async function connectAgain(userId: string): Promise<void> {
    await connectThroughLink(server, 'ingest-bio', userId);
  }

  const playAs = (userId: string, trackId: string, playedAt: number) =>
    sandboxControl(server.url, 'POST', `users/${userId}/plays`, {
      trackId,
      playedAt: new Date(playedAt).toISOString(),
      context: { type: 'playlist', uri },
    });

  const sync = syncNow;

  async function attributionsOf(listenerId: string): Promise<Attribution[]> {
    const res = await owner.agent.get(`/api/v1/campaigns/${campaignId}/attributions?limit=100`).expect(200);
    const plays = new Set(
      (
        await sql<{ id: string }>(server, 'SELECT id::text FROM plays WHERE listener_id = $1', [listenerId])
      ).map((p) => p.id),
    );
    return (res.body.items as Attribution[]).filter((a) => plays.has(String(a.playId)));
  }

  it('Sync now answers with the new plays already attributed, no sweep needed', async () => {
    const [a, b] = tracks;
    const { userId, browser, listenerId, clickedAt } = await connectedListener('Sync at ingest', [
      { trackId: a, playedAt: Date.now() - 2 * HOUR },
    ]);
    await playAs(userId, a, clickedAt + AFTER + 1_000);
    await playAs(userId, b, clickedAt + AFTER + 2_000);
    await sandboxControl(server.url, 'POST', 'clock', { advanceMs: AFTER + 10_000 });

    const res = await sync(browser).expect(200);
    expect(res.body).toEqual({ newPlays: 2, attributedPlays: 2, syncedAt: expect.any(String) });

    // Right after the answer, with no sweep in between: both plays are attributed and explained.
    const byTrack = Object.fromEntries((await attributionsOf(listenerId)).map((x) => [x.trackId, x]));
    expect(Object.keys(byTrack).sort()).toEqual([a, b].sort());
    expect(byTrack[b]).toMatchObject({
      credit: 1,
      reasons: ['CONTEXT_DESTINATION', 'TIME_DECAY', 'NEW_REACH', 'PLAYLIST_VERIFIED'],
    });
    expect(byTrack[a]).toMatchObject({
      credit: 1,
      reasons: ['CONTEXT_DESTINATION', 'TIME_DECAY', 'BASELINE_REPEAT', 'PLAYLIST_VERIFIED'],
    });
  });

  it('a click after a stored play that started after it (a clock running ahead) moves the play to that click', async () => {
    // Spotify reports a play once it has ended, so a play stored before a click starts before it, unless its
    // timestamps run ahead of this server's clock: the sandbox's simulated listening moves the sandbox clock
    // ahead, and a clock can be skewed. The attribution model test found it (a later click of the same
    // campaign, and the play kept the older click).
    const [a] = tracks;
    const { userId, browser, listenerId, clickedAt } = await connectedListener('Clock ahead');
    await playAs(userId, a, clickedAt + 30 * 60_000);
    await sandboxControl(server.url, 'POST', 'clock', { advanceMs: 31 * 60_000 });
    expect((await sync(browser).expect(200)).body).toMatchObject({ newPlays: 1, attributedPlays: 1 });
    const clickOf = async () =>
      (
        await sql<{ click_id: string; clicked_at: Date }>(
          server,
          `SELECT a.click_id, a.clicked_at FROM attributions a JOIN plays p ON p.id = a.play_id
            WHERE p.listener_id = $1`,
          [listenerId],
        )
      ).map((r) => [r.click_id, r.clicked_at.getTime()]);
    // The sweep's second look at the new play (it runs after its lag) has passed too.
    await server.app.get(AttributionService).sweep(0);
    const [[first]] = (await clickOf()) as [[string, number]];

    // The same browser clicks the link again now: before the play started, by this server's clock.
    await browser.get('/l/ingest-bio').set('User-Agent', BROWSER_UA).redirects(0).expect(302);
    await server.app.get(ClickBuffer).flush();
    const [second] = await sql<{ id: string; clicked_at: Date }>(
      server,
      `SELECT id, clicked_at FROM clicks WHERE listener_id = $1 ORDER BY clicked_at DESC LIMIT 1`,
      [listenerId],
    );
    expect(second!.id).not.toBe(first);
    await server.app.get(AttributionService).sweep(0);

    expect(await clickOf()).toEqual([[second!.id, second!.clicked_at.getTime()]]);
  });

  it('a play of a track stored after a later play of it was scored makes that later play a baseline repeat', async () => {
    // Issue 16, defect 13: the score of a play depends on the plays of the same track before the click,
    // which another transaction may store, and commit, after the play was scored.
    const [, , c] = tracks;
    const { userId, browser, listenerId, clickedAt } = await connectedListener('Late baseline');
    await playAs(userId, c, clickedAt + AFTER + 1_000);
    await sandboxControl(server.url, 'POST', 'clock', { advanceMs: AFTER + 10_000 });
    await sync(browser).expect(200);
    await server.app.get(AttributionService).sweep(0); // (the safety net, as it may run at any time)
    expect((await attributionsOf(listenerId)).map((x) => x.reasons[2])).toEqual(['NEW_REACH']);

    // Spotify now reports a play of the same track an hour before the click (a late report), and the
    // listener connects again through the link: the connect flow's baseline stores that play after the
    // later one was scored.
    await playAs(userId, c, clickedAt - HOUR);
    await connectAgain(userId);
    await server.app.get(AttributionService).sweep(0);
    const [stored] = await sql<{ n: number }>(
      server,
      `SELECT count(*)::int AS n FROM plays WHERE listener_id = $1 AND source = 'baseline'`,
      [listenerId],
    );
    expect(stored!.n).toBe(1);

    const [after] = await attributionsOf(listenerId);
    expect(after).toMatchObject({
      credit: 1,
      reasons: ['CONTEXT_DESTINATION', 'TIME_DECAY', 'BASELINE_REPEAT', 'PLAYLIST_VERIFIED'],
    });
    expect(after!.score).toBeLessThanOrEqual(0.5);
  });

  // Two sessions at once: the embedded database runs one at a time (test-database.ts).
  itWithConcurrentSessions(
    'two transactions storing one listener plays run one after the other, so the later one sees the earlier play',
    async () => {
      // Interleaved explicitly: transaction T1 stores a play of track b an hour before the click and stays
      // open; meanwhile "Sync now" stores a play of b after the click. T1 commits, then the sync ends.
      const [, b] = tracks;
      const { userId, browser, listenerId, clickedAt } = await connectedListener('Interleaved');
      await playAs(userId, b, clickedAt + AFTER + 1_000);
      await sandboxControl(server.url, 'POST', 'clock', { advanceMs: AFTER + 10_000 });

      const t1 = server.app.get(DataSource).createQueryRunner();
      await t1.connect();
      await t1.startTransaction();
      const attribution = server.app.get(AttributionService).atIngest();
      try {
        await ingestRecentlyPlayed(t1.manager, {
          listenerId,
          source: 'baseline',
          page: { items: [sandboxPlay(b, clickedAt - HOUR)] },
          attribute: attribution.attribute,
        });
        const syncing = sync(browser).then((res) => res);
        // Either the sync has finished or it waits for T1 (a lock held by T1's backend): then T1 commits.
        const t1Pid = ((await t1.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>)[0]!.pid;
        let done = false;
        void syncing.then(() => (done = true));
        for (;;) {
          if (done) break;
          const [blocked] = await sql<{ n: number }>(
            server,
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
            [t1Pid],
          );
          if (blocked!.n > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await t1.commitTransaction();
        attribution.announce();
        expect((await syncing).status).toBe(200);
      } finally {
        if (t1.isTransactionActive) await t1.rollbackTransaction();
        await t1.release();
      }
      await server.app.get(AttributionService).sweep(0);

      const found = await attributionsOf(listenerId);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        trackId: b,
        reasons: ['CONTEXT_DESTINATION', 'TIME_DECAY', 'BASELINE_REPEAT', 'PLAYLIST_VERIFIED'],
      });
    },
  );

  /** A recently-played item as the Spotify client gives it (what the connect flow's baseline holds). */
  function sandboxPlay(trackId: string, playedAtMs: number) {
    const track = catalog.tracks.find((t) => t.id === trackId)!;
    return {
      playedAtMs,
      context: { type: 'playlist', uri },
      track: {
        id: track.id,
        name: track.name,
        artists: track.artistIds.map((id) => ({ id, name: id })),
        album: { id: track.albumId, name: 'album', imageUrl: null },
        durationMs: track.durationMs,
      },
    } as unknown as Parameters<typeof ingestRecentlyPlayed>[1]['page']['items'][number];
  }
});
