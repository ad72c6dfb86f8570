import request from 'supertest';
import { DataSource } from 'typeorm';
import { TrendsObservedPlaysOnly1796442855583 } from '../../src/database/migrations/1796442855583-TrendsObservedPlaysOnly';
import { TrendsPlayQueue1796463525779 } from '../../src/database/migrations/1796463525779-TrendsPlayQueue';
import { SecretsService } from '../../src/common/security/secrets.service';
import { signListenerCookie } from '../../src/modules/listener/listener-cookie';
import { PollingService } from '../../src/modules/polling/polling.service';
import { PollingKit, waitFor } from '../polling-kit';
import { sandboxCatalog, sandboxUrl } from '../support/sandbox';
import { startTestServer, TestServer } from '../support/test-server';

const K = 5; // TRENDS_MIN_LISTENERS, its lowest allowed value
const DAY_MS = 86_400_000;
const TODAY = Math.floor(Date.now() / DAY_MS) * DAY_MS;
/** `hour` UTC yesterday: inside the 24h, 7d and 28d windows (whole UTC days ending yesterday). */
const yesterday = (hour: number) => new Date(TODAY - DAY_MS + hour * 3_600_000);

/** One entry of Spotify's extended streaming history, as the export writes it (ts: when the play ended). */
function entry(trackId: string, name: string, artist: string, end: Date, msPlayed: number) {
  return {
    ts: end.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    platform: 'android',
    ms_played: msPlayed,
    conn_country: 'DE',
    ip_addr: '192.0.2.1',
    master_metadata_track_name: name,
    master_metadata_album_artist_name: artist,
    master_metadata_album_album_name: 'Rare Album',
    spotify_track_uri: `spotify:track:${trackId}`,
    episode_name: null,
    episode_show_name: null,
    spotify_episode_uri: null,
    reason_start: 'trackdone',
    reason_end: 'trackdone',
    shuffle: false,
    skipped: false,
    offline: false,
    offline_timestamp: null,
    incognito_mode: false,
  };
}

/**
 * Public trends show an item only when k distinct listeners played it. Streaming-history imports are files
 * the listener writes: with k − 1 accounts importing made-up plays of a rare track, the one real listener of
 * it would complete the k and their listening would show. Only plays observed from a connected Spotify
 * account (polls, the baseline at connect) may count in public trends; imports feed the listener's own
 * insights only.
 */
describe('security: public trends and imported history', () => {
  let server: TestServer;
  let kit: PollingKit;
  let secret: Buffer;
  let rare: { id: string; name: string; artist: string; artistId: string };

  const trends = (path: string) => request(server.url).get(`/api/v1/trends${path}`).expect(200);
  const importHistory = async (cookie: string, history: unknown[]) => {
    const res = await request(server.url)
      .post('/api/v1/listeners/me/imports?filename=Streaming_History_Audio_2026_0.json')
      .set('Cookie', `sl_listener=${cookie}`)
      .set('X-Requested-With', 'soundlink')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(history))
      .expect(202);
    return waitFor(
      async () => {
        const job = await request(server.url)
          .get(`/api/v1/listeners/me/imports/${res.body.id as string}`)
          .set('Cookie', `sl_listener=${cookie}`)
          .expect(200);
        return ['running', 'queued'].includes(job.body.status as string)
          ? undefined
          : (job.body as { status: string; counts: { imported: number } });
      },
      20_000,
      'the import to finish',
    );
  };

  beforeAll(async () => {
    // role api: no scheduled polls; cache off so every answer is computed from the counts
    server = await startTestServer({
      SOUNDLINK_ROLE: 'api',
      TRENDS_MIN_LISTENERS: String(K),
      TRENDS_CACHE_TTL_S: '0',
    });
    kit = new PollingKit(server.app, sandboxUrl(server.url));
    secret = server.app.get(SecretsService).sessionSecret;
    const catalog = await sandboxCatalog(server.url);
    const track = catalog.tracks[catalog.tracks.length - 1]!;
    const artist = catalog.artists.find((a) => a.id === track.artistIds[0])!;
    rare = { id: track.id, name: track.name, artist: artist.name, artistId: artist.id };
  });

  afterAll(() => server?.stop());

  it('attack: k − 1 accounts import fake plays of a rare track so that one real listener of it shows in public trends', async () => {
    // k − 1 attacker accounts, each importing made-up plays of the rare track yesterday.
    for (let i = 0; i < K - 1; i++) {
      const attacker = await kit.createListener(`Attacker ${i}`);
      const cookie = signListenerCookie(attacker.listenerId, secret);
      const history = [0, 1, 2].map((n) => entry(rare.id, rare.name, rare.artist, yesterday(8 + n), 200_000));
      const done = await importHistory(cookie, history);
      expect(done).toMatchObject({ status: 'completed', counts: { imported: 3 } });
      // The import is theirs to see: it feeds their own insights.
      const insights = await request(server.url)
        .get('/api/v1/listeners/me/insights?range=4w')
        .set('Cookie', `sl_listener=${cookie}`)
        .expect(200);
      expect(insights.body.topTracks.map((t: { trackId: string }) => t.trackId)).toContain(rare.id);
    }
    // The one real listener of it: a play Spotify reports, read by a poll.
    const victim = await kit.createListener('Victim');
    await kit.addPlays(victim.userId, [{ trackId: rare.id, playedAt: yesterday(20) }]);
    await server.app.get(PollingService).pollListenerNow(victim.listenerId);
    expect((await kit.playsOf(victim.listenerId)).map((p) => [p.track_id, p.source])).toEqual([
      [rare.id, 'poll'],
    ]);

    for (const window of ['24h', '7d', '28d']) {
      for (const path of [
        `/tracks?window=${window}&limit=100`,
        `/artists?window=${window}&limit=100`,
        `/rising?type=track&window=${window}&limit=100`,
        `/new?type=track&window=${window}&limit=100`,
        `/new?type=artist&window=${window}&limit=100`,
      ]) {
        const res = await trends(path);
        expect(res.body.minListeners).toBe(K);
        const items = res.body.items as Array<{ id: string | null; name: string }>;
        const shown = items.filter(
          (x) => [rare.id, rare.artistId].includes(x.id ?? '') || [rare.name, rare.artist].includes(x.name),
        );
        expect({ path, shown }).toEqual({ path, shown: [] });
      }
    }
  });

  it('the migration takes the imported plays counted before it out of the public counts', async () => {
    const migration = new TrendsObservedPlaysOnly1796442855583();
    // The migrations after it go down first and come back after it, in order.
    const later = new TrendsPlayQueue1796463525779();
    const runner = server.app.get(DataSource).createQueryRunner();
    const shown = async () =>
      ((await trends('/tracks?window=24h&limit=100')).body.items as Array<{ id: string }>).some(
        (x) => x.id === rare.id,
      );
    const counts = async () =>
      (
        (await runner.query(`SELECT plays, listeners FROM trends_track_days WHERE track_id = $1`, [
          rare.id,
        ])) as Array<{
          plays: number;
          listeners: number;
        }>
      )[0];
    try {
      // As before the migration: every play counted, the k − 1 imports included (the test above ran the attack).
      // (Read from the count rows: the app itself needs the schema of today, which this takes down for a while.)
      await runner.startTransaction();
      await later.down(runner);
      await migration.down(runner);
      await runner.commitTransaction();
      expect(await counts()).toEqual({ plays: 3 * (K - 1) + 1, listeners: K });
      await runner.startTransaction();
      await migration.up(runner);
      await later.up(runner);
      await runner.commitTransaction();
      expect(await shown()).toBe(false);
      expect(await counts()).toEqual({ plays: 1, listeners: 1 });
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
