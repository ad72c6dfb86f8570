/**
 * npm run bench:analytics — the analytics endpoints on a realistic campaign, rollups versus raw tables.
 *
 * 1. Starts the built product (`node dist/apps/api/main.js`) on PostgreSQL: a fresh database on
 *    BENCH_DATABASE_URL's server when set (e.g. postgres://postgres@127.0.0.1:5432/test), else the embedded
 *    PostgreSQL (PGlite) in a process of its own.
 * 2. Creates an owner, a campaign and 8 links through the API, then generates with bulk SQL
 *    (generate_series) 100,000 listeners, 200,000 clicks and 1,000,000 plays over the last 90 days, and the
 *    attributions of the campaign-track plays within 7 days of the listener's click. The database triggers
 *    queue every row; the product's rollup job applies them (timed), then `npm run analytics:rebuild`
 *    recomputes everything from the raw tables (timed) and the two results are compared.
 * 3. Measures funnel, daily time series, top tracks and links (default range: the last 28 days) over HTTP,
 *    BENCH_REPS times (default 50) each, and the same figures computed by straightforward SQL over the raw
 *    tables (directly on the database, so without the HTTP overhead the rollup side pays), and checks both
 *    give the same numbers. Prints p50, p95 and the ratio.
 * Between 2 and 3, `npm run partitions` files the generated rows under the monthly partitions of clicks and plays
 * (timed): a fresh database has the current months only, and the product's job would do it within six hours.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT, api, freePort, startDatabase, waitHealthy } from './support';
import { MODEL_VERSION } from '../apps/api/src/modules/attribution/attribution-model';

const REPS = Number(process.env['BENCH_REPS'] ?? 50);
const LISTENERS = 100_000;
const CLICKS = 200_000;
const PLAYS_PER_LISTENER = 10;
const DAYS = 90;
const LINKS = 8;
const CAMPAIGN_TRACKS = 25;
const OTHER_TRACKS = 200;

const uuid = (prefix: string, n: string) => `('${prefix}' || lpad(to_hex(${n}), 12, '0'))::uuid`;
const LISTENER = (n: string) => uuid('00000000-0000-4000-8000-', n);
const VISITOR = (n: string) => uuid('00000000-0000-4000-9000-', n);
const CLICK = (n: string) => uuid('00000000-0000-7000-8000-', n);
const TRACK = (prefix: string, n: string) =>
  `'${prefix}' || lpad((${n})::text, 22 - length('${prefix}'), '0')`;

/** Bulk SQL: the whole campaign in a handful of INSERT … SELECT FROM generate_series statements. */
async function generate(db: Client, campaignId: string, linkIds: string[]): Promise<Record<string, number>> {
  const timed: Record<string, number> = {};
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const started = Date.now();
    await db.query(sql, params);
    timed[name] = Date.now() - started;
  };
  await db.query(`SELECT setseed(0.42)`);
  const start = `(date_trunc('hour', now()) - interval '${DAYS} days')`;
  // Clicks over the first 84 days, so the plays of the last listeners (up to ~6 days later) are not in the future.
  const clickAt = (i: string) => `${start} + (${i}) * interval '${((DAYS - 6) * 86400) / CLICKS} seconds'`;
  const listenerClick = (l: string) => `(2 * (${l}) - 1)`;
  await step(
    'tracks',
    `INSERT INTO tracks (id, name, artist_names)
     SELECT ${TRACK('benchcampaign', 'n')}, 'Campaign song ' || n, ARRAY['Bench Artist'] FROM generate_series(1, ${CAMPAIGN_TRACKS}) n
     UNION ALL
     SELECT ${TRACK('benchother', 'n')}, 'Other song ' || n, ARRAY['Someone Else'] FROM generate_series(1, ${OTHER_TRACKS}) n`,
  );
  await step(
    'campaign_tracks',
    `INSERT INTO campaign_tracks (campaign_id, track_id, added_at)
     SELECT $1, ${TRACK('benchcampaign', 'n')}, ${start} - interval '1 day' FROM generate_series(1, ${CAMPAIGN_TRACKS}) n`,
    [campaignId],
  );
  // Listener l connected through click 2l-1 (the first visit of visitor l), two minutes after it.
  await step(
    'listeners',
    `INSERT INTO listeners (id, spotify_user_id, status, consented_at)
     SELECT ${LISTENER('l')}, 'bench-' || l, 'active', ${clickAt(listenerClick('l'))} + interval '2 minutes'
       FROM generate_series(1, ${LISTENERS}) l`,
  );
  // Odd clicks: first visits of the listeners' visitors 1..100,000. Clicks 2, 6, 10, …: first visits of
  // visitors 100,001..150,000 who never connect. Clicks 4, 8, …: repeat visits of earlier listeners' visitors.
  // Every 20th click is a bot (a visitor of its own), every 97th a HEAD request.
  await step(
    'clicks',
    `INSERT INTO clicks (id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, user_agent, utm_source, is_bot,
                         is_head, is_first_visit, listener_id)
     SELECT ${CLICK('i')}, ($2::uuid[])[1 + (abs(hashtext(i::text)) % ${LINKS})], $1, ${clickAt('i')},
            CASE WHEN bot THEN gen_random_uuid() ELSE ${VISITOR('v')} END, 'bench', 'Mozilla/5.0',
            'source' || (1 + (abs(hashtext(i::text)) % ${LINKS}) % 5), bot, head,
            NOT bot AND NOT head AND first,
            CASE WHEN NOT bot AND NOT head AND v <= ${LISTENERS} THEN ${LISTENER('v')} END
       FROM (SELECT i, i % 20 = 0 AS bot, i % 97 = 0 AND i % 20 <> 0 AS head, i % 4 <> 0 AS first,
                    CASE WHEN i % 2 = 1 THEN (i + 1) / 2
                         WHEN i % 4 = 2 THEN ${LISTENERS} + (i + 2) / 4
                         ELSE 1 + abs(hashtext('v' || i)) % (i / 2) END AS v
               FROM generate_series(1, ${CLICKS}) i) s`,
    [campaignId, linkIds],
  );
  // Ten plays per listener, 14 hours apart from a day before their click; 40 % of them campaign tracks.
  await step(
    'plays',
    `INSERT INTO plays (listener_id, played_at, track_id, source)
     SELECT ${LISTENER('l')}, ${clickAt(listenerClick('l'))} - interval '1 day' + k * interval '14 hours' + (abs(hashtext(l || '-' || k)) % 3000) * interval '1 second',
            CASE WHEN abs(hashtext('t' || l || '-' || k)) % 10 < 4
                 THEN ${TRACK('benchcampaign', `1 + abs(hashtext('c' || l || '-' || k)) % ${CAMPAIGN_TRACKS}`)}
                 ELSE ${TRACK('benchother', `1 + abs(hashtext('o' || l || '-' || k)) % ${OTHER_TRACKS}`)} END,
            CASE WHEN k < 2 THEN 'baseline' ELSE 'poll' END
       FROM generate_series(1, ${LISTENERS}) l CROSS JOIN generate_series(0, ${PLAYS_PER_LISTENER - 1}) k`,
  );
  // The campaign-track plays within 7 days after the listener's click (85 % sole credit, 15 % shared).
  await step(
    'attributions',
    `INSERT INTO attributions (play_id, campaign_id, generation, click_id, link_id, utm_source, listener_id, track_id,
                               played_at, clicked_at, score, tier, reasons, credit, model_version)
     SELECT p.id, $1, 1, k.id, k.link_id, coalesce(k.utm_source, ''), p.listener_id, p.track_id, p.played_at, k.clicked_at, s.score,
            CASE WHEN s.score > 0.75 THEN 'high' WHEN s.score > 0.5 THEN 'medium' ELSE 'low' END,
            ARRAY['TIME_DECAY'], CASE WHEN p.id % 7 = 0 THEN 0.5 ELSE 1 END, '${MODEL_VERSION}'
       FROM plays p
       JOIN clicks k ON k.listener_id = p.listener_id AND k.campaign_id = $1 AND k.is_first_visit
       CROSS JOIN LATERAL (SELECT 0.3 + (abs(hashtext(p.id::text)) % 700) / 1000.0 AS score) s
      WHERE p.track_id LIKE 'benchcampaign%' AND p.played_at >= k.clicked_at
        AND p.played_at <= k.clicked_at + interval '7 days'`,
    [campaignId],
  );
  // The generated attributions stand for what the engine wrote at ingest: nothing is left for the sweep's
  // second look (which would score the generated plays again and rewrite the made-up scores while the
  // rollups are timed).
  await step('attribution queue', 'DELETE FROM attribution_queue');
  await step('analyze', 'ANALYZE');
  return timed;
}

/** The same figures computed by straightforward queries over the raw tables. */
function rawQueries(): Record<string, string> {
  // $1 campaign, $2 from, $3 to, $4 generation
  const firstConnects = `SELECT DISTINCT ON (listener_id) listener_id, link_id, clicked_at FROM clicks
    WHERE campaign_id = $1 AND listener_id IS NOT NULL AND NOT is_bot AND NOT is_head ORDER BY listener_id, clicked_at, id`;
  const firstPlays = `SELECT DISTINCT ON (listener_id) listener_id, link_id, played_at, clicked_at FROM attributions
    WHERE campaign_id = $1 AND generation = $4 ORDER BY listener_id, played_at, id`;
  return {
    funnel: `
      WITH k AS (SELECT count(*) FILTER (WHERE NOT is_bot AND NOT is_head) AS clicks,
                        count(*) FILTER (WHERE is_first_visit AND NOT is_bot AND NOT is_head) AS visitors
                   FROM clicks WHERE campaign_id = $1 AND clicked_at >= $2 AND clicked_at < $3),
           c AS (SELECT count(*) AS connects FROM (${firstConnects}) f WHERE clicked_at >= $2 AND clicked_at < $3),
           a AS (SELECT count(*) AS plays, sum(round(credit::numeric * 1000000))::bigint AS credit FROM attributions
                  WHERE campaign_id = $1 AND generation = $4 AND played_at >= $2 AND played_at < $3),
           l AS (SELECT count(*) AS listeners,
                        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM plays p WHERE p.listener_id = f.listener_id
                          AND p.played_at < f.clicked_at
                          AND p.track_id IN (SELECT track_id FROM campaign_tracks WHERE campaign_id = $1))) AS existing
                   FROM (${firstPlays}) f WHERE played_at >= $2 AND played_at < $3)
      SELECT k.clicks::int, k.visitors::int, c.connects::int, a.plays::int, a.credit::text, l.listeners::int, l.existing::int
        FROM k, c, a, l`,
    timeseries: `
      WITH d AS (SELECT generate_series($2::timestamptz, $3::timestamptz - interval '1 day', interval '1 day') AS day),
           k AS (SELECT date_trunc('day', clicked_at, 'UTC') AS day, count(*) FILTER (WHERE NOT is_bot AND NOT is_head) AS clicks,
                        count(*) FILTER (WHERE is_first_visit AND NOT is_bot AND NOT is_head) AS visitors
                   FROM clicks WHERE campaign_id = $1 AND clicked_at >= $2 AND clicked_at < $3 GROUP BY 1),
           c AS (SELECT date_trunc('day', clicked_at, 'UTC') AS day, count(*) AS connects FROM (${firstConnects}) f
                  WHERE clicked_at >= $2 AND clicked_at < $3 GROUP BY 1),
           a AS (SELECT date_trunc('day', played_at, 'UTC') AS day, count(*) AS plays,
                        count(*) FILTER (WHERE tier = 'high') AS high, sum(round(credit::numeric * 1000000))::bigint AS credit
                   FROM attributions WHERE campaign_id = $1 AND generation = $4 AND played_at >= $2 AND played_at < $3 GROUP BY 1),
           l AS (SELECT date_trunc('day', played_at, 'UTC') AS day, count(*) AS listeners FROM (${firstPlays}) f
                  WHERE played_at >= $2 AND played_at < $3 GROUP BY 1)
      SELECT d.day, coalesce(k.clicks, 0)::int AS clicks, coalesce(k.visitors, 0)::int AS visitors,
             coalesce(c.connects, 0)::int AS connects, coalesce(a.plays, 0)::int AS plays, coalesce(a.high, 0)::int AS high,
             coalesce(l.listeners, 0)::int AS listeners
        FROM d LEFT JOIN k USING (day) LEFT JOIN c USING (day) LEFT JOIN a USING (day) LEFT JOIN l USING (day)
       ORDER BY d.day`,
    topTracks: `
      SELECT a.track_id, t.name, count(*)::int AS plays, sum(round(a.credit::numeric * 1000000))::bigint AS credit
        FROM attributions a LEFT JOIN tracks t ON t.id = a.track_id
       WHERE a.campaign_id = $1 AND a.generation = $4 AND a.played_at >= $2 AND a.played_at < $3
       GROUP BY a.track_id, t.name ORDER BY plays DESC, credit DESC, a.track_id LIMIT 10`,
    links: `
      WITH k AS (SELECT link_id, count(*) FILTER (WHERE NOT is_bot AND NOT is_head) AS clicks,
                        count(*) FILTER (WHERE is_first_visit AND NOT is_bot AND NOT is_head) AS visitors
                   FROM clicks WHERE campaign_id = $1 AND clicked_at >= $2 AND clicked_at < $3 GROUP BY 1),
           c AS (SELECT link_id, count(*) AS connects FROM (${firstConnects}) f
                  WHERE clicked_at >= $2 AND clicked_at < $3 GROUP BY 1),
           a AS (SELECT link_id, count(*) AS plays FROM attributions
                  WHERE campaign_id = $1 AND generation = $4 AND played_at >= $2 AND played_at < $3 GROUP BY 1),
           l AS (SELECT link_id, count(*) AS listeners FROM (${firstPlays}) f
                  WHERE played_at >= $2 AND played_at < $3 GROUP BY 1)
      SELECT tl.id AS link_id, coalesce(k.clicks, 0)::int AS clicks, coalesce(k.visitors, 0)::int AS visitors,
             coalesce(c.connects, 0)::int AS connects, coalesce(a.plays, 0)::int AS plays,
             coalesce(l.listeners, 0)::int AS listeners
        FROM tracker_links tl LEFT JOIN k ON k.link_id = tl.id LEFT JOIN c ON c.link_id = tl.id
        LEFT JOIN a ON a.link_id = tl.id LEFT JOIN l ON l.link_id = tl.id
       WHERE tl.campaign_id = $1 ORDER BY clicks DESC`,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function measure(reps: number, run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function rollupChecksum(db: Client): Promise<string> {
  const row = (
    await db.query(`SELECT
      (SELECT row(count(*), sum(clicks), sum(bot_clicks), sum(first_visits), sum(connects))::text FROM analytics_click_rollups) AS c,
      (SELECT row(count(*), sum(plays), sum(credit_micros), sum(listeners), sum(existing_listeners))::text FROM analytics_play_rollups) AS p,
      (SELECT row(count(*), sum(plays), sum(credit_micros))::text FROM analytics_track_rollups) AS t,
      (SELECT count(*) FROM analytics_connects) AS k, (SELECT count(*) FROM analytics_listener_firsts) AS f`)
  ).rows[0] as Record<string, string>;
  return JSON.stringify(row);
}

async function main(): Promise<void> {
  const database = await startDatabase();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'soundlink-bench-'));
  const env = {
    PATH: process.env['PATH'] ?? '',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'error',
    // The demo's simulated listeners would click and play between the incremental and the rebuilt checksums.
    SOUNDLINK_DEMO: 'off',
  };
  let product: ChildProcess | undefined = spawn(process.execPath, ['dist/apps/api/main.js'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const db = new Client({ connectionString: database.url });
  try {
    await waitHealthy(base);
    await db.connect();
    const owner = await api(base, '/api/v1/auth/register', {
      email: `bench-${Date.now()}@example.test`,
      password: 'a long bench passphrase',
    });
    const catalog = (await (await fetch(`${base}/sandbox/spotify/_sandbox/catalog`)).json()) as {
      albums: Array<{ id: string }>;
    };
    const campaign = await api(
      base,
      '/api/v1/campaigns',
      { name: 'Bench', destination: `spotify:album:${catalog.albums[0]!.id}`, timezone: 'UTC' },
      owner.cookies,
    );
    const campaignId = String(campaign.json['id']);
    const linkIds: string[] = [];
    for (let i = 1; i <= LINKS; i++) {
      const link = await api(
        base,
        `/api/v1/campaigns/${campaignId}/links`,
        { label: `Channel ${i}`, utmSource: `source${i % 5}` },
        owner.cookies,
      );
      linkIds.push(String(link.json['id']));
    }

    process.stdout.write(`Database: ${database.kind}\nGenerating the campaign with bulk SQL…\n`);
    const generationStarted = Date.now();
    const steps = await generate(db, campaignId, linkIds);
    const counts = (
      await db.query(`SELECT (SELECT count(*) FROM listeners)::int AS listeners, (SELECT count(*) FROM clicks)::int AS clicks,
                             (SELECT count(*) FROM plays)::int AS plays, (SELECT count(*) FROM attributions)::int AS attributions`)
    ).rows[0] as Record<string, number>;
    process.stdout.write(
      `Generated ${JSON.stringify(counts)} in ${((Date.now() - generationStarted) / 1000).toFixed(1)} s ${JSON.stringify(steps)}\n`,
    );
    // The 90 days of history were written at once into a fresh database, which has the partitions of the current
    // month and the next three only: the older rows sit in the DEFAULT partitions until the product's partition
    // job files them under their months (at start and every six hours). `npm run partitions` does it now, so the
    // figures are those of a deployment whose clicks and plays arrived month after month.
    const partitionsStarted = Date.now();
    execFileSync(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/bin/partitions.ts'], {
      cwd: ROOT,
      env: { ...env, SWC_NODE_PROJECT: 'apps/api/tsconfig.app.json' },
      stdio: 'ignore',
    });
    process.stdout.write(
      `Filed the rows under monthly partitions in ${((Date.now() - partitionsStarted) / 1000).toFixed(1)} s\n`,
    );

    // The product's rollup job applies the queued rows incrementally (it started while the rows were written).
    const incrementalStarted = Date.now();
    for (;;) {
      const backlog = (
        await db.query(
          'SELECT (SELECT count(*) FROM analytics_click_queue) + (SELECT count(*) FROM analytics_attribution_queue) AS n',
        )
      ).rows[0] as { n: string };
      if (Number(backlog.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const incrementalMs = Date.now() - incrementalStarted;
    // The public trends count the plays once the worker's folds have taken them from their queue: the timings
    // below start after that, so the folds do not share the machine with them.
    for (;;) {
      const queued = (await db.query('SELECT count(*)::int AS n FROM trends_play_queue')).rows[0] as {
        n: number;
      };
      if (queued.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const trendsMs = Date.now() - incrementalStarted;
    // Statistics of the tables the rollups filled, as autovacuum keeps them on a running deployment (the
    // generation's ANALYZE ran before they were filled; a plan made on empty statistics is not what users get).
    await db.query('ANALYZE');
    const incremental = await rollupChecksum(db);
    const rebuildStarted = Date.now();
    execFileSync(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/bin/analytics-rebuild.ts'], {
      cwd: ROOT,
      env: { ...env, SWC_NODE_PROJECT: 'apps/api/tsconfig.app.json' },
      stdio: 'ignore',
    });
    const rebuildMs = Date.now() - rebuildStarted;
    const rebuilt = await rollupChecksum(db);
    process.stdout.write(
      `Rollups: the incremental job caught up ${(incrementalMs / 1000).toFixed(1)} s after the last insert; ` +
        `the trends folds ${(trendsMs / 1000).toFixed(1)} s after it; ` +
        `npm run analytics:rebuild took ${(rebuildMs / 1000).toFixed(1)} s; incremental == rebuild: ${incremental === rebuilt}\n` +
        `  ${rebuilt}\n` +
        (incremental === rebuilt ? '' : `  incremental: ${incremental}\n`),
    );

    // The session token rotates every 5 minutes: keep the cookie the last answer set.
    const pair = (set: string): [string, string] => {
      const nv = set.split(';')[0]!;
      return [nv.slice(0, nv.indexOf('=')), nv.slice(nv.indexOf('=') + 1)];
    };
    const jar = new Map(owner.cookies.map(pair));
    const getJson = async (path: string) => {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(`${base}/api/v1/campaigns/${campaignId}${path}`, { headers: { cookie } });
      for (const set of res.headers.getSetCookie()) jar.set(...pair(set));
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const funnel = await getJson('/analytics/funnel');
    const range = funnel['range'] as { from: string; to: string };
    const params = [campaignId, range.from, range.to, 1];
    const raw = rawQueries();

    // Same numbers both ways.
    const rawFunnel = (await db.query(raw['funnel'] as string, params)).rows[0] as Record<
      string,
      number | string
    >;
    const sameFunnel =
      rawFunnel['clicks'] === funnel['clicks'] &&
      rawFunnel['visitors'] === funnel['uniqueVisitors'] &&
      rawFunnel['connects'] === funnel['connects'] &&
      rawFunnel['plays'] === funnel['attributedPlays'] &&
      Number(rawFunnel['credit']) / 1e6 === funnel['creditedPlays'] &&
      rawFunnel['listeners'] === funnel['listeners'] &&
      rawFunnel['existing'] === (funnel['listenerTypes'] as { existing: number }).existing;
    const series = (await getJson('/analytics/timeseries'))['points'] as Array<Record<string, unknown>>;
    const rawSeries = (await db.query(raw['timeseries'] as string, params)).rows as Array<
      Record<string, unknown>
    >;
    const sameSeries =
      series.length === rawSeries.length &&
      series.every(
        (p, i) =>
          p['clicks'] === rawSeries[i]?.['clicks'] &&
          p['uniqueVisitors'] === rawSeries[i]?.['visitors'] &&
          p['connects'] === rawSeries[i]?.['connects'] &&
          p['attributedPlays'] === rawSeries[i]?.['plays'] &&
          (p['attributedPlaysByTier'] as { high: number }).high === rawSeries[i]?.['high'] &&
          p['listeners'] === rawSeries[i]?.['listeners'],
      );
    const top = (await getJson('/analytics/top-tracks'))['items'] as Array<Record<string, unknown>>;
    const rawTop = (await db.query(raw['topTracks'] as string, params)).rows as Array<
      Record<string, unknown>
    >;
    const sameTop = top.every(
      (t, i) => t['trackId'] === rawTop[i]?.['track_id'] && t['attributedPlays'] === rawTop[i]?.['plays'],
    );
    const links = (await getJson('/analytics/links'))['links'] as Array<Record<string, unknown>>;
    const rawLinks = (await db.query(raw['links'] as string, params)).rows as Array<Record<string, unknown>>;
    const sameLinks = links.every((l) => {
      const r = rawLinks.find((x) => x['link_id'] === l['linkId']);
      return (
        r?.['clicks'] === l['clicks'] &&
        r?.['visitors'] === l['uniqueVisitors'] &&
        r?.['connects'] === l['connects'] &&
        r?.['plays'] === l['attributedPlays'] &&
        r?.['listeners'] === l['listeners']
      );
    });
    process.stdout.write(
      `Range ${range.from} → ${range.to}: funnel ${JSON.stringify({ clicks: funnel['clicks'], uniqueVisitors: funnel['uniqueVisitors'], connects: funnel['connects'], listeners: funnel['listeners'], attributedPlays: funnel['attributedPlays'] })}\n` +
        `Same numbers from rollups and raw tables: funnel ${sameFunnel}, series ${sameSeries}, top tracks ${sameTop}, links ${sameLinks}\n\n`,
    );

    const rows: Array<[string, { p50: number; p95: number }, { p50: number; p95: number }]> = [];
    const cases: Array<[string, string, string]> = [
      ['funnel', '/analytics/funnel', 'funnel'],
      ['daily time series', '/analytics/timeseries', 'timeseries'],
      ['top tracks', '/analytics/top-tracks', 'topTracks'],
      ['links', '/analytics/links', 'links'],
    ];
    for (const [name, path, rawName] of cases) {
      const viaRollups = await measure(REPS, () => getJson(path));
      const viaRaw = await measure(REPS, () => db.query(raw[rawName] as string, params));
      rows.push([name, viaRollups, viaRaw]);
    }
    const berlin = await measure(REPS, () => getJson('/analytics/timeseries?tz=Europe/Berlin'));
    let bump = 0;
    const completeness = await measure(REPS, () =>
      // A new `to` each time: the completeness cache (30 s) never answers.
      getJson(
        `/analytics/completeness?to=${new Date(Date.parse(range.to) + ++bump * 3_600_000).toISOString()}`,
      ),
    );

    // The per-listener measures read raw plays (no rollups): timed once each, with the cohort sizes they saw.
    const once = async (path: string) => {
      const started = process.hrtime.bigint();
      try {
        const body = await getJson(path);
        return { ms: Number(process.hrtime.bigint() - started) / 1e6, body, error: null as string | null };
      } catch (error) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        return { ms, body: null, error: (error as Error).message.slice(0, 160) };
      }
    };
    const segments = await once('/analytics/segments');
    const lift = await once('/analytics/lift');

    const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
    process.stdout.write(
      `${REPS} repetitions each. Rollups: over HTTP (session cookie, JSON). Raw: the SQL alone, on the database.\n\n` +
        `| endpoint | rollups p50 | rollups p95 | raw p50 | raw p95 | raw/rollups (p50) | p95 ≤ 50 ms | ≥ 10× |\n` +
        `| --- | --- | --- | --- | --- | --- | --- | --- |\n`,
    );
    for (const [name, r, w] of rows) {
      const ratio = w.p50 / r.p50;
      process.stdout.write(
        `| ${name} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(w.p50)} | ${ms(w.p95)} | ${ratio.toFixed(1)}× | ${r.p95 <= 50 ? 'yes' : 'NO'} | ${ratio >= 10 ? 'yes' : 'NO'} |\n`,
      );
    }
    process.stdout.write(
      `\nAlso: daily time series in Europe/Berlin (hour rows, regrouped): p50 ${berlin.p50.toFixed(1)} ms, p95 ${berlin.p95.toFixed(1)} ms; ` +
        `completeness uncached (${counts['listeners']} connected listeners): p50 ${completeness.p50.toFixed(1)} ms, p95 ${completeness.p95.toFixed(1)} ms.\n`,
    );
    const summary = (
      name: string,
      r: Awaited<ReturnType<typeof once>>,
      detail: (b: Record<string, unknown>) => string,
    ) =>
      `${name}: ${r.error ? `FAILED after ${r.ms.toFixed(0)} ms (${r.error})` : `${r.ms.toFixed(0)} ms, ${detail(r.body!)}`}\n`;
    process.stdout.write(
      summary('segments (once)', segments, (b) =>
        ((b['segments'] as Array<{ segment: string; listeners: number }>) ?? [])
          .map((x) => `${x.segment} ${x.listeners}`)
          .join(', '),
      ) +
        summary('lift (once)', lift, (b) => JSON.stringify(b['exposed'] ?? b['status'] ?? '').slice(0, 120)),
    );
  } finally {
    await db.end().catch(() => undefined);
    product?.kill('SIGTERM');
    await new Promise((resolve) => (product ? product.once('exit', resolve) : resolve(undefined)));
    product = undefined;
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
