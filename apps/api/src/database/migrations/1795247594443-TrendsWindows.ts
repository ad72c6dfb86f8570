import { MigrationInterface, QueryRunner } from 'typeorm';

/** The window lengths kept in trends_*_windows (24h is a day row: trends_*_days). */
const SPANS = `(VALUES (7::smallint), (28::smallint)) AS s(span)`;
/** Presence days that can still be in a window that matters: the longest window and the one before it. */
const HORIZON = 56;

interface Level {
  level: string;
  /** The item column (null for the platform). */
  item: string | null;
}
const LEVELS: Level[] = [
  { level: 'track', item: 'track_id' },
  { level: 'artist', item: 'artist_id' },
  { level: 'platform', item: null },
];

/**
 * trends_apply_<level>(sign, days, items, listener keys, plays), as PublicTrends made it, plus (when
 * `windows`) the presence rows that appeared (sign 1) or disappeared (sign -1) handed to trends_roll_<level>.
 */
function applyFunction({ level, item }: Level, windows: boolean): string {
  const presence = `trends_${level}_presence`;
  const days = `trends_${level}_days`;
  const col = item ? `, ${item}` : '';
  const dCol = item ? ', d.item' : '';
  const itemOf = (alias: string) => `${alias}.${alias === 't' || alias === 'r' ? item : 'item'}`;
  const onItem = (a: string, b: string) =>
    `${a}.day = ${b}.day${item ? ` AND ${itemOf(a)} = ${itemOf(b)}` : ''}`;
  const on = (a: string, b: string, key: boolean) =>
    `${onItem(a, b)}${key ? ` AND ${a}.listener_key = ${b}.listener_key` : ''}`;
  const input = `unnest(p_day, p_item, p_key, p_plays) AS d(day, item, listener_key, plays)`;
  const changed = `unnest(c_day, c_item) AS c(day, item)`;
  const roll = windows
    ? `PERFORM trends_roll_${level}(sign, p_day, p_item, p_plays, c_day, c_item, c_key);`
    : '';
  return `CREATE OR REPLACE FUNCTION trends_apply_${level}(sign integer, p_day date[], p_item varchar[], p_key uuid[], p_plays integer[])
    RETURNS void LANGUAGE plpgsql AS $$
    DECLARE c_day date[]; c_item varchar[]; c_key uuid[];
    BEGIN
      IF p_day IS NULL OR cardinality(p_day) = 0 THEN RETURN; END IF;
      IF sign > 0 THEN
        WITH d AS (SELECT * FROM ${input}),
             up AS (INSERT INTO ${presence} AS t (day${col}, listener_key, plays)
                    SELECT d.day${dCol}, d.listener_key, d.plays FROM d ORDER BY d.day${dCol}, d.listener_key
                    ON CONFLICT (day${col}, listener_key) DO UPDATE SET plays = t.plays + EXCLUDED.plays
                    RETURNING t.day${item ? `, t.${item} AS item` : ''}, t.listener_key, t.plays)
        SELECT array_agg(up.day), array_agg(${item ? 'up.item' : 'NULL::varchar'}), array_agg(up.listener_key)
          INTO c_day, c_item, c_key
          FROM up JOIN d ON ${on('up', 'd', true)} AND up.plays = d.plays;
        INSERT INTO ${days} AS r (day${col}, plays, listeners)
        SELECT a.day${item ? ', a.item' : ''}, a.plays, coalesce(f.n, 0)
          FROM (SELECT d.day${dCol}, sum(d.plays)::int AS plays FROM ${input} GROUP BY d.day${dCol}) a
          LEFT JOIN (SELECT c.day${item ? ', c.item' : ''}, count(*)::int AS n FROM ${changed}
                      GROUP BY c.day${item ? ', c.item' : ''}) f ON ${onItem('f', 'a')}
         ORDER BY a.day${item ? ', a.item' : ''}
        ON CONFLICT (day${col}) DO UPDATE
           SET plays = r.plays + EXCLUDED.plays, listeners = r.listeners + EXCLUDED.listeners;
      ELSE
        PERFORM 1 FROM ${presence} t JOIN ${input} ON ${on('t', 'd', true)}
          ORDER BY t.day${item ? `, t.${item}` : ''}, t.listener_key FOR UPDATE OF t;
        PERFORM 1 FROM ${days} r JOIN (SELECT DISTINCT day, item FROM ${input}) d ON ${onItem('r', 'd')}
          ORDER BY r.day${item ? `, r.${item}` : ''} FOR UPDATE OF r;
        WITH d AS (SELECT * FROM ${input}),
             down AS (UPDATE ${presence} t SET plays = t.plays - d.plays FROM d WHERE ${on('t', 'd', true)}
                      RETURNING t.day${item ? `, t.${item} AS item` : ''}, t.listener_key, t.plays)
        SELECT array_agg(down.day), array_agg(${item ? 'down.item' : 'NULL::varchar'}), array_agg(down.listener_key)
          INTO c_day, c_item, c_key
          FROM down WHERE down.plays <= 0;
        UPDATE ${days} r SET plays = r.plays - a.plays, listeners = r.listeners - coalesce(g.n, 0)
          FROM (SELECT d.day${dCol}, sum(d.plays)::int AS plays FROM ${input} GROUP BY d.day${dCol}) a
          LEFT JOIN (SELECT c.day${item ? ', c.item' : ''}, count(*)::int AS n FROM ${changed}
                      GROUP BY c.day${item ? ', c.item' : ''}) g ON ${onItem('g', 'a')}
         WHERE ${onItem('r', 'a')};
        DELETE FROM ${presence} t USING ${input} WHERE ${on('t', 'd', true)} AND t.plays <= 0;
        DELETE FROM ${days} r USING (SELECT DISTINCT day, item FROM ${input}) d
         WHERE ${onItem('r', 'd')} AND r.plays <= 0 AND r.listeners <= 0;
      END IF;
      ${roll}
    END $$`;
}

/**
 * trends_roll_<level>(sign, days, items, plays, changed days, changed items, changed keys): moves the rolling
 * window rows (trends_<level>_windows) of every window that still matters (end day from today − 1 − span on):
 *
 * 1. plays, for the `span` windows that contain each day; this upsert also locks those rows, in key order;
 * 2. listeners, in a new statement (a fresh snapshot, READ COMMITTED): a presence row that appeared or
 *    disappeared changes the window's distinct count when it is the earliest of that listener's days in the
 *    window (its previous day, changed or not, lies before the window) and no unchanged day of the listener
 *    is in the window. A concurrent writer of the same (item, listener) with a day in a common window needs
 *    one of the rows locked in step 1, so it waits for this transaction and then sees its rows: the counts
 *    stay exact whatever order writers commit in.
 */
function rollFunction({ level, item }: Level): string {
  const presence = `trends_${level}_presence`;
  const windows = `trends_${level}_windows`;
  const col = item ? `, ${item}` : '';
  const byItem = item ? 'item, ' : '';
  const input = item
    ? `unnest(p_day, p_item, p_plays) AS d(day, item, plays)`
    : `unnest(p_day, p_plays) AS d(day, plays)`;
  const changed = item
    ? `unnest(c_day, c_item, c_key) AS c(day, item, listener_key)`
    : `unnest(c_day, c_key) AS c(day, listener_key)`;
  // The plays per day and item (listener keys summed away): what step 1 spreads over the windows.
  const perDay = `(SELECT d.day${item ? ', d.item' : ''}, sum(d.plays)::int AS plays FROM ${input}
                    GROUP BY d.day${item ? ', d.item' : ''}) AS d`;
  const keyOf = (a: string) => `${item ? `${a}.item, ` : ''}${a}.listener_key`;
  return `CREATE FUNCTION trends_roll_${level}(sign integer, p_day date[], p_item varchar[], p_plays integer[],
                                            c_day date[], c_item varchar[], c_key uuid[])
    RETURNS void LANGUAGE plpgsql AS $$
    DECLARE today date := (now() AT TIME ZONE 'UTC')::date;
    BEGIN
      INSERT INTO ${windows} AS w (span, end_day${col}, plays, listeners)
      SELECT s.span, d.day + o.o${item ? ', d.item' : ''}, sign * sum(d.plays)::int, 0
        FROM ${perDay} CROSS JOIN ${SPANS} CROSS JOIN LATERAL generate_series(0, s.span - 1) AS o(o)
       WHERE d.day + o.o >= today - 1 - s.span
       GROUP BY 1, 2${item ? ', 3' : ''} ORDER BY 1, 2${item ? ', 3' : ''}
      ON CONFLICT (span, end_day${col}) DO UPDATE SET plays = w.plays + EXCLUDED.plays;
      IF c_day IS NOT NULL AND cardinality(c_day) > 0 THEN
        WITH c AS (SELECT DISTINCT * FROM ${changed} WHERE c.day >= today - ${HORIZON}),
             k AS (SELECT ${keyOf('c')}, min(c.day) AS lo, max(c.day) AS hi FROM c GROUP BY ${keyOf('c')}),
             near AS (SELECT t.day, ${item ? `t.${item} AS item, ` : ''}t.listener_key
                        FROM k JOIN ${presence} t ON ${item ? `t.${item} = k.item AND ` : ''}t.listener_key = k.listener_key
                                                  AND t.day BETWEEN k.lo - 27 AND k.hi + 27
                      UNION SELECT c.day, ${keyOf('c')} FROM c),
             nb AS (SELECT n.day${item ? ', n.item' : ''}, c.day IS NOT NULL AS changed,
                           lag(n.day) OVER w AS prev,
                           min(n.day) FILTER (WHERE c.day IS NULL)
                             OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next
                      FROM near n LEFT JOIN c ON c.day = n.day ${item ? 'AND c.item = n.item ' : ''}AND c.listener_key = n.listener_key
                    WINDOW w AS (PARTITION BY ${byItem.replace('item', 'n.item')}n.listener_key ORDER BY n.day))
        INSERT INTO ${windows} AS w (span, end_day${col}, plays, listeners)
        SELECT s.span, nb.day + o.o${item ? ', nb.item' : ''}, 0, sign * count(*)::int
          FROM nb CROSS JOIN ${SPANS} CROSS JOIN LATERAL generate_series(0, s.span - 1) AS o(o)
         WHERE nb.changed AND nb.day + o.o >= today - 1 - s.span
           AND (nb.prev IS NULL OR nb.day + o.o >= nb.prev + s.span)
           AND (nb.next IS NULL OR nb.day + o.o < nb.next)
         GROUP BY 1, 2${item ? ', 3' : ''} ORDER BY 1, 2${item ? ', 3' : ''}
        ON CONFLICT (span, end_day${col}) DO UPDATE SET listeners = w.listeners + EXCLUDED.listeners;
      END IF;
      IF sign < 0 THEN
        DELETE FROM ${windows} w
         USING (SELECT DISTINCT s.span, d.day + o.o AS end_day${item ? ', d.item' : ''}
                  FROM ${perDay} CROSS JOIN ${SPANS} CROSS JOIN LATERAL generate_series(0, s.span - 1) AS o(o)) x
         WHERE w.span = x.span AND w.end_day = x.end_day${item ? ` AND w.${item} = x.item` : ''} AND w.plays <= 0;
      END IF;
    END $$`;
}

/**
 * The window rows of one level from its presence rows, set-based: per presence row (day d, previous day p of
 * the same item and listener), plays count in the windows ending d … d + span − 1 and the listener in those
 * ending max(d, p + span) … d + span − 1; as steps (+ at the start, − after the end) summed in end-day order.
 */
function rebuildLevel({ level, item }: Level): string {
  const windows = `trends_${level}_windows`;
  const col = item ? `, ${item}` : '';
  const it = item ? 'pr.item, ' : '';
  return `INSERT INTO ${windows} (span, end_day${col}, plays, listeners)
      WITH pr AS (SELECT t.day${item ? `, t.${item} AS item` : ''}, t.plays,
                         lag(t.day) OVER (PARTITION BY ${item ? `t.${item}, ` : ''}t.listener_key ORDER BY t.day) AS prev
                    FROM trends_${level}_presence t WHERE t.day >= today - ${HORIZON}),
           steps AS (SELECT s.span${item ? ', x.item' : ''}, greatest(x.e, today - 1 - s.span) AS e,
                            sum(x.dp) AS dp, sum(x.dl) AS dl
                       FROM ${SPANS} CROSS JOIN LATERAL (
                              SELECT ${it}pr.day AS e, pr.plays AS dp,
                                     CASE WHEN pr.prev IS NULL OR pr.prev + s.span <= pr.day THEN 1 ELSE 0 END AS dl
                                FROM pr
                              UNION ALL
                              SELECT ${it}pr.prev + s.span, 0, 1 FROM pr WHERE pr.prev + s.span > pr.day
                              UNION ALL
                              SELECT ${it}pr.day + s.span, -pr.plays, -1 FROM pr) x
                      GROUP BY 1, 2${item ? ', 3' : ''}),
           runs AS (SELECT st.span${item ? ', st.item' : ''}, st.e, sum(st.dp) OVER w AS plays, sum(st.dl) OVER w AS listeners,
                           lead(st.e) OVER w AS next
                      FROM steps st WINDOW w AS (PARTITION BY st.span${item ? ', st.item' : ''} ORDER BY st.e))
    SELECT r.span, r.e + o.o${item ? ', r.item' : ''}, r.plays, r.listeners
      FROM runs r CROSS JOIN LATERAL generate_series(0, r.next - r.e - 1) AS o(o)
     WHERE r.plays > 0`;
}

export class TrendsWindows1795247594443 implements MigrationInterface {
  name = 'TrendsWindows1795247594443';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_trends_track_presence_track"`);
    await queryRunner.query(
      `CREATE TABLE "trends_track_windows" ("span" smallint NOT NULL, "end_day" date NOT NULL, "track_id" character varying(22) NOT NULL, "plays" integer NOT NULL DEFAULT '0', "listeners" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_deb3435c77ce00e1204da2082e5" PRIMARY KEY ("span", "end_day", "track_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "trends_artist_windows" ("span" smallint NOT NULL, "end_day" date NOT NULL, "artist_id" character varying(22) NOT NULL, "plays" integer NOT NULL DEFAULT '0', "listeners" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_d7df89eb298e170c037e43d412a" PRIMARY KEY ("span", "end_day", "artist_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "trends_platform_windows" ("span" smallint NOT NULL, "end_day" date NOT NULL, "plays" integer NOT NULL DEFAULT '0', "listeners" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_f1aa9770f2553cbf176d6975b38" PRIMARY KEY ("span", "end_day"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_trends_track_presence_listener" ON "trends_track_presence"  ("track_id", "listener_key", "day") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_trends_artist_presence_listener" ON "trends_artist_presence"  ("artist_id", "listener_key", "day") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_trends_platform_presence_listener" ON "trends_platform_presence"  ("listener_key", "day") `,
    );
    // Hand-written (docs/trends.md, "Windows"): the rolling window rows, kept by the plays triggers through
    // trends_apply_<level>, and their rebuild from the presence rows (also run here for the rows stored so far).
    for (const level of LEVELS) await queryRunner.query(rollFunction(level));
    for (const level of LEVELS) await queryRunner.query(applyFunction(level, true));
    await queryRunner.query(`CREATE FUNCTION trends_rebuild_windows() RETURNS void LANGUAGE plpgsql AS $$
      DECLARE today date := (now() AT TIME ZONE 'UTC')::date;
      BEGIN
        TRUNCATE trends_track_windows, trends_artist_windows, trends_platform_windows;
        ${LEVELS.map(rebuildLevel).join(';\n        ')};
      END $$`);
    await queryRunner.query(`SELECT trends_rebuild_windows()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const level of LEVELS) await queryRunner.query(applyFunction(level, false));
    await queryRunner.query(`DROP FUNCTION trends_rebuild_windows()`);
    for (const { level } of LEVELS) {
      await queryRunner.query(
        `DROP FUNCTION trends_roll_${level}(integer, date[], varchar[], integer[], date[], varchar[], uuid[])`,
      );
    }
    await queryRunner.query(`DROP INDEX "public"."IX_trends_platform_presence_listener"`);
    await queryRunner.query(`DROP INDEX "public"."IX_trends_artist_presence_listener"`);
    await queryRunner.query(`DROP INDEX "public"."IX_trends_track_presence_listener"`);
    await queryRunner.query(`DROP TABLE "trends_platform_windows"`);
    await queryRunner.query(`DROP TABLE "trends_artist_windows"`);
    await queryRunner.query(`DROP TABLE "trends_track_windows"`);
    await queryRunner.query(
      `CREATE INDEX "IX_trends_track_presence_track" ON "trends_track_presence" ("track_id", "day", "listener_key") `,
    );
  }
}
