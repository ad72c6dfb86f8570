import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CacheService } from '../src/common/cache/cache.service';
import { ListenerService } from '../src/modules/listener/listener.service';
import { TrendsRepository } from '../src/modules/trends/trends.repository';
import { TrendsService } from '../src/modules/trends/trends.service';
import { AnalyticsKit } from './analytics-kit';
import { startTestServer, TestServer } from './support/test-server';

const REDIS_URL = process.env['TEST_REDIS_URL'];
const K = 10; // the default TRENDS_MIN_LISTENERS
const DAY_MS = 86_400_000;
const TODAY = Math.floor(Date.now() / DAY_MS) * DAY_MS;
/** Noon UTC, `n` days before today. */
const daysAgo = (n: number, minute = 0) => new Date(TODAY - n * DAY_MS + 12 * 3_600_000 + minute * 60_000);

const id = (name: string) => name.padEnd(22, '0').slice(0, 22);
const T = {
  filler: id('TrackFiller'),
  atK: id('TrackAtThreshold'),
  belowK: id('TrackBelowThreshold'),
  rising: id('TrackRising'),
  binge: id('TrackBinge'),
  fresh: id('TrackNewEntry'),
  imported: id('TrackImportedOnly'),
};
const A = {
  filler: id('ArtistFiller'),
  atK: id('ArtistAtThreshold'),
  hidden: id('ArtistHidden'),
  big: id('ArtistBig'),
  fresh: id('ArtistNewEntry'),
  merged: id('ArtistMergedLater'),
};
const ROUTES = [
  '/tracks',
  '/artists',
  '/rising?type=track',
  '/rising?type=artist',
  '/new?type=track',
  '/new?type=artist',
];
const WINDOWS = ['24h', '7d', '28d'];

interface Item {
  rank: number;
  id: string | null;
  name: string;
  listeners: number;
  plays: number;
  previousListeners: number | null;
  growth: number | null;
  artists: Array<{ id: string | null; name: string }>;
}

describe(`public trends over HTTP (cache: ${REDIS_URL ? 'Redis, TEST_REDIS_URL' : 'in memory'})`, () => {
  let server: TestServer;
  let kit: AnalyticsKit;
  const listeners: string[] = [];

  const get = (path: string) => request(server.url).get(`/api/v1/trends${path}`);
  const items = async (path: string): Promise<Item[]> => {
    const res = await get(path).expect(200);
    return res.body.items as Item[];
  };
  const sql = (text: string, params: unknown[] = []) => kit.sql(text, params);
  /** Counts what the triggers queued (as a worker's fold does every few seconds, and every chart first). */
  const fold = () => server.app.get(TrendsRepository).fold();
  /** Plays of a track by listeners [from, to) (1-based), `times` each, `n` days ago. */
  let call = 0;
  const plays = async (track: string, from: number, to: number, day: number, times = 1, source = 'poll') => {
    // Distinct instants per call (a listener plays one thing at a time: unique on listener + played_at).
    call += 1;
    await sql(
      `INSERT INTO plays (listener_id, played_at, track_id, source)
       SELECT l.id, $3::timestamptz + t * interval '1 minute' + l.i * interval '1 second' + $6 * interval '1 millisecond',
              $2, $4
         FROM unnest($1::uuid[]) WITH ORDINALITY AS l(id, i) CROSS JOIN generate_series(0, $5 - 1) t`,
      [listeners.slice(from - 1, to - 1), track, daysAgo(day), source, times, call],
    );
  };
  const metric = async (name: string): Promise<number> => {
    const text = (await request(server.url).get('/metrics').expect(200)).text;
    const match = text.match(new RegExp(`^${name}\\{cache="trends"\\} (\\d+)`, 'm'));
    return match ? Number(match[1]) : 0;
  };

  beforeAll(async () => {
    server = await startTestServer(REDIS_URL ? { REDIS_URL, REDIS_KEY_PREFIX: `test-${randomUUID()}:` } : {});
    kit = await AnalyticsKit.connect(server.database.url);
    for (let i = 0; i < 40; i++)
      listeners.push(await kit.listener(new Date(TODAY - 60 * DAY_MS).toISOString()));
    const track = (tid: string, name: string, artistIds: string[], artistNames: string[]) =>
      sql(
        `INSERT INTO tracks (id, name, artist_ids, artist_names, album_id, album_name) VALUES ($1, $2, $3, $4, $5, $6)`,
        [tid, name, artistIds, artistNames, id(`Album${name.replace(/\W/g, '')}`), `${name} (album)`],
      );
    await track(T.filler, 'Everyone Plays This', [A.filler], ['Filler Artist']);
    await track(T.atK, 'Exactly Ten', [A.atK], ['Threshold Artist']);
    await track(T.belowK, 'Nine Superfans', [A.hidden], ['Hidden Artist']);
    await track(T.rising, 'On The Rise', [A.big], ['Big Artist']);
    await track(T.binge, 'On Repeat', [A.big], ['Big Artist']);
    await track(T.fresh, 'Brand New', [A.fresh], ['Newcomer']);

    // The filler keeps the platform steady: all 40 listeners in both 7-day windows.
    await plays(T.filler, 1, 41, 4);
    await plays(T.filler, 1, 41, 10);
    // k listeners yesterday, the tenth read at connect (the baseline); an eleventh only through an imported
    // streaming history, which never counts in public trends.
    await plays(T.atK, 1, 10, 1);
    await plays(T.atK, 10, 11, 1, 1, 'baseline');
    await plays(T.atK, 11, 12, 1, 3, 'import');
    // k − 1 listeners on three days across both windows, 50 plays each a day: the most played track, never shown.
    for (const day of [1, 10, 20]) await plays(T.belowK, 11, 20, day, 50);
    // Rising: 10 listeners in the previous 7 days, 30 in the last 7.
    await plays(T.rising, 1, 11, 10);
    await plays(T.rising, 1, 31, 3);
    // A binge: the same 12 listeners in both windows, one of them 300 times in the last 7 days.
    await plays(T.binge, 11, 23, 9);
    await plays(T.binge, 11, 23, 2);
    await plays(T.binge, 11, 12, 2, 300);
    // A new entry: 11 listeners in the last 7 days, none before.
    await plays(T.fresh, 23, 34, 3);
  });

  afterAll(async () => {
    await kit?.close();
    await server?.stop();
  });

  it(`never shows an item played by k − 1 = ${K - 1} listeners, on any route, window or limit, and never a count below k`, async () => {
    for (const route of ROUTES) {
      for (const window of WINDOWS) {
        for (const limit of [1, 100]) {
          const sep = route.includes('?') ? '&' : '?';
          const res = await get(`${route}${sep}window=${window}&limit=${limit}`).expect(200);
          expect(res.body.minListeners).toBe(K);
          const list = res.body.items as Item[];
          expect(list.length).toBeLessThanOrEqual(limit);
          for (const item of list) {
            expect([T.belowK, A.hidden]).not.toContain(item.id);
            expect(item.name).not.toMatch(/Nine Superfans|Hidden Artist/);
            expect(item.listeners).toBeGreaterThanOrEqual(K);
            if (item.previousListeners !== null) expect(item.previousListeners).toBeGreaterThanOrEqual(K);
          }
        }
      }
    }
    // The day rows do hold it (9 listeners a day): the threshold is applied to exact window counts.
    const [row] = await sql(`SELECT sum(listeners)::int AS n FROM trends_track_days WHERE track_id = $1`, [
      T.belowK,
    ]);
    expect(row).toEqual({ n: 27 });
  });

  it('shows an item played by exactly k listeners (the baseline counts, imported plays do not), in every window', async () => {
    for (const window of WINDOWS) {
      const top = await items(`/tracks?window=${window}&limit=100`);
      const atK = top.find((t) => t.id === T.atK);
      expect(atK).toMatchObject({ name: 'Exactly Ten', listeners: K, plays: K });
      expect(atK?.artists).toEqual([{ id: A.atK, name: 'Threshold Artist' }]);
      const artists = await items(`/artists?window=${window}&limit=100`);
      expect(artists.find((a) => a.id === A.atK)).toMatchObject({ name: 'Threshold Artist', listeners: K });
    }
    expect((await items('/tracks?window=24h')).map((t) => t.id)).toEqual([T.atK]);
  });

  it('ranks by distinct listeners over the whole window, not by plays or summed daily listeners', async () => {
    const top = await items('/tracks?window=7d');
    expect(top.map((t) => [t.id, t.listeners])).toEqual([
      [T.filler, 40],
      [T.rising, 30],
      [T.binge, 12],
      [T.fresh, 11],
      [T.atK, 10],
    ]);
    expect(top[0]).toMatchObject({ rank: 1, plays: 40, previousListeners: 40 });
    // Big Artist: 30 listeners of one track and 12 of the other, 30 distinct (the 12 are among the 30).
    const artists = await items('/artists?window=7d');
    expect(artists.find((a) => a.id === A.big)).toMatchObject({ listeners: 30, plays: 30 + 12 + 300 });
    // 28 days: both 7-day windows together.
    const month = await items('/tracks?window=28d');
    expect(month.find((t) => t.id === T.filler)).toMatchObject({ listeners: 40, plays: 80 });
    expect(month.find((t) => t.id === T.rising)).toMatchObject({ listeners: 30, plays: 40 });
  });

  it('finds rising tracks and artists by listeners: a binge by one listener is not rising', async () => {
    const rising = await items('/rising?type=track&window=7d');
    expect(rising.map((t) => t.id)).toEqual([T.fresh, T.atK, T.rising]);
    expect(rising.find((t) => t.id === T.rising)).toMatchObject({ previousListeners: 10, growth: 2.82 });
    // New items grew from fewer than k listeners: their previous count is not shown.
    expect(rising.find((t) => t.id === T.fresh)).toMatchObject({ previousListeners: null, growth: null });
    expect(rising.map((t) => t.id)).not.toContain(T.binge);
    expect(rising.map((t) => t.id)).not.toContain(T.filler);
    // Big Artist: 22 listeners before (10 + 12), 30 now, and 300 more plays: not a significant rise.
    expect((await items('/rising?type=artist&window=7d')).map((a) => a.id)).toEqual([A.fresh, A.atK]);
    // Over 28 days there is no earlier data: nothing can be said to rise.
    expect(await items('/rising?type=track&window=28d')).toEqual([]);
  });

  it('lists new entries: in this window top, not in the previous one', async () => {
    // Rising had k listeners before: it was in the previous top, so it is not new.
    expect((await items('/new?type=track&window=7d')).map((t) => t.id)).toEqual([T.fresh, T.atK]);
    expect((await items('/new?type=artist&window=7d')).map((a) => a.id)).toEqual([A.fresh, A.atK]);
  });

  it('answers 400 with the field and the reason for a bad query parameter', async () => {
    const bad = await get('/tracks?window=3d').expect(400);
    expect(bad.body.error).toBe('ValidationFailed');
    expect(bad.body.details).toEqual([{ field: 'window', reason: 'must be one of 24h, 7d, 28d' }]);
    const limit = await get('/rising?type=album&limit=0').expect(400);
    expect(limit.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'type']);
    await get('/new?type=track&window=7d&limit=101').expect(400);
  });

  it('caches charts: the second call is a hit on /metrics, concurrent calls compute once, the TTL expires', async () => {
    const trends = server.app.get(TrendsService);
    expect(server.app.get(CacheService).kind).toBe(REDIS_URL ? 'redis' : 'memory');
    await trends.invalidate();
    const [hits, misses] = [await metric('cache_hits_total'), await metric('cache_misses_total')];
    const first = await get('/artists?window=28d').expect(200);
    const second = await get('/artists?window=28d').expect(200);
    expect(second.body).toEqual(first.body);
    expect(await metric('cache_misses_total')).toBe(misses + 1);
    expect(await metric('cache_hits_total')).toBe(hits + 1);
    // Top, rising and new of one type and window are one chart: one computation serves all three.
    await get('/rising?type=artist&window=28d').expect(200);
    await get('/new?type=artist&window=28d').expect(200);
    expect(await metric('cache_misses_total')).toBe(misses + 1);

    await trends.invalidate();
    const before = await metric('cache_misses_total');
    const answers = await Promise.all(Array.from({ length: 12 }, () => get('/tracks?window=7d').expect(200)));
    expect(new Set(answers.map((a) => a.body.computedAt)).size).toBe(1);
    expect(await metric('cache_misses_total')).toBe(before + 1);

    // Past the TTL the chart is answered stale at once while it is recomputed in the background.
    const ttl = server.config.TRENDS_CACHE_TTL_S;
    server.config.TRENDS_CACHE_TTL_S = 1;
    try {
      await trends.invalidate();
      const cached = (await get('/tracks?window=24h').expect(200)).body.computedAt;
      expect((await get('/tracks?window=24h').expect(200)).body.computedAt).toBe(cached);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const [stale, waited] = [await metric('cache_stale_total'), await metric('cache_misses_total')];
      expect((await get('/tracks?window=24h').expect(200)).body.computedAt).toBe(cached);
      expect(await metric('cache_stale_total')).toBe(stale + 1);
      let refreshed = cached;
      for (let i = 0; i < 50 && refreshed === cached; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        refreshed = (await get('/tracks?window=24h').expect(200)).body.computedAt;
      }
      expect(refreshed).not.toBe(cached);
      // Nobody waited for the recomputation: it ran in the background.
      expect(await metric('cache_misses_total')).toBe(waited);
      expect(await metric('cache_refreshes_total')).toBeGreaterThanOrEqual(1);
    } finally {
      server.config.TRENDS_CACHE_TTL_S = ttl;
    }
  });

  it('catalogs imported tracks named by artist names only, and merges them when Spotify names the artist', async () => {
    await sql(
      `INSERT INTO tracks (id, name, artist_names, album_name) VALUES ($1, 'Imported Only', $2, 'Old Album')`,
      [T.imported, ['Merged  Later']],
    );
    // Polled plays of the track as an import left its row (artist names only); the imported plays do not count.
    await plays(T.imported, 1, 11, 2);
    await plays(T.imported, 11, 14, 2, 1, 'import');
    await server.app.get(TrendsService).invalidate();
    let artist = (await items('/artists?window=7d&limit=100')).find((a) => a.name === 'Merged  Later');
    expect(artist).toMatchObject({ id: null, listeners: 10 });
    // A poll brings a track of the same artist with Spotify's id: the imported track and its counts move over.
    await sql(`INSERT INTO tracks (id, name, artist_ids, artist_names) VALUES ($1, 'Polled', $2, $3)`, [
      id('TrackPolledLater'),
      [A.merged],
      ['Merged Later'],
    ]);
    await server.app.get(TrendsService).invalidate();
    const artists = await items('/artists?window=7d&limit=100');
    artist = artists.find((a) => a.name === 'Merged Later');
    expect(artist).toMatchObject({ id: A.merged, listeners: 10 });
    expect(artists.filter((a) => /merged/i.test(a.name))).toHaveLength(1);
    const [row] = await sql(`SELECT count(*)::int AS n FROM artists WHERE provisional`);
    expect(row).toEqual({ n: 0 });
  });

  it('keeps the same counts as a rebuild from the raw plays (the repair after a bulk load)', async () => {
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const table of ['track', 'artist', 'platform']) {
        out[`${table}_days`] = await sql(`SELECT * FROM trends_${table}_days ORDER BY 1, 2`);
        out[`${table}_presence`] = await sql(`SELECT * FROM trends_${table}_presence ORDER BY 1, 2, 3`);
        out[`${table}_windows`] = await sql(`SELECT * FROM trends_${table}_windows ORDER BY 1, 2, 3`);
      }
      return out;
    };
    const indexes = () => sql(`SELECT indexdef FROM pg_indexes WHERE tablename LIKE 'trends%' ORDER BY 1`);
    const indexed = await indexes();
    await fold();
    const before = await snapshot();
    expect(before['track_days']?.length).toBeGreaterThan(5);
    expect(before['track_windows']?.length).toBeGreaterThan(5);
    await server.app.get(TrendsRepository).rebuildCounts();
    expect(await snapshot()).toEqual(before);
    expect(await indexes()).toEqual(indexed);
  });

  it('erasing a listener takes them out of the counts and the cached charts at once: an item at k disappears', async () => {
    // Every chart cached, fresh (TTL 300 s): the erasure, not the TTL, must make them go.
    for (const window of WINDOWS) {
      expect((await items(`/tracks?window=${window}&limit=100`)).map((t) => t.id)).toContain(T.atK);
      expect((await items(`/artists?window=${window}&limit=100`)).map((a) => a.id)).toContain(A.atK);
    }
    const computed = await metric('cache_misses_total');
    await server.app.get(ListenerService).erase(listeners[0] as string);
    for (const window of WINDOWS) {
      expect((await items(`/tracks?window=${window}&limit=100`)).map((t) => t.id)).not.toContain(T.atK);
      expect((await items(`/artists?window=${window}&limit=100`)).map((a) => a.id)).not.toContain(A.atK);
    }
    expect((await items('/tracks?window=7d')).find((t) => t.id === T.filler)).toMatchObject({
      listeners: 39,
    });
    expect(await metric('cache_misses_total')).toBeGreaterThan(computed);
    // Nothing of the listener is left in the private presence rows either.
    await fold();
    const [left] = await sql(
      `SELECT count(*)::int AS n FROM trends_platform_presence
        WHERE listener_key = md5((SELECT salt FROM trends_salt) || $1)::uuid`,
      [listeners[0]],
    );
    expect(left).toEqual({ n: 0 });
  });
  it('keeps every window row exact (distinct listeners over the window) through late, multi-day, deleted and moved plays', async () => {
    const tracks = [id('TrackWindowsA'), id('TrackWindowsB'), id('TrackWindowsC')];
    for (const [i, tid] of tracks.entries()) {
      await sql(`INSERT INTO tracks (id, name, artist_ids, artist_names) VALUES ($1, $2, $3, $4)`, [
        tid,
        `Window ${i}`,
        i === 2 ? [A.big, A.fresh] : [A.big],
        i === 2 ? ['Big Artist', 'Newcomer'] : ['Big Artist'],
      ]);
    }
    // Deterministic pseudo-random plays: 15 listeners, 3 tracks, days 0 (today) to 59 ago, in statements of
    // several days each (one statement brings a listener's several new days of one track at once).
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let batch = 0; batch < 12; batch++) {
      const rows: Array<[string, string, string]> = [];
      for (let n = 0; n < 40; n++) {
        const day = Math.floor(next() * 60);
        rows.push([
          listeners[1 + Math.floor(next() * 15)] as string,
          tracks[Math.floor(next() * 3)] as string,
          new Date(TODAY - day * DAY_MS + Math.floor(next() * DAY_MS * 0.99)).toISOString(),
        ]);
      }
      // Polled, baseline and imported plays: only the first two count.
      await sql(
        `INSERT INTO plays (listener_id, track_id, played_at, source)
         SELECT l, t, at, (ARRAY['poll', 'baseline', 'import'])[1 + (i % 3)::int]
           FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[]) WITH ORDINALITY AS x(l, t, at, i)
         ON CONFLICT (listener_id, played_at) DO NOTHING`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
      );
    }
    // Some plays go (a listener's day of a track can lose its last play), some move to another day and track.
    await sql(`DELETE FROM plays WHERE track_id = ANY($1) AND extract(minute FROM played_at)::int % 3 = 0`, [
      tracks,
    ]);
    await sql(
      `UPDATE plays SET played_at = played_at - interval '9 days', track_id = $2
        WHERE track_id = $1 AND extract(minute FROM played_at)::int % 3 = 1`,
      [tracks[0], tracks[1]],
    );
    // Some change source: an imported play turned into a polled one starts counting, and the other way round.
    await sql(
      `UPDATE plays SET source = CASE source WHEN 'import' THEN 'poll' ELSE 'import' END
        WHERE track_id = ANY($1) AND extract(second FROM played_at)::int % 4 = 0`,
      [tracks],
    );
    const exact = (item: string, join: string) => `
      WITH ends AS (SELECT s.span, (e AT TIME ZONE 'UTC')::date AS end_day
                      FROM (VALUES (7), (28)) s(span)
                      CROSS JOIN generate_series(now() - (s.span + 1) * interval '1 day', now() + s.span * interval '1 day',
                                                 interval '1 day') e),
           p AS (SELECT (played_at AT TIME ZONE 'UTC')::date AS day, listener_id${item ? `, ${item}` : ''}
                   FROM plays ${join}
                  WHERE played_at <= created_at + interval '1 day' AND source IN ('poll', 'baseline'))
      SELECT e.span::int, e.end_day::text${item ? `, p.${item}` : ''},
             count(*)::int AS plays, count(DISTINCT p.listener_id)::int AS listeners
        FROM ends e JOIN p ON p.day BETWEEN e.end_day - e.span + 1 AND e.end_day
       WHERE e.end_day >= (now() AT TIME ZONE 'UTC')::date - 1 - e.span
       GROUP BY 1, 2${item ? ', 3' : ''} ORDER BY 1, 2${item ? ', 3' : ''}`;
    const kept = (level: string, item: string) =>
      sql(`SELECT span::int, end_day::text${item ? `, ${item}` : ''}, plays, listeners FROM trends_${level}_windows
            WHERE end_day >= (now() AT TIME ZONE 'UTC')::date - 1 - span ORDER BY 1, 2${item ? ', 3' : ''}`);
    await fold();
    expect(await kept('track', 'track_id')).toEqual(await sql(exact('track_id', '')));
    expect(await kept('artist', 'artist_id')).toEqual(
      await sql(
        exact(
          'artist_id',
          'JOIN (SELECT DISTINCT track_id, artist_id FROM track_artists) ta USING (track_id)',
        ),
      ),
    );
    expect(await kept('platform', '')).toEqual(await sql(exact('', '')));
  });

  it('prunes presence rows older than the longest window and the one before it, and windows that ended', async () => {
    const old = new Date(TODAY - 70 * DAY_MS).toISOString().slice(0, 10);
    const recent = new Date(TODAY - 50 * DAY_MS).toISOString().slice(0, 10);
    const key = randomUUID();
    for (const day of [old, recent]) {
      await sql(
        `INSERT INTO trends_track_presence (day, track_id, listener_key, plays) VALUES ($1, $2, $3, 1)`,
        [day, T.filler, key],
      );
      await sql(`INSERT INTO trends_platform_presence (day, listener_key, plays) VALUES ($1, $2, 1)`, [
        day,
        key,
      ]);
    }
    await sql(
      `INSERT INTO trends_track_windows (span, end_day, track_id, plays, listeners) VALUES (28, $1, $2, 1, 1)`,
      [old, T.filler],
    );
    const pruned = await server.app.get(TrendsRepository).prune();
    expect(pruned.presence).toBeGreaterThanOrEqual(2);
    expect(pruned.windows).toBeGreaterThanOrEqual(1);
    const left = await sql(
      `SELECT day::text FROM trends_track_presence WHERE listener_key = $1
       UNION ALL SELECT day::text FROM trends_platform_presence WHERE listener_key = $1`,
      [key],
    );
    expect(left).toEqual([{ day: recent }, { day: recent }]);
    const [oldest] = (await sql(
      `SELECT (SELECT min(day)::text FROM trends_track_presence) AS presence,
              (SELECT min(end_day)::text FROM trends_track_windows WHERE span = 28) AS window`,
    )) as Array<{ presence: string; window: string }>;
    expect(oldest?.presence >= new Date(TODAY - 56 * DAY_MS).toISOString().slice(0, 10)).toBe(true);
    expect(oldest?.window >= new Date(TODAY - 29 * DAY_MS).toISOString().slice(0, 10)).toBe(true);
    // What the charts read is still there: the 28-day chart and the one before it.
    expect((await items('/tracks?window=28d')).find((t) => t.id === T.filler)).toMatchObject({
      listeners: 39,
    });
  });
});
