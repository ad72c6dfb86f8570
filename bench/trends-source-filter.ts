/**
 * npm run bench:trends-source-filter — what the source filter of the trends triggers (migration
 * TrendsObservedPlaysOnly: only 'poll' and 'baseline' plays count) costs a poll's insert of plays, A/B in one
 * process against the counting triggers as they were (every play counted), on one database.
 *
 * 1. A fresh database on BENCH_DATABASE_URL's server (else the embedded PGlite), migrated by the product.
 * 2. BENCH_LISTENERS (default 500) listeners, 200 tracks by 40 artists.
 * 3. BENCH_ROUNDS (default 6) rounds; each round runs both variants, in alternating order (the machine's
 *    drift hits both alike): the trigger functions of the variant are installed (the migration's up or down,
 *    counts rebuilt, untimed), then every listener gets one poll-like statement of 3 new plays (the
 *    product's INSERT … SELECT FROM json_to_recordset … ON CONFLICT DO NOTHING, in a transaction), timed.
 * 4. Prints, per variant, the median over rounds of the mean time per statement, and the ratio
 *    filtered ÷ unfiltered (1.00: no cost). Also the same for an import-sized statement (500 plays,
 *    source 'import'), which the filter turns into a no-op for the counts.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TrendsObservedPlaysOnly1796442855583 } from '../apps/api/src/database/migrations/1796442855583-TrendsObservedPlaysOnly';
import { median, POLL_PLAYS_INSERT as INSERT, startBenchApi, startDatabase } from './support';

const LISTENERS = Number(process.env['BENCH_LISTENERS'] ?? 500);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 6);
const TRACKS = 200;
const IMPORT_PLAYS = 500;
const DAY_MS = 86_400_000;

const trackId = (n: number) => `BenchFilterTrack${String(n).padStart(6, '0')}`;

async function main(): Promise<void> {
  const database = await startDatabase();
  const server = await startBenchApi(database.url);
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const migration = new TrendsObservedPlaysOnly1796442855583();
  const runner = server.app.get(DataSource).createQueryRunner();
  try {
    await db.query(
      `INSERT INTO tracks (id, name, artist_ids, artist_names)
       SELECT 'BenchFilterTrack' || lpad(n::text, 6, '0'), 'Track ' || n,
              ARRAY['BenchFilterArtist' || lpad((n % 40)::text, 5, '0')], ARRAY['Artist ' || (n % 40)]
         FROM generate_series(0, ${TRACKS - 1}) n`,
    );
    const listeners = (
      await db.query(
        `INSERT INTO listeners (spotify_user_id, display_name, status, consented_at)
         SELECT 'bench-filter-' || n, 'Listener', 'active', now() FROM generate_series(1, ${LISTENERS}) n
         RETURNING id`,
      )
    ).rows.map((r: { id: string }) => r.id);

    const install = async (filtered: boolean) => {
      await runner.startTransaction();
      if (filtered) await migration.up(runner);
      else await migration.down(runner);
      await runner.commitTransaction();
    };
    let clock = Date.now() - 3 * DAY_MS;
    const pollStatements = async (): Promise<number> => {
      const started = process.hrtime.bigint();
      for (const [i, listener] of listeners.entries()) {
        const plays = [0, 1, 2].map((n) => ({
          playedAt: new Date(clock + n * 1_000).toISOString(),
          trackId: trackId((i * 3 + n + Math.floor(clock / 1000)) % TRACKS),
          contextType: null,
          contextUri: null,
        }));
        clock += 3_000;
        await db.query('BEGIN');
        await db.query(INSERT, [listener, JSON.stringify(plays), 'poll']);
        await db.query('COMMIT');
      }
      return Number(process.hrtime.bigint() - started) / 1e6 / listeners.length;
    };
    const importStatement = async (): Promise<number> => {
      const plays = Array.from({ length: IMPORT_PLAYS }, (_, n) => ({
        playedAt: new Date(clock + n * 1_000).toISOString(),
        trackId: trackId(n % TRACKS),
        contextType: null,
        contextUri: null,
      }));
      clock += IMPORT_PLAYS * 1_000;
      const started = process.hrtime.bigint();
      await db.query('BEGIN');
      await db.query(INSERT, [listeners[0], JSON.stringify(plays), 'import']);
      await db.query('COMMIT');
      return Number(process.hrtime.bigint() - started) / 1e6;
    };

    const results = {
      unfiltered: { poll: [] as number[], import: [] as number[] },
      filtered: { poll: [] as number[], import: [] as number[] },
    };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [false, true] : [true, false];
      for (const filtered of order) {
        await install(filtered);
        const into = filtered ? results.filtered : results.unfiltered;
        into.poll.push(await pollStatements());
        into.import.push(await importStatement());
      }
      process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
    }
    const fmt = (x: number) => x.toFixed(3);
    console.log(
      `\nTrends source filter: ${database.kind}, ${LISTENERS} poll statements of 3 plays per variant and round, ${ROUNDS} rounds (order alternating)`,
    );
    for (const kind of ['poll', 'import'] as const) {
      const a = median(results.unfiltered[kind]);
      const b = median(results.filtered[kind]);
      console.log(
        `${kind === 'poll' ? 'poll statement (3 plays)   ' : `import statement (${IMPORT_PLAYS} plays)`}: unfiltered ${fmt(a)} ms, filtered ${fmt(b)} ms, ratio filtered/unfiltered ${(b / a).toFixed(2)}`,
      );
      console.log(
        `  per round unfiltered ${results.unfiltered[kind].map(fmt).join(' ')} | filtered ${results.filtered[kind].map(fmt).join(' ')}`,
      );
    }
  } finally {
    await runner.release();
    await db.end();
    await server.close();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
