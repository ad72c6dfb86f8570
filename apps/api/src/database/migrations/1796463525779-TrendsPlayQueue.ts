import { MigrationInterface, QueryRunner } from 'typeorm';
import { COLUMNS, COUNTED, countingTriggers } from './1796442855583-TrendsObservedPlaysOnly';

/** Serialises every fold and the repair (TrendsRepository.rebuildCounts). */
const FOLD_LOCK = `hashtext('soundlink.trends.fold')`;

/** The plays of a transition table that count, per (UTC day, track, listener key), `sign`ed. */
const QUEUE = (
  sign: number,
  rows: string,
) => `INSERT INTO trends_play_queue (day, track_id, listener_key, plays)
        SELECT (p.played_at AT TIME ZONE 'UTC')::date, p.track_id, md5(salt || p.listener_id::text)::uuid,
               ${sign} * count(*)::int
          FROM ${rows} p WHERE p.played_at <= p.created_at + interval '1 day' AND ${COUNTED}
         GROUP BY 1, 2, 3;`;

/**
 * Issue 16, defect 12: a poll's INSERT into `plays` spent 650 of its 651 ms in the counting trigger
 * (`trends_count_plays`), waiting on rows every poll shares: the platform's day row, the window rows of the
 * last 28 days, a popular track's rows. Polls serialised on them, and a second worker made a cycle slower.
 *
 * The triggers now only append the plays that count to `trends_play_queue` (rows of this statement, keyed
 * like the presence rows, signed); `trends_fold(batch)` takes the oldest `batch` queue rows under one
 * advisory lock, sums them per key and applies them with `trends_count_plays`, as the triggers did. Nothing a
 * poll writes is shared with another poll any more. The counts lag the plays by a fold (every few seconds on
 * a worker, and before a chart is computed: docs/trends.md, "Counting").
 */
export class TrendsPlayQueue1796463525779 implements MigrationInterface {
  name = 'TrendsPlayQueue1796463525779';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "trends_play_queue" ("id" BIGSERIAL NOT NULL, "day" date NOT NULL, "track_id" character varying(22) NOT NULL, "listener_key" uuid NOT NULL, "plays" integer NOT NULL, CONSTRAINT "PK_6cab217032488d85e2c55243c7e" PRIMARY KEY ("id"))`,
    );
    // Hand-written below the generated SQL (TypeORM does not model functions or triggers).
    const salt = `DECLARE salt text := (SELECT t.salt FROM trends_salt t WHERE t.id = 1);`;
    await queryRunner.query(`CREATE OR REPLACE FUNCTION trends_plays_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      ${salt}
      BEGIN
        ${QUEUE(1, 'new_rows')}
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION trends_plays_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      ${salt}
      BEGIN
        ${QUEUE(-1, 'old_rows')}
        RETURN NULL;
      END $$`);
    // A play whose counted columns changed leaves the counts as it was and comes back as it is.
    const columns = [...COLUMNS, 'source'];
    const cols = (alias: string) => columns.map((c) => `${alias}.${c}`).join(', ');
    const changed = (side: 'o' | 'n') => `(SELECT ${side}.* FROM old_rows o JOIN new_rows n ON n.id = o.id
                     WHERE (${cols('o')}) IS DISTINCT FROM (${cols('n')}))`;
    await queryRunner.query(`CREATE OR REPLACE FUNCTION trends_plays_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      ${salt}
      BEGIN
        ${QUEUE(-1, changed('o'))}
        ${QUEUE(1, changed('n'))}
        RETURN NULL;
      END $$`);
    // Folds up to `batch` queue rows (oldest first) into the counts; returns how many it took. Per key the
    // signed plays are summed first: a play stored and deleted before a fold changes nothing.
    await queryRunner.query(`CREATE FUNCTION trends_fold(batch integer) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        taken integer;
        up_day date[]; up_track varchar[]; up_key uuid[]; up_plays integer[];
        down_day date[]; down_track varchar[]; down_key uuid[]; down_plays integer[];
      BEGIN
        PERFORM pg_advisory_xact_lock(${FOLD_LOCK});
        WITH gone AS (DELETE FROM trends_play_queue q
                       WHERE q.id IN (SELECT id FROM trends_play_queue ORDER BY id LIMIT batch)
                   RETURNING q.day, q.track_id, q.listener_key, q.plays),
             net AS (SELECT day, track_id, listener_key, sum(plays)::int AS plays, count(*)::int AS n
                       FROM gone GROUP BY 1, 2, 3)
        SELECT coalesce(sum(n), 0)::int,
               array_agg(day) FILTER (WHERE plays > 0), array_agg(track_id) FILTER (WHERE plays > 0),
               array_agg(listener_key) FILTER (WHERE plays > 0), array_agg(plays) FILTER (WHERE plays > 0),
               array_agg(day) FILTER (WHERE plays < 0), array_agg(track_id) FILTER (WHERE plays < 0),
               array_agg(listener_key) FILTER (WHERE plays < 0), array_agg(-plays) FILTER (WHERE plays < 0)
          INTO taken, up_day, up_track, up_key, up_plays, down_day, down_track, down_key, down_plays
          FROM net;
        PERFORM trends_count_plays(-1, down_day, down_track, down_key, down_plays);
        PERFORM trends_count_plays(1, up_day, up_track, up_key, up_plays);
        RETURN taken;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // What is queued is counted first; then the triggers count again in the storing statement.
    await queryRunner.query(`SELECT trends_fold(2147483647)`);
    await countingTriggers(queryRunner, COUNTED, [...COLUMNS, 'source']);
    await queryRunner.query(`DROP FUNCTION trends_fold(integer)`);
    await queryRunner.query(`DROP TABLE "trends_play_queue"`);
  }
}
