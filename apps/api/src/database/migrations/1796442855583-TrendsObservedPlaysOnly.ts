import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public trends count only plays observed from a connected Spotify account: `source` 'poll' or 'baseline'.
 * Streaming-history imports are files the listener writes (any track, any date since 2006): counted, k − 1
 * accounts importing made-up plays of a rare track would make one real listener of it show (docs/trends.md,
 * "What counts"). Imported plays stay in `plays` for the listener's own insights.
 *
 * The three counting triggers on `plays` (PublicTrends) get the source filter, the update trigger also moves
 * a play whose source changed, and every count table is rebuilt from the plays that count, so the imported
 * plays counted so far leave the public rows now.
 */
export const COUNTED = `p.source IN ('poll', 'baseline')`;

/** The columns the counts depend on (PublicTrends); now also `source`. */
export const COLUMNS = ['listener_id', 'track_id', 'played_at', 'created_at'];

/** The plays of a transition table that count, per (UTC day, track, listener key). */
const PLAYS_OF = (rows: string, counted: string) => `SELECT (p.played_at AT TIME ZONE 'UTC')::date AS day,
               p.track_id, md5(salt || p.listener_id::text)::uuid AS listener_key, count(*)::int AS plays
          FROM ${rows} p WHERE p.played_at <= p.created_at + interval '1 day' AND ${counted}
         GROUP BY 1, 2, 3`;
const COUNT = (sign: number, rows: string, counted: string) => `PERFORM trends_count_plays(${sign},
               array_agg(s.day), array_agg(s.track_id), array_agg(s.listener_key), array_agg(s.plays))
          FROM (${PLAYS_OF(rows, counted)}) s;`;

/** The counting trigger functions, counting the plays `counted` holds for (a condition on `p`). */
export async function countingTriggers(
  queryRunner: QueryRunner,
  counted: string,
  columns: string[],
): Promise<void> {
  const salt = `DECLARE salt text := (SELECT t.salt FROM trends_salt t WHERE t.id = 1);`;
  await queryRunner.query(`CREATE OR REPLACE FUNCTION trends_plays_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      ${salt}
      BEGIN
        ${COUNT(1, 'new_rows', counted)}
        RETURN NULL;
      END $$`);
  await queryRunner.query(`CREATE OR REPLACE FUNCTION trends_plays_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      ${salt}
      BEGIN
        ${COUNT(-1, 'old_rows', counted)}
        RETURN NULL;
      END $$`);
  // A play whose counted columns changed leaves the counts as it was and comes back as it is.
  const cols = (alias: string) => columns.map((c) => `${alias}.${c}`).join(', ');
  const changed = (side: 'o' | 'n') => `(SELECT ${side}.* FROM old_rows o JOIN new_rows n ON n.id = o.id
                     WHERE (${cols('o')}) IS DISTINCT FROM (${cols('n')}))`;
  await queryRunner.query(`CREATE OR REPLACE FUNCTION trends_plays_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      ${salt}
      BEGIN
        ${COUNT(-1, changed('o'), counted)}
        ${COUNT(1, changed('n'), counted)}
        RETURN NULL;
      END $$`);
}

/** Recomputes every count table (presence, day and window rows) from the plays that count. */
async function rebuild(queryRunner: QueryRunner, counted: string): Promise<void> {
  // Writers of plays (pollers of processes not yet restarted) wait until the counts are whole again.
  await queryRunner.query('LOCK TABLE plays, track_artists IN SHARE MODE');
  await queryRunner.query(`TRUNCATE trends_track_presence, trends_artist_presence, trends_platform_presence,
                                    trends_track_days, trends_artist_days, trends_platform_days`);
  // The presence tables' secondary indexes are built once after the load (far faster than row by row).
  const indexes = (await queryRunner.query(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename LIKE 'trends\\_%\\_presence'
        AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
  )) as Array<{ name: string; definition: string }>;
  for (const index of indexes) await queryRunner.query(`DROP INDEX "${index.name}"`);
  await queryRunner.query(
    `INSERT INTO trends_track_presence (day, track_id, listener_key, plays)
     SELECT (p.played_at AT TIME ZONE 'UTC')::date, p.track_id, md5(s.salt || p.listener_id::text)::uuid, count(*)::int
       FROM plays p CROSS JOIN trends_salt s
      WHERE s.id = 1 AND p.played_at <= p.created_at + interval '1 day' AND ${counted}
      GROUP BY 1, 2, 3`,
  );
  await queryRunner.query(
    `INSERT INTO trends_artist_presence (day, artist_id, listener_key, plays)
     SELECT p.day, ta.artist_id, p.listener_key, sum(p.plays)::int
       FROM trends_track_presence p
       JOIN (SELECT DISTINCT track_id, artist_id FROM track_artists) ta ON ta.track_id = p.track_id
      GROUP BY 1, 2, 3`,
  );
  await queryRunner.query(
    `INSERT INTO trends_platform_presence (day, listener_key, plays)
     SELECT day, listener_key, sum(plays)::int FROM trends_track_presence GROUP BY 1, 2`,
  );
  for (const index of indexes) await queryRunner.query(index.definition);
  for (const [level, keys] of [
    ['track', 'day, track_id'],
    ['artist', 'day, artist_id'],
    ['platform', 'day'],
  ]) {
    await queryRunner.query(
      `INSERT INTO trends_${level}_days (${keys}, plays, listeners)
       SELECT ${keys}, sum(plays)::int, count(*)::int FROM trends_${level}_presence GROUP BY ${keys}`,
    );
  }
  await queryRunner.query('SELECT trends_rebuild_windows()');
  // The rebuild wrote presence rows of every day; those older than the windows need are the hourly prune's.
}

export class TrendsObservedPlaysOnly1796442855583 implements MigrationInterface {
  name = 'TrendsObservedPlaysOnly1796442855583';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await countingTriggers(queryRunner, COUNTED, [...COLUMNS, 'source']);
    await rebuild(queryRunner, COUNTED);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await countingTriggers(queryRunner, 'true', COLUMNS);
    await rebuild(queryRunner, 'true');
  }
}
