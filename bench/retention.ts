/**
 * npm run bench:retention — what the data retention job costs (docs/operations.md, "Retention").
 *
 * 1. Starts the product in this process (role api: no scheduled job runs by itself; the script runs the
 *    retention job, as the default single process would, in the same process that serves the redirect) on
 *    PostgreSQL: a fresh database on BENCH_DATABASE_URL's server when set, else the embedded PostgreSQL
 *    (PGlite) in a process of its own.
 * 2. Creates a campaign and a link `bench` through the API. Then BENCH_ROUNDS rounds (default 3), each:
 *    seeds with bulk SQL BENCH_RETENTION_ROWS (default 50,000) expired clicks (older than
 *    CLICK_RETENTION_DAYS), as many clicks whose hashed IP is due (older than CLICK_PII_RETENTION_DAYS) and as
 *    many expired plays; drives GET /l/bench for BENCH_DURATION_S seconds (default 10) with wrk (or
 *    autocannon) while nothing else runs, then again while the retention job runs.
 * 3. Prints the job's rows/s and the median over the rounds of the redirect's requests/s during the job over
 *    idle (each pair within the same minute: this machine's speed drifts), with the p99s.
 */
import { Client } from 'pg';
import { fmt, load, median } from './load';
import { api, startBenchApi, startDatabase } from './support';
import { RetentionService } from '../apps/api/src/modules/retention/retention.service';

const ROWS = Number(process.env['BENCH_RETENTION_ROWS'] ?? 50_000);
const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 10);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3));
const fmtN = (n: number) => n.toLocaleString('en-US');

async function seed(db: Client, campaignId: string, linkId: string, round: number): Promise<void> {
  const clicks = (ageDays: number) => `
    INSERT INTO clicks (id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, user_agent, is_bot, is_head,
                        is_first_visit)
    SELECT gen_random_uuid(), $1, $2, now() - interval '${ageDays} days' - g * interval '1 second',
           gen_random_uuid(), substr(md5(g::text), 1, 32), 'Mozilla/5.0 (bench)', false, false, g % 3 = 0
      FROM generate_series(1, ${ROWS}) g`;
  await db.query(clicks(500), [linkId, campaignId]);
  await db.query(clicks(60), [linkId, campaignId]);
  const [listener] = (
    await db.query(
      `INSERT INTO listeners (spotify_user_id, display_name, status, consented_at)
       VALUES ($1, 'Bench', 'active', now()) RETURNING id`,
      [`bench-retention-${round}`],
    )
  ).rows as Array<{ id: string }>;
  await db.query(
    `INSERT INTO plays (listener_id, played_at, track_id, source)
     SELECT $1, now() - interval '800 days' - g * interval '1 second', lpad((g % 500)::text, 22, 't'), 'poll'
       FROM generate_series(1, ${ROWS}) g`,
    [listener!.id],
  );
  await db.query('ANALYZE clicks');
  await db.query('ANALYZE plays');
}

async function main(): Promise<void> {
  const database = await startDatabase();
  const server = await startBenchApi(database.url, { CLICK_RATE_LIMIT_BURST: '0', SOUNDLINK_DEMO: 'off' });
  const db = new Client({ connectionString: database.url });
  await db.connect();
  try {
    const owner = await api(server.url, '/api/v1/auth/register', {
      email: `bench-${Date.now()}@example.test`,
      password: 'a long bench passphrase',
    });
    const catalog = (await (await fetch(`${server.url}/sandbox/spotify/_sandbox/catalog`)).json()) as {
      tracks: Array<{ id: string }>;
    };
    const campaign = await api(
      server.url,
      '/api/v1/campaigns',
      { name: 'Bench', destination: `spotify:track:${catalog.tracks[0]!.id}` },
      owner.cookies,
    );
    const link = await api(
      server.url,
      `/api/v1/campaigns/${String(campaign.json['id'])}/links`,
      { label: 'Bench', slug: 'bench' },
      owner.cookies,
    );
    const target = `${server.url}/l/bench`;
    await load(target, 3); // warm-up (JIT, connection pool), not counted
    const retention = server.app.get(RetentionService);
    const ratios: number[] = [];
    const p99s: Array<[number, number]> = [];
    let rows = 0;
    let jobSeconds = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const started = Date.now();
      await seed(db, String(campaign.json['id']), String(link.json['id']), round);
      process.stdout.write(
        `round ${round}: seeded ${fmtN(ROWS)} expired clicks, ${fmtN(ROWS)} clicks with due PII and ${fmtN(ROWS)} expired plays in ${((Date.now() - started) / 1000).toFixed(1)} s (${database.kind})\n`,
      );
      // Idle and loaded runs of the same minute (this machine's speed drifts): their ratio is the figure.
      const idle = await load(target, DURATION_S);
      const jobStart = performance.now();
      let jobMs = 0;
      const job = retention.run().then((run) => {
        jobMs = performance.now() - jobStart;
        return run;
      });
      const during = await load(target, DURATION_S);
      const run = await job;
      const done = run.anonymisedClicks + run.deletedClicks + run.deletedPlays;
      rows += done;
      jobSeconds += jobMs / 1000;
      ratios.push(during.rps / idle.rps);
      p99s.push([idle.p99ms, during.p99ms]);
      process.stdout.write(
        `  redirect idle:           ${fmt(idle)}\n  redirect during the job: ${fmt(during)}   (ratio ${(during.rps / idle.rps).toFixed(3)}; the job ran for ${Math.min(100, Math.round(jobMs / 10 / DURATION_S))} % of it)\n  job: anonymised ${fmtN(run.anonymisedClicks)} clicks, deleted ${fmtN(run.deletedClicks)} clicks and ${fmtN(run.deletedPlays)} plays in ${(jobMs / 1000).toFixed(1)} s: ${fmtN(Math.round(done / (jobMs / 1000)))} rows/s\n`,
      );
    }
    process.stdout.write(
      [
        `retention job: ${fmtN(Math.round(rows / jobSeconds))} rows/s over ${ROUNDS} round(s) (batches of ${server.config.RETENTION_BATCH_SIZE})`,
        `redirect requests/s during the job / idle, median of ${ROUNDS}: ${median(ratios).toFixed(3)} (p99 idle/during: ${p99s.map(([a, b]) => `${a.toFixed(1)}/${b.toFixed(1)} ms`).join(', ')})`,
      ].join('\n') + '\n',
    );
    const [left] = (
      await db.query(
        `SELECT (SELECT count(*) FROM clicks WHERE clicked_at < now() - interval '395 days')::int AS clicks,
                (SELECT count(*) FROM plays WHERE played_at < now() - interval '760 days')::int AS plays,
                (SELECT count(*) FROM clicks WHERE clicked_at < now() - interval '30 days' AND ip_hash IS NOT NULL)::int AS pii`,
      )
    ).rows as Array<{ clicks: number; plays: number; pii: number }>;
    process.stdout.write(`left after the job: ${JSON.stringify(left)} (expected all 0)\n`);
  } finally {
    await db.end();
    await server.close();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
