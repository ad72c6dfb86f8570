/**
 * npm run bench:trends-queue — what the trends counting costs concurrent polls, A/B in one process on one
 * database: the counting triggers as they were (every statement that stores plays updates the shared day,
 * window and presence rows itself: migration TrendsPlayQueue's down) against the queue (the triggers append to
 * trends_play_queue and a fold counts it every 2 s, as a worker's TrendsScheduler does: its up).
 *
 * 1. A fresh database on BENCH_DATABASE_URL's server (else the embedded PGlite), migrated by the product.
 * 2. BENCH_LISTENERS (default 2,000) listeners; 50 tracks by 10 artists (polls share tracks, as real listeners do).
 * 3. BENCH_ROUNDS (default 4) rounds; each round runs both variants in alternating order (the machine's drift
 *    hits both alike): the variant's triggers installed (untimed, the queue folded first), then every
 *    listener's poll-like transaction (3 new plays of today, the product's INSERT … ON CONFLICT DO NOTHING)
 *    on BENCH_CONCURRENCY (default 32: two workers × POLL_CONCURRENCY 16) connections at once, timed until
 *    the last commit and, for the queue, until the fold has counted every play.
 * 4. Prints per variant the median over rounds of the polls per second and of the mean statement time, and
 *    the ratios queue ÷ triggers; then checks that the counts equal their rebuild (TrendsRepository.rebuildCounts).
 */
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { TrendsPlayQueue1796463525779 } from '../apps/api/src/database/migrations/1796463525779-TrendsPlayQueue';
import { TrendsRepository } from '../apps/api/src/modules/trends/trends.repository';
import { median, POLL_PLAYS_INSERT as INSERT, startBenchApi, startDatabase } from './support';

const LISTENERS = Number(process.env['BENCH_LISTENERS'] ?? 2_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 4);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const TRACKS = 50;

const trackId = (n: number) => `BenchQueueTrack${String(n).padStart(7, '0')}`;

async function main(): Promise<void> {
  const database = await startDatabase();
  const server = await startBenchApi(database.url);
  const pool = new Pool({ connectionString: database.url, max: CONCURRENCY + 1 });
  const migration = new TrendsPlayQueue1796463525779();
  const runner = server.app.get(DataSource).createQueryRunner();
  const trends = server.app.get(TrendsRepository);
  try {
    await pool.query(
      `INSERT INTO tracks (id, name, artist_ids, artist_names)
       SELECT 'BenchQueueTrack' || lpad(n::text, 7, '0'), 'Track ' || n,
              ARRAY['BenchQueueArtist' || lpad((n % 10)::text, 6, '0')], ARRAY['Artist ' || (n % 10)]
         FROM generate_series(0, ${TRACKS - 1}) n`,
    );
    const listeners = (
      await pool.query(
        `INSERT INTO listeners (spotify_user_id, display_name, status, consented_at)
         SELECT 'bench-queue-' || n, 'Listener', 'active', now() FROM generate_series(1, ${LISTENERS}) n
         RETURNING id`,
      )
    ).rows.map((r: { id: string }) => r.id);

    let queued = true; // the migrations leave the queue installed
    const install = async (queue: boolean) => {
      if (queue === queued) return;
      await runner.startTransaction();
      if (queue) await migration.up(runner);
      else await migration.down(runner);
      await runner.commitTransaction();
      queued = queue;
    };
    // Today's plays, a few seconds apart per listener and round: every poll hits today's shared rows.
    let clock = Date.now() - 6 * 3_600_000;
    const cycle = async (queue: boolean): Promise<{ pollsPerS: number; statementMs: number }> => {
      const base = clock;
      clock += 3_000;
      let next = 0;
      let statementMs = 0;
      let folding = Promise.resolve(0);
      const timer = queue
        ? setInterval(() => (folding = folding.then(() => trends.fold())), 2_000)
        : undefined;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          const client = await pool.connect();
          try {
            for (let i = next++; i < listeners.length; i = next++) {
              const plays = [0, 1, 2].map((n) => ({
                playedAt: new Date(base + n * 1_000 - (i % 997)).toISOString(),
                trackId: trackId((i * 7 + n * 13 + Math.floor(base / 3_000)) % TRACKS),
                contextType: null,
                contextUri: null,
              }));
              const t0 = performance.now();
              await client.query('BEGIN');
              await client.query(INSERT, [listeners[i], JSON.stringify(plays), 'poll']);
              await client.query('COMMIT');
              statementMs += performance.now() - t0;
            }
          } finally {
            client.release();
          }
        }),
      );
      if (timer) clearInterval(timer);
      // The queue's plays count once folded: the time until then belongs to the variant.
      if (queue) await folding.then(() => trends.fold(5_000, 1_000));
      const seconds = (performance.now() - started) / 1000;
      return { pollsPerS: listeners.length / seconds, statementMs: statementMs / listeners.length };
    };

    const results: Record<'triggers' | 'queue', Array<{ pollsPerS: number; statementMs: number }>> = {
      triggers: [],
      queue: [],
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const queue of round % 2 === 0 ? [false, true] : [true, false]) {
        await install(queue);
        (queue ? results.queue : results.triggers).push(await cycle(queue));
      }
      process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
    }
    await install(true);
    await trends.fold(5_000, 1_000);
    const snapshot = async () => {
      const out: unknown[] = [];
      for (const level of ['track', 'artist', 'platform'])
        for (const kind of ['days', 'presence', 'windows'])
          out.push((await pool.query(`SELECT * FROM trends_${level}_${kind} ORDER BY 1, 2, 3`)).rows);
      return JSON.stringify(out);
    };
    const kept = await snapshot();
    await trends.rebuildCounts();
    const equal = kept === (await snapshot());

    const polls = (v: 'triggers' | 'queue') => median(results[v].map((r) => r.pollsPerS));
    const ms = (v: 'triggers' | 'queue') => median(results[v].map((r) => r.statementMs));
    console.log(
      `\nTrends counting: ${database.kind}, ${LISTENERS} poll transactions of 3 plays per variant and round on ${CONCURRENCY} connections, ${ROUNDS} rounds (order alternating)`,
    );
    console.log(
      `counting triggers: ${polls('triggers').toFixed(0)} polls/s, ${ms('triggers').toFixed(2)} ms per poll transaction`,
    );
    console.log(
      `queue + fold:      ${polls('queue').toFixed(0)} polls/s (until folded), ${ms('queue').toFixed(2)} ms per poll transaction`,
    );
    console.log(
      `ratio queue ÷ triggers: polls/s ${(polls('queue') / polls('triggers')).toFixed(2)}, time per transaction ${(ms('queue') / ms('triggers')).toFixed(2)}`,
    );
    for (const v of ['triggers', 'queue'] as const)
      console.log(`  per round ${v}: ${results[v].map((r) => r.pollsPerS.toFixed(0)).join(' ')} polls/s`);
    console.log(`counts equal their rebuild after the rounds: ${equal}`);
    if (!equal) process.exitCode = 1;
  } finally {
    await runner.release();
    await pool.end();
    await server.close();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
