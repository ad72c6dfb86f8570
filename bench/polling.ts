/**
 * npm run bench:polling — one polling cycle over 10,000 listeners, with one worker process and with two.
 *
 * 1. A PostgreSQL database: a fresh one on BENCH_DATABASE_URL's server when set, else the embedded
 *    PostgreSQL (PGlite) in a process of its own.
 * 2. A Spotify sandbox in this process, registering the workers' Spotify app, answering recently-played
 *    after BENCH_LATENCY_MS (default 50 ms, a sandbox delay fault): roughly Spotify's own latency.
 * 3. BENCH_LISTENERS (default 10,000) sandbox users with tokens and 3 plays each; their listeners rows are
 *    written straight into the database (tokens encrypted with the workers' ENCRYPTION_KEY).
 * 4. The built product as a worker (`SOUNDLINK_ROLE=worker node dist/apps/api/main.js`, default polling
 *    settings, an unlimited request budget so the budget does not hide the capacity): every listener made
 *    due at once, the cycle timed until none is due or leased. Then 3 more plays each, a second worker
 *    process, and the same cycle with both.
 * 5. Prints the cycle time, polls/s, worker CPU per poll and the mean time of one poll with how many of the
 *    16 slots were busy on average (from each worker's /metrics), database rows written per second, how long after the cycle the trends folds had counted every stored play, the two-worker figures as ratios to one worker, and checks that every listener was
 *    polled exactly once per cycle (the sandbox's call log) and every play stored once.
 * BENCH_CPU_PROF=<dir> starts the workers with `node --cpu-prof` writing their CPU profiles there.
 * 6. Then, per source (Spotify, Last.fm, ListenBrainz), the cycle at the sources' real rate limits and what the
 *    schedule saves: bench/polling-sources.ts. BENCH_POLLING_ONLY=spotify or =sources runs one part only.
 */
import { createSpotifySandbox } from '@soundlink/spotify-sandbox';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Worker, encrypt, startWorker, workerEnv } from './polling-worker';
import { runSourcesBench, seedCampaign } from './polling-sources';
import { startDatabase } from './support';

const LISTENERS = Number(process.env['BENCH_LISTENERS'] ?? 10_000);
const LATENCY_MS = Number(process.env['BENCH_LATENCY_MS'] ?? 50);
const PLAYS_PER_CYCLE = 3;
/**
 * BENCH_CLICKED_SHARE (default 0): the share of listeners who clicked a tracker link a day before, of a campaign
 * whose target set holds every sandbox track, so their polls attribute (candidates, baseline, credits).
 */
const CLICKED_SHARE = Number(process.env['BENCH_CLICKED_SHARE'] ?? 0);
const APP_ID = 'benchpollingclient00000000000001';
const APP_SECRET = 'bench-polling-secret';
const MIN = 60_000;

async function scrape(
  worker: Worker,
): Promise<{ cpuS: number; polls: number; failed: number; pollS: number; pollCount: number }> {
  const text = await (await fetch(`${worker.url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    cpuS: value('soundlink_process_cpu_seconds_total'),
    polls: value('polling_polls_total\\{outcome="ok"\\}'),
    failed: value('polling_polls_total\\{outcome="error"\\}'),
    pollS: value('polling_poll_duration_seconds_sum'),
    pollCount: value('polling_poll_duration_seconds_count'),
  };
}

interface CycleResult {
  seconds: number;
  polls: number[];
  /** Polls that failed (and were retried after a back-off): on the embedded database, pool waits over 5 s. */
  failed: number;
  cpuMsPerPoll: number;
  /** Mean time of one poll (Spotify call + storing transaction), from the workers' histograms. */
  pollMs: number;
  /** Polls in flight on average per worker (POLL_CONCURRENCY is the most). */
  busySlots: number;
  playsInserted: number;
  rowsWritten: number;
  callsPerListener: { once: number; more: number; none: number };
  /** Seconds after the cycle until the workers' trends folds had counted every stored play. */
  trendsLagS: number;
}

async function main(): Promise<void> {
  const database = await startDatabase();
  const key = randomBytes(32);
  const sandbox = createSpotifySandbox({
    clients: [{ clientId: APP_ID, clientSecret: APP_SECRET, redirectUris: ['http://127.0.0.1/callback'] }],
    devModeUserCap: 10_000_000,
  });
  const spotifyUrl = await sandbox.listen(0, '127.0.0.1');
  const env = {
    ...workerEnv(database.url, key, spotifyUrl, APP_ID, APP_SECRET),
    POLL_BUDGET_PER_30S: '1000000',
    // One cycle is measured: nobody may come due again before it ends (the schedule itself is unit-tested).
    POLL_ACTIVE_INTERVAL_S: '1500',
    POLL_MAX_INTERVAL_S: '1500',
  };
  const workers: Worker[] = [];
  const db = new Client({ connectionString: database.url });
  try {
    workers.push(await startWorker(env)); // migrates the database
    await db.connect();

    // The listeners: sandbox users with tokens and plays, and their rows.
    const tracks = sandbox.catalog().tracks.map((t) => t.id);
    const users: string[] = [];
    const started = Date.now();
    const addPlays = (cycle: number) => {
      for (const [i, userId] of users.entries()) {
        for (let p = 0; p < PLAYS_PER_CYCLE; p++) {
          sandbox.addPlay(userId, {
            trackId: tracks[(i * 13 + p * 7 + cycle) % tracks.length]!,
            // newer than the previous cycle's cursor (cycles take seconds), distinct per listener
            playedAt: new Date(Date.now() - 1000 * (PLAYS_PER_CYCLE - p) - (i % 500)).toISOString(),
            context: p === 1 ? { type: 'playlist_v2', uri: `spotify:playlist:${'c'.repeat(22)}` } : null,
          });
        }
      }
    };
    for (let start = 0; start < LISTENERS; start += 1000) {
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let i = start; i < Math.min(LISTENERS, start + 1000); i++) {
        const user = sandbox.createUser({ displayName: `Bench ${i}` });
        const token = sandbox.issueToken({ userId: user.id, scope: 'user-read-recently-played' });
        users.push(user.id);
        const n = values.length;
        rows.push(
          `($${n + 1}, $${n + 2}, $${n + 3}, now() + interval '1 hour', now(), now() + interval '1 day', $${n + 4})`,
        );
        values.push(
          user.id,
          encrypt(key, token.access_token),
          encrypt(key, token.refresh_token as string),
          String(Date.now() - 60 * MIN),
        );
      }
      await db.query(
        `INSERT INTO listeners (spotify_user_id, access_token_enc, refresh_token_enc, token_expires_at, consented_at, next_poll_at, cursor_ms)
         VALUES ${rows.join(', ')}`,
        values,
      );
    }
    if (CLICKED_SHARE > 0) {
      await seedCampaign(db);
      await db.query(
        `INSERT INTO campaign_tracks (campaign_id, track_id, added_at)
         SELECT c.id, t, now() - interval '120 days' FROM campaigns c, unnest($1::varchar[]) t`,
        [tracks],
      );
      await db.query(
        `INSERT INTO clicks (id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, is_bot, is_head, is_first_visit, listener_id)
         SELECT gen_random_uuid(), l.id, l.campaign_id, now() - interval '1 day', gen_random_uuid(), 'h', false, false, true, li.id
           FROM tracker_links l, (SELECT id, row_number() OVER (ORDER BY id) AS n FROM listeners) li
          WHERE li.n % $1 = 0`,
        [Math.max(1, Math.round(1 / CLICKED_SHARE))],
      );
    }
    addPlays(0);
    process.stderr.write(
      `set-up: ${LISTENERS} listeners in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    sandbox.addFault({ scope: 'global', delayMs: LATENCY_MS, path: '/v1/me/player/recently-played' });

    const cycle = async (): Promise<CycleResult> => {
      const before = await Promise.all(workers.map(scrape));
      const [playsBefore] = (await db.query(`SELECT count(*)::int AS n FROM plays`)).rows as Array<{
        n: number;
      }>;
      const [tracksBefore] = (await db.query(`SELECT count(*)::int AS n FROM tracks`)).rows as Array<{
        n: number;
      }>;
      sandbox.clearCalls();
      const t0 = performance.now();
      await db.query(`UPDATE listeners SET next_poll_at = now()`);
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (performance.now() - t0 > 20 * MIN) throw new Error('the cycle did not end within 20 minutes');
        const [row] = (
          await db.query(
            `SELECT count(*) FILTER (WHERE next_poll_at <= now() OR lease_owner IS NOT NULL)::int AS pending FROM listeners`,
          )
        ).rows as Array<{ pending: number }>;
        if (row!.pending === 0) break;
      }
      const seconds = (performance.now() - t0) / 1000;
      const after = await Promise.all(workers.map(scrape));
      // The public trends count a play once a worker's fold (every 2 s) has taken it from the queue.
      for (;;) {
        const [queued] = (await db.query(`SELECT count(*)::int AS n FROM trends_play_queue`)).rows as Array<{
          n: number;
        }>;
        if (queued!.n === 0) break;
        if (performance.now() - t0 > 25 * MIN) throw new Error('the trends queue did not drain');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const trendsLagS = (performance.now() - t0) / 1000 - seconds;
      const [playsAfter] = (await db.query(`SELECT count(*)::int AS n FROM plays`)).rows as Array<{
        n: number;
      }>;
      const [tracksAfter] = (await db.query(`SELECT count(*)::int AS n FROM tracks`)).rows as Array<{
        n: number;
      }>;
      const perUser = new Map<string, number>();
      for (const call of sandbox.calls()) {
        if (call.path === '/v1/me/player/recently-played' && call.userId)
          perUser.set(call.userId, (perUser.get(call.userId) ?? 0) + 1);
      }
      const polls = after.map((a, i) => a.polls - before[i]!.polls);
      const failed = after.reduce((sum, a, i) => sum + a.failed - before[i]!.failed, 0);
      const cpu = after.reduce((sum, a, i) => sum + a.cpuS - before[i]!.cpuS, 0);
      const totalPolls = polls.reduce((a, b) => a + b, 0);
      const pollS = after.reduce((sum, a, i) => sum + a.pollS - before[i]!.pollS, 0);
      const pollCount = after.reduce((sum, a, i) => sum + a.pollCount - before[i]!.pollCount, 0);
      const playsInserted = playsAfter!.n - playsBefore!.n;
      return {
        seconds,
        polls,
        failed,
        cpuMsPerPoll: (cpu * 1000) / Math.max(1, totalPolls),
        pollMs: (pollS * 1000) / Math.max(1, pollCount),
        busySlots: pollS / seconds / after.length,
        playsInserted,
        // plays + the listener row (cursor, schedule, lease) + new tracks
        rowsWritten: playsInserted + totalPolls + (tracksAfter!.n - tracksBefore!.n),
        callsPerListener: {
          once: [...perUser.values()].filter((n) => n === 1).length,
          more: [...perUser.values()].filter((n) => n > 1).length,
          none: LISTENERS - perUser.size,
        },
        trendsLagS,
      };
    };

    const one = await cycle();
    addPlays(1);
    workers.push(await startWorker(env));
    const two = await cycle();
    const [{ duplicates }] = (
      await db.query(
        `SELECT (count(*) - count(DISTINCT (listener_id, played_at)))::int AS duplicates FROM plays`,
      )
    ).rows as Array<{ duplicates: number }>;
    const [{ clicked, attributed }] = (
      await db.query(
        `SELECT (SELECT count(DISTINCT listener_id) FROM clicks)::int AS clicked,
                (SELECT count(DISTINCT play_id) FROM attributions)::int AS attributed`,
      )
    ).rows as Array<{ clicked: number; attributed: number }>;

    const line = (label: string, r: CycleResult, base?: CycleResult) => {
      const pollsPerS = r.polls.reduce((a, b) => a + b, 0) / r.seconds;
      const basePollsPerS = base ? base.polls.reduce((a, b) => a + b, 0) / base.seconds : pollsPerS;
      return [
        `${label}`,
        `  cycle ${r.seconds.toFixed(1)} s   ${Math.round(pollsPerS)} polls/s (ratio ${(pollsPerS / basePollsPerS).toFixed(2)})   polls per worker ${r.polls.join(' + ')}`,
        `  worker CPU ${r.cpuMsPerPoll.toFixed(2)} ms per poll   ${Math.round(r.rowsWritten / r.seconds)} rows written/s (${r.playsInserted} plays stored)`,
        `  one poll ${r.pollMs.toFixed(1)} ms on average (Spotify ${LATENCY_MS} ms of it)   ${r.busySlots.toFixed(1)} of 16 slots busy per worker`,
        `  listeners polled once ${r.callsPerListener.once}, twice or more ${r.callsPerListener.more}, not at all ${r.callsPerListener.none}; failed polls retried ${r.failed}`,
        `  public trends counted every stored play ${r.trendsLagS.toFixed(1)} s after the cycle (the workers' folds)`,
      ].join('\n');
    };
    process.stdout.write(
      [
        `Polling benchmark: ${LISTENERS} listeners, ${PLAYS_PER_CYCLE} new plays each per cycle, Spotify answering in ${LATENCY_MS} ms, POLL_CONCURRENCY 16 per worker (Node ${process.version})`,
        `Database: ${database.kind}`,
        `Listeners with a click a day before (BENCH_CLICKED_SHARE ${CLICKED_SHARE}): ${clicked}; plays attributed: ${attributed}`,
        '',
        line('one worker process', one),
        line('two worker processes', two, one),
        '',
        `plays stored twice: ${duplicates}; ideal cycle at 16 concurrent ${LATENCY_MS} ms calls per worker: ${((LISTENERS * LATENCY_MS) / 16 / 1000).toFixed(1)} s (one) / ${((LISTENERS * LATENCY_MS) / 32 / 1000).toFixed(1)} s (two)`,
      ].join('\n') + '\n',
    );
  } finally {
    await db.end().catch(() => undefined);
    for (const worker of workers) await worker.stop();
    await sandbox.close();
    await database.stop();
  }
}

/** BENCH_POLLING_ONLY=spotify|sources runs one part; by default both, the per-source part last. */
async function run(): Promise<void> {
  const only = process.env['BENCH_POLLING_ONLY'];
  if (only !== 'sources') await main();
  if (only !== 'spotify') await runSourcesBench();
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
