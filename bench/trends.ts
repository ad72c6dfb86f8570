/**
 * npm run bench:trends — the public trends endpoints with 10,000 listeners and 5,000,000 plays.
 *
 * 1. A fresh database on BENCH_DATABASE_URL's server (or DATABASE_URL's; e.g.
 *    postgres://postgres@127.0.0.1:5432/test), else the embedded PostgreSQL (PGlite) in a process of its own.
 *    The product runs in this process (startSoundlink), with the migrations and the triggers.
 * 2. Generates with bulk SQL (generate_series) BENCH_TRACKS tracks by 4,000 artists (every 10th track with a
 *    featured second artist), 10,000 listeners and 500 plays each over the last 56 days (two 28-day windows):
 *    half from the listener's own rotation of 100 tracks, half from a skewed global popularity. The first
 *    BENCH_TRIGGERED (200) listeners' plays go in through the plays triggers and the fold of what they
 *    queued (the write path of polls and imports, timed);
 *    the rest is bulk-loaded with triggers off and the counts rebuilt from plays (TrendsRepository.rebuildCounts,
 *    timed), which keeps the generation within a few minutes.
 * 3. Measures over HTTP, BENCH_REPS times each (warm: 10 × BENCH_REPS): top tracks (24h, 7d, 28d), top
 *    artists (28d), rising tracks (7d): cold (cache off, TRENDS_CACHE_TTL_S=0: every request computes) and
 *    warm (cached), and the same chart (distinct listeners of this window and the previous one per track,
 *    k threshold, top 20) computed by a straightforward query over the raw plays (BENCH_REPS / 4 times),
 *    checked to give the same top 20. Prints p50, p95, ratios.
 */
import { Client } from 'pg';
import { TrendsRepository } from '../apps/api/src/modules/trends/trends.repository';
import { TrendsService } from '../apps/api/src/modules/trends/trends.service';
import { startBenchApi, startDatabase } from './support';

const REPS = Number(process.env['BENCH_REPS'] ?? 20);
const LISTENERS = 10_000;
const PLAYS_PER_LISTENER = 500;
const TRACKS = Number(process.env['BENCH_TRACKS'] ?? 20_000);
const ARTISTS = 4_000;
const DAYS = 56;
const CHUNK = 3_000;
/** Listeners whose plays go in through the triggers (the rest: bulk load, then a rebuild). */
const TRIGGERED = Number(process.env['BENCH_TRIGGERED'] ?? 200);
const K = 10;

const LISTENER = (n: string) => `('00000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
const ID = (prefix: string, n: string) => `'${prefix}' || lpad((${n})::text, 22 - length('${prefix}'), '0')`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function time(reps: number, run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function generate(
  db: Client,
  rebuild: () => Promise<void>,
  fold: () => Promise<unknown>,
): Promise<Record<string, number>> {
  const timed: Record<string, number> = {};
  const step = async (name: string, sql: string) => {
    const started = Date.now();
    await db.query(sql);
    timed[name] = (timed[name] ?? 0) + Date.now() - started;
  };
  await db.query('SELECT setseed(0.42)');
  await step(
    'tracks (catalog trigger)',
    `INSERT INTO tracks (id, name, artist_ids, artist_names, album_id, album_name)
     SELECT ${ID('benchtrack', 'n')}, 'Track ' || n,
            CASE WHEN n % 10 = 0 THEN ARRAY[${ID('benchartist', `1 + n % ${ARTISTS}`)}, ${ID('benchartist', `1 + (n * 7) % ${ARTISTS}`)}]
                 ELSE ARRAY[${ID('benchartist', `1 + n % ${ARTISTS}`)}] END,
            CASE WHEN n % 10 = 0 THEN ARRAY['Artist ' || (1 + n % ${ARTISTS}), 'Artist ' || (1 + (n * 7) % ${ARTISTS})]
                 ELSE ARRAY['Artist ' || (1 + n % ${ARTISTS})] END,
            ${ID('benchalbum', 'n / 10')}, 'Album ' || (n / 10)
       FROM generate_series(1, ${TRACKS}) n`,
  );
  await step(
    'listeners',
    `INSERT INTO listeners (id, spotify_user_id, status, consented_at)
     SELECT ${LISTENER('l')}, 'bench-' || l, 'active', now() - interval '60 days' FROM generate_series(1, ${LISTENERS}) l`,
  );
  const start = `date_trunc('day', now()) - interval '${DAYS} days'`;
  const playsOf = (from: number, to: number) => `INSERT INTO plays (listener_id, played_at, track_id, source)
       SELECT ${LISTENER('l')}, ${start} + random() * interval '${DAYS} days',
              ${ID(
                'benchtrack',
                `CASE WHEN random() < 0.5 THEN 1 + (l * 37 + floor(random() * 100)::int) % ${TRACKS}
                                      ELSE 1 + floor(${TRACKS} * power(random(), 3))::int END`,
              )},
              CASE WHEN k % 5 = 0 THEN 'import' ELSE 'poll' END
         FROM generate_series(${from}, ${to}) l CROSS JOIN generate_series(1, ${PLAYS_PER_LISTENER}) k
       ON CONFLICT (listener_id, played_at) DO NOTHING`;
  // The write path: the first TRIGGERED listeners' plays go in through the plays triggers (timed).
  await step('plays through the triggers', playsOf(1, TRIGGERED));
  // The triggers queue them; the fold (a worker's, every 2 s) counts them: part of the write path's cost.
  const folding = Date.now();
  await fold();
  timed['fold of the triggered plays'] = Date.now() - folding;
  // The rest is a bulk load with triggers off, then the counts are rebuilt from plays (timed).
  await db.query(`SET session_replication_role = replica`);
  for (let from = TRIGGERED + 1; from <= LISTENERS; from += CHUNK) {
    await step('plays bulk load', playsOf(from, Math.min(from + CHUNK - 1, LISTENERS)));
  }
  await db.query(`SET session_replication_role = DEFAULT`);
  const rebuilt = Date.now();
  await rebuild();
  timed['rebuild counts'] = Date.now() - rebuilt;
  await step('analyze', 'ANALYZE');
  return timed;
}

/** The 7-day chart's numbers, straight from the raw plays: distinct listeners now and before, k, top 20. */
const RAW_TOP_TRACKS = `
  SELECT track_id AS id,
         count(DISTINCT listener_id) FILTER (WHERE played_at >= $2)::int AS listeners,
         count(*) FILTER (WHERE played_at >= $2)::int AS plays,
         count(DISTINCT listener_id) FILTER (WHERE played_at < $2)::int AS previous_listeners
    FROM plays
      WHERE played_at >= $1 AND played_at < $3 AND played_at <= created_at + interval '1 day'
     AND source IN ('poll', 'baseline')
   GROUP BY track_id
  HAVING count(DISTINCT listener_id) FILTER (WHERE played_at >= $2) >= $4
   ORDER BY listeners DESC, plays DESC, id
   LIMIT 20`;

async function main(): Promise<void> {
  process.env['BENCH_DATABASE_URL'] ??= process.env['DATABASE_URL'];
  const database = await startDatabase();
  const server = await startBenchApi(database.url, { TRENDS_MIN_LISTENERS: String(K) });
  const db = new Client({ connectionString: database.url });
  await db.connect();
  try {
    const started = Date.now();
    const counting = server.app.get(TrendsRepository);
    const timed = await generate(
      db,
      () => counting.rebuildCounts(),
      () => counting.fold(5_000, 1_000_000),
    );
    const [counts] = (
      await db.query(`SELECT (SELECT count(*) FROM plays)::int AS plays,
                             (SELECT count(*) FROM trends_track_presence)::int AS presence,
                             (SELECT count(*) FROM trends_track_days)::int AS track_days`)
    ).rows as Array<{ plays: number; presence: number; track_days: number }>;
    process.stdout.write(
      `Database: ${database.kind}\nGenerated in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(timed)}\n` +
        `${counts?.plays.toLocaleString('en')} plays, ${counts?.presence.toLocaleString('en')} track presence rows, ` +
        `${counts?.track_days.toLocaleString('en')} track day rows; ` +
        `${Math.round((TRIGGERED * PLAYS_PER_LISTENER) / (((timed['plays through the triggers'] ?? 1) + (timed['fold of the triggered plays'] ?? 0)) / 1000)).toLocaleString('en')} plays/s through the triggers and the fold (first ${TRIGGERED * PLAYS_PER_LISTENER} plays)\n\n`,
    );

    const get = async (path: string) => {
      const res = await fetch(`${server.url}/api/v1/trends${path}`);
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      return (await res.json()) as { items: Array<{ id: string; listeners: number; plays: number }> };
    };
    const routes = [
      '/tracks?window=24h',
      '/tracks?window=7d',
      '/tracks?window=28d',
      '/artists?window=28d',
      '/rising?type=track&window=7d',
    ];
    const trends = server.app.get(TrendsService);
    const rows: string[] = [];
    for (const route of routes) {
      server.config.TRENDS_CACHE_TTL_S = 0;
      const cold = await time(REPS, () => get(route));
      server.config.TRENDS_CACHE_TTL_S = 300;
      await trends.invalidate();
      await get(route);
      const warm = await time(REPS * 10, () => get(route));
      rows.push(
        `| ${route.padEnd(29)} | ${cold.p50.toFixed(1)} | ${cold.p95.toFixed(1)} | ${warm.p50.toFixed(2)} | ${warm.p95.toFixed(2)} |`,
      );
    }

    // The baseline: the 7-day chart from the raw plays, and a check that both give the same top 20.
    const DAY = 86_400_000;
    const today = Math.floor(Date.now() / DAY) * DAY;
    const params = [new Date(today - 14 * DAY), new Date(today - 7 * DAY), new Date(today), K];
    const raw = await time(Math.max(3, Math.ceil(REPS / 4)), () => db.query(RAW_TOP_TRACKS, params));
    const rawTop = (await db.query(RAW_TOP_TRACKS, params)).rows as Array<{
      id: string;
      listeners: number;
      plays: number;
    }>;
    server.config.TRENDS_CACHE_TTL_S = 0;
    const served = (await get('/tracks?window=7d&limit=20')).items;
    const same =
      JSON.stringify(served.map((i) => [i.id, i.listeners, i.plays])) ===
      JSON.stringify(rawTop.map((r) => [r.id, r.listeners, r.plays]));
    server.config.TRENDS_CACHE_TTL_S = 0;
    const cold7 = await time(REPS, () => get('/tracks?window=7d'));
    server.config.TRENDS_CACHE_TTL_S = 300;
    await get('/tracks?window=7d');
    const warm7 = await time(REPS * 10, () => get('/tracks?window=7d'));

    process.stdout.write(
      `| route                         | cold p50 ms | cold p95 ms | warm p50 ms | warm p95 ms |\n` +
        `| ----------------------------- | ----------- | ----------- | ----------- | ----------- |\n${rows.join('\n')}\n\n` +
        `Baseline, the 7-day top tracks from raw plays (SQL only, no HTTP): p50 ${raw.p50.toFixed(1)} ms, p95 ${raw.p95.toFixed(1)} ms\n` +
        `Same top 20 as GET /trends/tracks?window=7d: ${same ? 'yes' : 'NO'}\n` +
        `Ratio baseline p95 / cold p95: ${(raw.p95 / cold7.p95).toFixed(1)}x; baseline p95 / warm p95: ${(raw.p95 / warm7.p95).toFixed(0)}x\n`,
    );
    if (!same) process.exitCode = 1;
  } finally {
    await db.end();
    await server.close();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
