import { Client } from 'pg';
import request from 'supertest';
import { SecretsService } from '../src/common/security/secrets.service';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { signListenerCookie } from '../src/modules/listener/listener-cookie';
import { PollingKit } from './polling-kit';
import { click, connectOwnerSpotify, createCampaign, createLink, demoPlaylist } from './support/campaigns';
import { registerOwner } from './support/owners';
import { sandboxUrl } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

/**
 * A listener's own insights over HTTP, on the real database: a constructed history with known answers,
 * in a time zone 5 h 30 ahead of UTC with no daylight saving (Asia/Kolkata), so day, hour and streak
 * boundaries differ from UTC's.
 */

const DAY = 86_400_000;
const MIN = 60_000;
const IST = 5.5 * 3_600_000;
const TZ = 'Asia/Kolkata';

const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBB';
const C = 'CCCCCCCCCCCCCCCCCCCCCC';

/** IST midnight of the IST day `daysAgo` days before today (IST), as a UTC instant. */
function istMidnight(daysAgo: number): number {
  const todayIst = Math.floor((Date.now() + IST) / DAY) * DAY;
  return todayIst - IST - daysAgo * DAY;
}
/** An instant `daysAgo` IST days back at hh:mm:ss IST. */
const ist = (daysAgo: number, hh: number, mm: number, ss = 0) =>
  new Date(istMidnight(daysAgo) + ((hh * 60 + mm) * 60 + ss) * 1000);
/** The IST calendar date `daysAgo` days back, and its ISO weekday (1 = Monday). */
const istDate = (daysAgo: number) => new Date(istMidnight(daysAgo) + IST).toISOString().slice(0, 10);
const istWeekday = (daysAgo: number) => {
  const day = new Date(istMidnight(daysAgo) + IST).getUTCDay();
  return day === 0 ? 7 : day;
};

describe('listener insights', () => {
  let server: TestServer;
  let db: Client;
  let kit: PollingKit;
  let ada: { listenerId: string; cookie: string };
  let benji: { listenerId: string; cookie: string };

  const get = (who: { cookie: string }, path: string) =>
    request(server.url).get(path).set('Cookie', `sl_listener=${who.cookie}`);

  async function play(
    listenerId: string,
    trackId: string,
    at: Date,
    options: { source?: string; msPlayed?: number } = {},
  ) {
    await db.query(
      `INSERT INTO plays (listener_id, played_at, track_id, source, ms_played) VALUES ($1, $2, $3, $4, $5)`,
      [listenerId, at, trackId, options.source ?? 'poll', options.msPlayed ?? null],
    );
  }

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    db = new Client({ connectionString: server.database.url });
    await db.connect();
    kit = new PollingKit(server.app, sandboxUrl(server.url));
    const secret = server.app.get(SecretsService).sessionSecret;
    const adaRow = await kit.createListener('Ada Insights');
    const benjiRow = await kit.createListener('Benji Insights', { scope: 'user-read-recently-played' });
    ada = { listenerId: adaRow.listenerId, cookie: signListenerCookie(adaRow.listenerId, secret) };
    benji = { listenerId: benjiRow.listenerId, cookie: signListenerCookie(benjiRow.listenerId, secret) };

    await db.query(
      `INSERT INTO tracks (id, name, artist_ids, artist_names, album_id, album_name, duration_ms) VALUES
         ($1, 'Alpha', '{ArtistAdaMorenoAAAAAAA}', '{Ada Moreno}', 'AlbumFirstLightAAAAAAA', 'First Light', 180000),
         ($2, 'Bravo', '{ArtistAdaMorenoAAAAAAA,ArtistBenjiAAAAAAAAAAA}', '{Ada Moreno,Benji}', 'AlbumFirstLightAAAAAAA',
          'First Light', 240000),
         ($3, 'Charlie', '{}', '{Chloe}', NULL, 'Other Side', 120000)`,
      [A, B, C],
    );
    const id = ada.listenerId;
    await play(id, C, ist(400, 12, 0));
    await play(id, C, ist(100, 12, 0));
    await play(id, A, ist(6, 20, 0));
    await play(id, B, ist(5, 8, 0));
    // One evening: 21:00 A (3 min) and 21:03 B (4 min) end 21:07; A at 21:17 starts exactly 10 min later,
    // same session; C at 21:28:01 starts 10 min 1 s after 21:18: a new session.
    await play(id, A, ist(4, 21, 0));
    await play(id, B, ist(4, 21, 3));
    await play(id, A, ist(4, 21, 17), { source: 'import', msPlayed: 60_000 });
    await play(id, C, ist(4, 21, 28, 1));
    await play(id, C, ist(4, 21, 31), { source: 'import', msPlayed: 90_000 });
    // 23:50 IST and 00:20 IST the next day: both on the same UTC day (18:20 and 18:50 UTC).
    await play(id, B, ist(2, 23, 50));
    await play(id, A, ist(1, 0, 20));

    // Ada clicked a campaign link: the campaign she connected through.
    const owner = await registerOwner(server.url);
    const catalog = await connectOwnerSpotify(server.url, owner, 'Nightjar Records');
    const campaign = (
      await createCampaign(owner, {
        name: 'Insights push',
        destination: `spotify:playlist:${demoPlaylist(catalog).id}`,
      }).expect(201)
    ).body as { id: string };
    await createLink(owner, campaign.id, { label: 'Newsletter', slug: 'insights-nl' }).expect(201);
    const visitor = '22222222-2222-4222-8222-222222222222';
    await click(server.url, '/l/insights-nl', { Cookie: `sl_vid=${visitor}` }).expect(302);
    await click(server.url, '/l/insights-nl', { Cookie: `sl_vid=${visitor}` }).expect(302);
    await server.app.get(ClickBuffer).flush();
    await db.query('UPDATE clicks SET listener_id = $1 WHERE visitor_id = $2', [id, visitor]);
  });

  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });

  it('ranks tracks, artists and albums of the last 4 weeks, with listening time from ms_played or the track length', async () => {
    const { body } = await get(ada, `/api/v1/listeners/me/insights?range=4w&tz=${TZ}`).expect(200);
    expect(body.range).toBe('4w');
    expect(body.timeZone).toBe(TZ);
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(28 * DAY);
    expect(body.totals).toEqual({
      plays: 9,
      listeningMs: 4 * 180_000 - 120_000 + 3 * 240_000 + 120_000 + 90_000,
      distinctTracks: 3,
      activeDays: 5,
    });
    expect(body.topTracks).toEqual([
      {
        trackId: A,
        name: 'Alpha',
        artistNames: ['Ada Moreno'],
        albumName: 'First Light',
        imageUrl: null,
        plays: 4,
        listeningMs: 600_000,
      },
      {
        trackId: B,
        name: 'Bravo',
        artistNames: ['Ada Moreno', 'Benji'],
        albumName: 'First Light',
        imageUrl: null,
        plays: 3,
        listeningMs: 720_000,
      },
      {
        trackId: C,
        name: 'Charlie',
        artistNames: ['Chloe'],
        albumName: 'Other Side',
        imageUrl: null,
        plays: 2,
        listeningMs: 210_000,
      },
    ]);
    expect(body.topArtists).toEqual([
      { name: 'Ada Moreno', artistId: 'ArtistAdaMorenoAAAAAAA', plays: 7, listeningMs: 1_320_000 },
      { name: 'Benji', artistId: 'ArtistBenjiAAAAAAAAAAA', plays: 3, listeningMs: 720_000 },
      { name: 'Chloe', artistId: null, plays: 2, listeningMs: 210_000 },
    ]);
    expect(body.topAlbums).toEqual([
      {
        name: 'First Light',
        artistName: 'Ada Moreno',
        albumId: 'AlbumFirstLightAAAAAAA',
        imageUrl: null,
        plays: 7,
        listeningMs: 1_320_000,
      },
      {
        name: 'Other Side',
        artistName: 'Chloe',
        albumId: null,
        imageUrl: null,
        plays: 2,
        listeningMs: 210_000,
      },
    ]);
    const limited = await get(ada, `/api/v1/listeners/me/insights?tz=${TZ}&limit=1`).expect(200);
    expect(limited.body.topTracks.map((t: { trackId: string }) => t.trackId)).toEqual([A]);
  });

  it('widens to 6 months and to everything', async () => {
    const six = (await get(ada, `/api/v1/listeners/me/insights?range=6m&tz=${TZ}`).expect(200)).body;
    expect(six.totals.plays).toBe(10);
    expect(six.topTracks.map((t: { trackId: string; plays: number }) => [t.trackId, t.plays])).toEqual([
      [A, 4],
      [B, 3],
      [C, 3],
    ]);
    const all = (await get(ada, `/api/v1/listeners/me/insights?range=all&tz=${TZ}`).expect(200)).body;
    expect(all.from).toBeNull();
    expect(all.totals.plays).toBe(11);
    expect(all.topTracks[0]).toMatchObject({ trackId: A, plays: 4 });
    expect(all.listeningPerDay[0]).toEqual({ date: istDate(400), plays: 1, listeningMs: 120_000 });
    expect(all.listeningPerDay).toHaveLength(401);
  });

  it('gives listening time per day in the listener’s time zone, every day of the range', async () => {
    const { body } = await get(ada, `/api/v1/listeners/me/insights?range=4w&tz=${TZ}`).expect(200);
    const days = body.listeningPerDay as Array<{ date: string; plays: number; listeningMs: number }>;
    expect(days[days.length - 1]!.date).toBe(istDate(0));
    expect(days.length).toBe(29);
    const byDate = new Map(days.map((d) => [d.date, d]));
    expect(byDate.get(istDate(6))).toEqual({ date: istDate(6), plays: 1, listeningMs: 180_000 });
    expect(byDate.get(istDate(5))).toEqual({ date: istDate(5), plays: 1, listeningMs: 240_000 });
    expect(byDate.get(istDate(4))).toEqual({ date: istDate(4), plays: 5, listeningMs: 690_000 });
    expect(byDate.get(istDate(3))).toEqual({ date: istDate(3), plays: 0, listeningMs: 0 });
    expect(byDate.get(istDate(2))).toEqual({ date: istDate(2), plays: 1, listeningMs: 240_000 });
    expect(byDate.get(istDate(1))).toEqual({ date: istDate(1), plays: 1, listeningMs: 180_000 });
    expect(days.reduce((sum, d) => sum + d.plays, 0)).toBe(9);

    // The same plays in UTC: 23:50 and 00:20 IST are both 18:xx UTC on one day.
    const utc = (await get(ada, '/api/v1/listeners/me/insights?range=4w&tz=UTC').expect(200)).body;
    const utcDay = new Date(ist(2, 23, 50).getTime()).toISOString().slice(0, 10);
    expect(utc.listeningPerDay.find((d: { date: string }) => d.date === utcDay)).toMatchObject({ plays: 2 });
  });

  it('fills the listening clock (weekday × hour) in the listener’s time zone', async () => {
    const { body } = await get(ada, `/api/v1/listeners/me/insights?range=4w&tz=${TZ}`).expect(200);
    const clock = body.clock as Array<{ weekday: number; hour: number; plays: number; listeningMs: number }>;
    expect(clock).toHaveLength(168);
    expect(clock[0]).toMatchObject({ weekday: 1, hour: 0 });
    const cell = (weekday: number, hour: number) =>
      clock.find((c) => c.weekday === weekday && c.hour === hour);
    expect(cell(istWeekday(4), 21)).toEqual({
      weekday: istWeekday(4),
      hour: 21,
      plays: 5,
      listeningMs: 690_000,
    });
    expect(cell(istWeekday(1), 0)).toMatchObject({ plays: 1, listeningMs: 180_000 });
    expect(cell(istWeekday(2), 23)).toMatchObject({ plays: 1 });
    expect(cell(istWeekday(6), 20)).toMatchObject({ plays: 1 });
    expect(cell(istWeekday(5), 8)).toMatchObject({ plays: 1 });
    expect(clock.reduce((sum, c) => sum + c.plays, 0)).toBe(9);
    // In UTC the 00:20 IST play sits at 18h of the day before.
    const utc = (await get(ada, '/api/v1/listeners/me/insights?range=4w&tz=UTC').expect(200)).body;
    const utcDay = ist(1, 0, 20).getUTCDay() || 7;
    expect(
      utc.clock.find((c: { weekday: number; hour: number }) => c.weekday === utcDay && c.hour === 18).plays,
    ).toBe(2);
  });

  it('cuts sessions at a gap of more than 10 minutes and names the longest', async () => {
    const { body } = await get(ada, `/api/v1/listeners/me/insights?range=4w&tz=${TZ}`).expect(200);
    expect(body.sessions).toMatchObject({ gapMinutes: 10, count: 6 });
    expect(body.sessions.longest).toEqual({
      startedAt: ist(4, 21, 0).toISOString(),
      endedAt: ist(4, 21, 18).toISOString(),
      durationMs: 18 * MIN,
      plays: 3,
      listeningMs: 480_000,
    });
    const durations = [3 * MIN, 4 * MIN, 18 * MIN, 4 * MIN + 29_000, 4 * MIN, 3 * MIN];
    expect(body.sessions.averageDurationMs).toBe(Math.round(durations.reduce((a, b) => a + b) / 6));
  });

  it('names the longest session on a tie by its plays, then the earliest', async () => {
    const row = await kit.createListener('Cleo Sessions');
    const cleo = {
      listenerId: row.listenerId,
      cookie: signListenerCookie(row.listenerId, server.app.get(SecretsService).sessionSecret),
    };
    // Three sessions of 3 minutes each: one play, then two plays, then two plays again.
    await play(cleo.listenerId, A, ist(30, 9, 0));
    await play(cleo.listenerId, C, ist(20, 9, 0));
    await play(cleo.listenerId, C, ist(20, 9, 2), { source: 'import', msPlayed: 60_000 });
    await play(cleo.listenerId, C, ist(10, 9, 0));
    await play(cleo.listenerId, C, ist(10, 9, 2), { source: 'import', msPlayed: 60_000 });

    const { body } = await get(cleo, `/api/v1/listeners/me/insights?range=all&tz=${TZ}`).expect(200);
    expect(body.sessions).toEqual({
      gapMinutes: 10,
      count: 3,
      averageDurationMs: 3 * MIN,
      longest: {
        startedAt: ist(20, 9, 0).toISOString(),
        endedAt: ist(20, 9, 3).toISOString(),
        durationMs: 3 * MIN,
        plays: 2,
        listeningMs: 180_000,
      },
    });
  });

  it('counts streaks of days with plays, the current one still alive on a day without plays yet', async () => {
    const { body } = await get(ada, `/api/v1/listeners/me/insights?range=4w&tz=${TZ}`).expect(200);
    expect(body.streaks).toEqual({
      current: { days: 2, from: istDate(2), to: istDate(1) },
      longest: { days: 3, from: istDate(6), to: istDate(4) },
    });
    // In UTC the 23:50 and 00:20 IST plays share one day: the current streak is that single day.
    const utc = (await get(ada, '/api/v1/listeners/me/insights?range=4w&tz=UTC').expect(200)).body;
    expect(utc.streaks.current.days).toBeLessThanOrEqual(1);
  });

  it('gives the share of plays of tracks that were new to the listener in the range', async () => {
    const four = (await get(ada, `/api/v1/listeners/me/insights?range=4w&tz=${TZ}`).expect(200)).body;
    // A and B were first played in the last 4 weeks, C 400 days ago.
    expect(four.newTracks).toEqual({ tracks: 2, plays: 7, share: 0.7778 });
    const six = (await get(ada, `/api/v1/listeners/me/insights?range=6m&tz=${TZ}`).expect(200)).body;
    expect(six.newTracks).toEqual({ tracks: 2, plays: 7, share: 0.7 });
    const all = (await get(ada, `/api/v1/listeners/me/insights?range=all&tz=${TZ}`).expect(200)).body;
    expect(all.newTracks).toEqual({ tracks: 3, plays: 11, share: 1 });
  });

  it('lists the campaigns the listener came through', async () => {
    const { body } = await get(ada, '/api/v1/listeners/me/insights').expect(200);
    expect(body.campaigns).toEqual([
      {
        name: 'Insights push',
        destinationType: 'playlist',
        destinationName: expect.any(String) as string,
        clicks: 2,
        firstClickAt: expect.any(String) as string,
        attributedPlays: 0,
      },
    ]);
  });

  it('adds Spotify’s own top lists when user-top-read was granted', async () => {
    const adaBody = (await get(ada, '/api/v1/listeners/me/insights?range=6m').expect(200)).body;
    expect(adaBody.spotifyTop).toMatchObject({ status: 'ok', timeRange: 'medium_term' });
    expect(Array.isArray(adaBody.spotifyTop.tracks)).toBe(true);
    const benjiBody = (await get(benji, '/api/v1/listeners/me/insights').expect(200)).body;
    expect(benjiBody.spotifyTop).toEqual({
      status: 'not_granted',
      timeRange: 'short_term',
      tracks: [],
      artists: [],
    });
  });

  it('shows a listener only their own listening', async () => {
    const { body } = await get(benji, '/api/v1/listeners/me/insights?range=all').expect(200);
    expect(body.totals).toEqual({ plays: 0, listeningMs: 0, distinctTracks: 0, activeDays: 0 });
    expect(body.topTracks).toEqual([]);
    expect(body.campaigns).toEqual([]);
    expect(body.sessions).toEqual({ gapMinutes: 10, count: 0, averageDurationMs: 0, longest: null });
    expect(body.listeningPerDay).toEqual([]);
    expect(body.streaks.longest).toEqual({ days: 0, from: null, to: null });
    await request(server.url).get('/api/v1/listeners/me/insights').expect(401);
  });

  it('counts a play Spotify says ended after our clock’s now (its clock ahead of ours): the range ends with it', async () => {
    // The sandbox's play page moves Spotify's clock ahead to the end of the session it plays; a play Sync now
    // just recorded is in the insights at once, not when our clock catches up.
    const row = await kit.createListener('Cleo Ahead');
    const cleo = { cookie: signListenerCookie(row.listenerId, server.app.get(SecretsService).sessionSecret) };
    const ahead = new Date(Date.now() + 9 * MIN);
    await play(row.listenerId, A, new Date(Date.now() - 60 * MIN));
    await play(row.listenerId, B, ahead);
    const { body } = await get(cleo, '/api/v1/listeners/me/insights?range=4w&tz=UTC').expect(200);
    expect(body.totals.plays).toBe(2);
    expect(body.to).toBe(ahead.toISOString());
    expect(body.topTracks.map((t: { trackId: string }) => t.trackId).sort()).toEqual([A, B].sort());
  });

  it('answers 400 for a range or time zone it does not know', async () => {
    const range = await get(ada, '/api/v1/listeners/me/insights?range=1y').expect(400);
    expect(range.body.details).toEqual([{ field: 'range', reason: expect.any(String) as string }]);
    const tz = await get(ada, '/api/v1/listeners/me/insights?tz=Mars/Olympus').expect(400);
    expect(tz.body.details[0].field).toBe('tz');
  });
});
