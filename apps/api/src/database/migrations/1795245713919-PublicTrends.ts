import { MigrationInterface, QueryRunner } from 'typeorm';

/** Spotify catalog ids: 22 base-62 characters. */
const SPOTIFY_ID = `'^[0-9A-Za-z]{22}$'`;

/**
 * The body of trends_apply_<level>(sign, days, items, listener keys, plays): adds (sign 1) or takes away
 * (sign -1) plays of (day, item, listener key) to the private presence table of the level, and moves the
 * public day counts: plays always, listeners when a presence row appears or disappears. Rows are taken in
 * key order, so concurrent writers lock them in the same order. `item` is null for the platform level.
 */
function applyFunction(level: string, item: string | null): string {
  const presence = `trends_${level}_presence`;
  const days = `trends_${level}_days`;
  const col = item ? `, ${item}` : '';
  const dCol = item ? ', d.item' : '';
  // Tables (t, r) name the item column; the CTEs call it `item`.
  const itemOf = (alias: string) => `${alias}.${alias === 't' || alias === 'r' ? item : 'item'}`;
  const onItem = (a: string, b: string) =>
    `${a}.day = ${b}.day${item ? ` AND ${itemOf(a)} = ${itemOf(b)}` : ''}`;
  const on = (a: string, b: string, key: boolean) =>
    `${onItem(a, b)}${key ? ` AND ${a}.listener_key = ${b}.listener_key` : ''}`;
  const input = `unnest(p_day, p_item, p_key, p_plays) AS d(day, item, listener_key, plays)`;
  return `CREATE FUNCTION trends_apply_${level}(sign integer, p_day date[], p_item varchar[], p_key uuid[], p_plays integer[])
    RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF p_day IS NULL OR cardinality(p_day) = 0 THEN RETURN; END IF;
      IF sign > 0 THEN
        WITH d AS (SELECT * FROM ${input}),
             up AS (INSERT INTO ${presence} AS t (day${col}, listener_key, plays)
                    SELECT d.day${dCol}, d.listener_key, d.plays FROM d ORDER BY d.day${dCol}, d.listener_key
                    ON CONFLICT (day${col}, listener_key) DO UPDATE SET plays = t.plays + EXCLUDED.plays
                    RETURNING t.day${item ? `, t.${item} AS item` : ''}, t.listener_key, t.plays),
             fresh AS (SELECT up.day${item ? ', up.item' : ''}, count(*)::int AS n
                         FROM up JOIN d ON ${on('up', 'd', true)} AND up.plays = d.plays
                        GROUP BY up.day${item ? ', up.item' : ''}),
             agg AS (SELECT d.day${dCol}, sum(d.plays)::int AS plays FROM d GROUP BY d.day${dCol})
        INSERT INTO ${days} AS r (day${col}, plays, listeners)
        SELECT a.day${item ? ', a.item' : ''}, a.plays, coalesce(f.n, 0)
          FROM agg a LEFT JOIN fresh f ON ${onItem('f', 'a')}
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
                      RETURNING t.day${item ? `, t.${item} AS item` : ''}, t.plays),
             gone AS (SELECT down.day${item ? ', down.item' : ''}, count(*) FILTER (WHERE down.plays <= 0)::int AS n
                        FROM down GROUP BY down.day${item ? ', down.item' : ''}),
             agg AS (SELECT d.day${dCol}, sum(d.plays)::int AS plays FROM d GROUP BY d.day${dCol})
        UPDATE ${days} r SET plays = r.plays - a.plays, listeners = r.listeners - coalesce(g.n, 0)
          FROM agg a LEFT JOIN gone g ON ${onItem('g', 'a')}
         WHERE ${onItem('r', 'a')};
        DELETE FROM ${presence} t USING ${input} WHERE ${on('t', 'd', true)} AND t.plays <= 0;
        DELETE FROM ${days} r USING (SELECT DISTINCT day, item FROM ${input}) d
         WHERE ${onItem('r', 'd')} AND r.plays <= 0 AND r.listeners <= 0;
      END IF;
    END $$`;
}

/** The plays of a transition table, per (UTC day, track, listener key); plays stamped in the future are left out. */
const PLAYS_OF = (rows: string) => `SELECT (p.played_at AT TIME ZONE 'UTC')::date AS day, p.track_id,
               md5(salt || p.listener_id::text)::uuid AS listener_key, count(*)::int AS plays
          FROM ${rows} p WHERE p.played_at <= p.created_at + interval '1 day'
         GROUP BY 1, 2, 3`;
const COUNT = (
  sign: number,
  rows: string,
) => `PERFORM trends_count_plays(${sign}, array_agg(s.day), array_agg(s.track_id),
               array_agg(s.listener_key), array_agg(s.plays))
          FROM (${PLAYS_OF(rows)}) s;`;

export class PublicTrends1795245713919 implements MigrationInterface {
  name = 'PublicTrends1795245713919';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "albums" ("id" character varying(22) NOT NULL, "name" character varying(500) NOT NULL, "artist_id" character varying(22), "image_url" character varying(500), "provisional" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_838ebae24d2e12082670ffc95d7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "artists" ("id" character varying(22) NOT NULL, "name" character varying(500) NOT NULL, "name_key" character varying(500) NOT NULL, "provisional" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_09b823d4607d2675dc4ffa82261" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_artists_name_key" ON "artists"  ("name_key") `);
    await queryRunner.query(
      `CREATE TABLE "track_artists" ("track_id" character varying(22) NOT NULL, "position" smallint NOT NULL, "artist_id" character varying(22) NOT NULL, CONSTRAINT "PK_d8d07bd92ac76c877d6b64843a6" PRIMARY KEY ("track_id", "position"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_track_artists_artist" ON "track_artists"  ("artist_id") `);
    await queryRunner.query(
      `CREATE TABLE "trends_track_days" ("day" date NOT NULL, "track_id" character varying(22) NOT NULL, "plays" integer NOT NULL DEFAULT '0', "listeners" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_b310d8b4bb6862ff65402a7740f" PRIMARY KEY ("day", "track_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "trends_artist_days" ("day" date NOT NULL, "artist_id" character varying(22) NOT NULL, "plays" integer NOT NULL DEFAULT '0', "listeners" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_77d9242396826bec680fc900c4e" PRIMARY KEY ("day", "artist_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "trends_platform_days" ("day" date NOT NULL, "plays" integer NOT NULL DEFAULT '0', "listeners" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_bebe9f3dfcd1502bc07be704244" PRIMARY KEY ("day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "trends_track_presence" ("day" date NOT NULL, "track_id" character varying(22) NOT NULL, "listener_key" uuid NOT NULL, "plays" integer NOT NULL, CONSTRAINT "PK_e304626cd495fa740d5f0208a81" PRIMARY KEY ("day", "track_id", "listener_key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_trends_track_presence_track" ON "trends_track_presence"  ("track_id", "day", "listener_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "trends_artist_presence" ("day" date NOT NULL, "artist_id" character varying(22) NOT NULL, "listener_key" uuid NOT NULL, "plays" integer NOT NULL, CONSTRAINT "PK_0529f8c35ee591c6e63ef645cf9" PRIMARY KEY ("day", "artist_id", "listener_key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "trends_platform_presence" ("day" date NOT NULL, "listener_key" uuid NOT NULL, "plays" integer NOT NULL, CONSTRAINT "PK_bd5ef165ba35d0fc8b2a322cdfa" PRIMARY KEY ("day", "listener_key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "trends_salt" ("id" smallint NOT NULL, "salt" character varying(64) NOT NULL, CONSTRAINT "PK_1a5be0f8a89b2b7a5eb7c4dfb54" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "track_artists" ADD CONSTRAINT "FK_aed35a73eba32a59ad63e014327" FOREIGN KEY ("artist_id") REFERENCES "artists"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Hand-written below the generated SQL (docs/trends.md): the catalog trigger on tracks and the counting
    // triggers on plays. TypeORM does not model functions or triggers, so the drift check neither sees nor needs them.
    await queryRunner.query(
      `INSERT INTO trends_salt (id, salt) VALUES (1, md5(gen_random_uuid()::text || clock_timestamp()::text))`,
    );
    await queryRunner.query(`CREATE FUNCTION catalog_name_key(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT lower(btrim(regexp_replace(coalesce(name, ''), '\\s+', ' ', 'g'))) $$`);
    await queryRunner.query(`CREATE FUNCTION catalog_provisional_id(name_key text) RETURNS varchar LANGUAGE sql IMMUTABLE AS $$
      SELECT '~' || left(md5(name_key), 21) $$`);
    for (const [level, item] of [
      ['track', 'track_id'],
      ['artist', 'artist_id'],
      ['platform', null],
    ] as const) {
      await queryRunner.query(applyFunction(level, item));
    }
    // Counts plays of tracks for the tracks, their linked artists and the platform.
    await queryRunner.query(`CREATE FUNCTION trends_count_plays(sign integer, p_day date[], p_track varchar[], p_key uuid[],
                                                       p_plays integer[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF p_day IS NULL OR cardinality(p_day) = 0 THEN RETURN; END IF;
        PERFORM trends_apply_track(sign, p_day, p_track, p_key, p_plays);
        PERFORM trends_apply_artist(sign, array_agg(s.day), array_agg(s.artist_id), array_agg(s.listener_key),
                                    array_agg(s.plays))
           FROM (SELECT d.day, ta.artist_id, d.listener_key, sum(d.plays)::int AS plays
                   FROM unnest(p_day, p_track, p_key, p_plays) AS d(day, track_id, listener_key, plays)
                   JOIN (SELECT DISTINCT track_id, artist_id FROM track_artists WHERE track_id = ANY(p_track)) ta
                     ON ta.track_id = d.track_id
                  GROUP BY 1, 2, 3) s;
        PERFORM trends_apply_platform(sign, array_agg(s.day), NULL, array_agg(s.listener_key), array_agg(s.plays))
           FROM (SELECT d.day, d.listener_key, sum(d.plays)::int AS plays
                   FROM unnest(p_day, p_key, p_plays) AS d(day, listener_key, plays) GROUP BY 1, 2) s;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION trends_plays_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE salt text := (SELECT t.salt FROM trends_salt t WHERE t.id = 1);
      BEGIN
        ${COUNT(1, 'new_rows')}
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION trends_plays_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE salt text := (SELECT t.salt FROM trends_salt t WHERE t.id = 1);
      BEGIN
        ${COUNT(-1, 'old_rows')}
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION trends_plays_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE salt text := (SELECT t.salt FROM trends_salt t WHERE t.id = 1);
      BEGIN
        ${COUNT(
          -1,
          `(SELECT o.* FROM old_rows o JOIN new_rows n ON n.id = o.id
                      WHERE (o.listener_id, o.track_id, o.played_at, o.created_at)
                            IS DISTINCT FROM (n.listener_id, n.track_id, n.played_at, n.created_at))`,
        )}
        ${COUNT(
          1,
          `(SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
                      WHERE (o.listener_id, o.track_id, o.played_at, o.created_at)
                            IS DISTINCT FROM (n.listener_id, n.track_id, n.played_at, n.created_at))`,
        )}
        RETURN NULL;
      END $$`);
    // The catalog: artists, albums and track_artists for these tracks, from their rows in tracks.
    await queryRunner.query(`CREATE FUNCTION catalog_sync_tracks(ids varchar[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        new_keys text[];
        d_track varchar[]; d_pos smallint[]; d_artist varchar[]; d_name text[];
        gone_track varchar[]; gone_artist varchar[]; come_track varchar[]; come_artist varchar[];
        merged varchar[];
      BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
        -- 1. Artists with a Spotify id: the newest answer (the track updated last) names them.
        WITH named AS (
               SELECT DISTINCT ON (a.id) a.id, left(coalesce(a.name, ''), 500) AS name
                 FROM tracks t CROSS JOIN LATERAL unnest(t.artist_ids, t.artist_names) AS a(id, name)
                WHERE t.id = ANY(ids) AND a.id ~ ${SPOTIFY_ID}
                ORDER BY a.id, coalesce(a.name, '') = '', t.updated_at DESC, t.id),
             up AS (
               INSERT INTO artists AS r (id, name, name_key, provisional, updated_at)
               SELECT n.id, n.name, catalog_name_key(n.name), false, now() FROM named n ORDER BY n.id
               ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, name_key = EXCLUDED.name_key, updated_at = now()
                WHERE EXCLUDED.name <> '' AND r.name IS DISTINCT FROM EXCLUDED.name
               RETURNING r.name_key)
        SELECT array_agg(DISTINCT up.name_key) INTO new_keys FROM up WHERE up.name_key <> '';
        -- 2. The links wanted: the ids in order; for a track named by artist names only (imports), per name the
        --    real artist already linked under that name, else the only real artist of that name, else a
        --    provisional artist of that name.
        WITH src AS (
               SELECT t.id AS track_id, a.pos::smallint AS pos, a.id AS spotify_id, a.name,
                      catalog_name_key(a.name) AS name_key, cardinality(t.artist_ids) > 0 AS has_ids
                 FROM tracks t CROSS JOIN LATERAL unnest(t.artist_ids, t.artist_names) WITH ORDINALITY AS a(id, name, pos)
                WHERE t.id = ANY(ids))
        SELECT array_agg(w.track_id ORDER BY w.track_id, w.pos), array_agg(w.pos ORDER BY w.track_id, w.pos),
               array_agg(w.artist_id ORDER BY w.track_id, w.pos), array_agg(w.name ORDER BY w.track_id, w.pos)
          INTO d_track, d_pos, d_artist, d_name
          FROM (SELECT s.track_id, s.pos, s.name,
                       CASE WHEN s.has_ids THEN s.spotify_id
                            ELSE coalesce(
                              (SELECT ta.artist_id FROM track_artists ta JOIN artists ar ON ar.id = ta.artist_id
                                WHERE ta.track_id = s.track_id AND NOT ar.provisional AND ar.name_key = s.name_key
                                LIMIT 1),
                              (SELECT min(ar.id) FROM artists ar WHERE ar.name_key = s.name_key AND NOT ar.provisional
                               HAVING count(*) = 1),
                              catalog_provisional_id(s.name_key)) END AS artist_id
                  FROM src s
                 WHERE (s.has_ids AND s.spotify_id ~ ${SPOTIFY_ID}) OR (NOT s.has_ids AND s.name_key <> '')) w;
        INSERT INTO artists (id, name, name_key, provisional)
        SELECT DISTINCT ON (d.artist_id) d.artist_id, left(d.name, 500), catalog_name_key(d.name), true
          FROM unnest(d_artist, d_name) AS d(artist_id, name)
         WHERE d.artist_id LIKE '~%' ORDER BY d.artist_id
        ON CONFLICT (id) DO NOTHING;
        -- 3. Artist counts follow the links: a (track, artist) pair that goes takes the track's plays with it,
        --    one that comes brings them (from the track's presence rows).
        SELECT array_agg(x.track_id), array_agg(x.artist_id) INTO gone_track, gone_artist
          FROM (SELECT track_id, artist_id FROM track_artists WHERE track_id = ANY(ids)
                EXCEPT SELECT d.track_id, d.artist_id FROM unnest(d_track, d_artist) AS d(track_id, artist_id)) x;
        SELECT array_agg(x.track_id), array_agg(x.artist_id) INTO come_track, come_artist
          FROM (SELECT d.track_id, d.artist_id FROM unnest(d_track, d_artist) AS d(track_id, artist_id)
                EXCEPT SELECT track_id, artist_id FROM track_artists WHERE track_id = ANY(ids)) x;
        PERFORM trends_apply_artist(-1, array_agg(s.day), array_agg(s.artist_id), array_agg(s.listener_key),
                                    array_agg(s.plays))
           FROM (SELECT p.day, c.artist_id, p.listener_key, sum(p.plays)::int AS plays
                   FROM unnest(gone_track, gone_artist) AS c(track_id, artist_id)
                   JOIN trends_track_presence p ON p.track_id = c.track_id
                  GROUP BY 1, 2, 3) s;
        DELETE FROM track_artists ta
         WHERE ta.track_id = ANY(ids)
           AND (ta.track_id, ta.position) NOT IN (SELECT d.track_id, d.pos FROM unnest(d_track, d_pos) AS d(track_id, pos));
        INSERT INTO track_artists AS ta (track_id, position, artist_id)
        SELECT d.track_id, d.pos, d.artist_id FROM unnest(d_track, d_pos, d_artist) AS d(track_id, pos, artist_id)
         ORDER BY 1, 2
        ON CONFLICT (track_id, position) DO UPDATE SET artist_id = EXCLUDED.artist_id
         WHERE ta.artist_id IS DISTINCT FROM EXCLUDED.artist_id;
        PERFORM trends_apply_artist(1, array_agg(s.day), array_agg(s.artist_id), array_agg(s.listener_key),
                                    array_agg(s.plays))
           FROM (SELECT p.day, c.artist_id, p.listener_key, sum(p.plays)::int AS plays
                   FROM unnest(come_track, come_artist) AS c(track_id, artist_id)
                   JOIN trends_track_presence p ON p.track_id = c.track_id
                  GROUP BY 1, 2, 3) s;
        -- 4. Provisional artists now named by a real artist (the only one of that name): their tracks move over.
        IF new_keys IS NOT NULL THEN
          SELECT array_agg(DISTINCT ta.track_id ORDER BY ta.track_id) INTO merged
            FROM track_artists ta JOIN artists ar ON ar.id = ta.artist_id
           WHERE ar.provisional AND ar.name_key = ANY(new_keys) AND NOT (ta.track_id = ANY(ids));
          IF merged IS NOT NULL THEN PERFORM catalog_sync_tracks(merged); END IF;
        END IF;
        -- Provisional artists left without tracks are gone (their counts moved with their tracks).
        IF gone_artist IS NOT NULL THEN
          DELETE FROM artists a WHERE a.id = ANY(gone_artist) AND a.provisional
             AND NOT EXISTS (SELECT 1 FROM track_artists ta WHERE ta.artist_id = a.id);
        END IF;
        -- 5. Albums: by Spotify id, else provisional by album name and first artist name; the newest answer wins.
        INSERT INTO albums AS r (id, name, artist_id, image_url, provisional, updated_at)
        SELECT DISTINCT ON (x.id) x.id, x.name, x.artist_id, x.image_url, x.provisional, now()
          FROM (SELECT CASE WHEN t.album_id ~ ${SPOTIFY_ID} THEN t.album_id
                            ELSE catalog_provisional_id(catalog_name_key(t.album_name) || '|'
                                                        || catalog_name_key(t.artist_names[1])) END AS id,
                       left(t.album_name, 500) AS name, ta.artist_id, t.image_url,
                       NOT coalesce(t.album_id ~ ${SPOTIFY_ID}, false) AS provisional, t.updated_at, t.id AS track_id
                  FROM tracks t LEFT JOIN track_artists ta ON ta.track_id = t.id AND ta.position = 1
                 WHERE t.id = ANY(ids) AND coalesce(t.album_name, '') <> '') x
         ORDER BY x.id, x.updated_at DESC, x.track_id
        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, artist_id = coalesce(EXCLUDED.artist_id, r.artist_id),
               image_url = coalesce(EXCLUDED.image_url, r.image_url), updated_at = now()
         WHERE (r.name, r.artist_id, r.image_url) IS DISTINCT FROM
               (EXCLUDED.name, coalesce(EXCLUDED.artist_id, r.artist_id), coalesce(EXCLUDED.image_url, r.image_url));
      END $$`);
    await queryRunner.query(`CREATE FUNCTION catalog_tracks_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM catalog_sync_tracks(array_agg(n.id ORDER BY n.id)) FROM new_rows n;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION catalog_tracks_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM catalog_sync_tracks(array_agg(n.id ORDER BY n.id))
           FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.artist_ids, n.artist_names, n.album_id, n.album_name, n.image_url)
                IS DISTINCT FROM (o.artist_ids, o.artist_names, o.album_id, o.album_name, o.image_url);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER catalog_tracks_inserted AFTER INSERT ON tracks
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_tracks_inserted()`);
    await queryRunner.query(`CREATE TRIGGER catalog_tracks_updated AFTER UPDATE ON tracks
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_tracks_updated()`);
    await queryRunner.query(`CREATE TRIGGER trends_plays_inserted AFTER INSERT ON plays
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION trends_plays_inserted()`);
    await queryRunner.query(`CREATE TRIGGER trends_plays_deleted AFTER DELETE ON plays
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION trends_plays_deleted()`);
    await queryRunner.query(`CREATE TRIGGER trends_plays_updated AFTER UPDATE ON plays
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION trends_plays_updated()`);
    // Tracks and plays stored before this migration: catalogued and counted like new ones.
    await queryRunner.query(`SELECT catalog_sync_tracks(array_agg(id ORDER BY id)) FROM tracks`);
    await queryRunner.query(`DO $$
      DECLARE salt text := (SELECT t.salt FROM trends_salt t WHERE t.id = 1);
      BEGIN
        ${COUNT(1, 'plays')}
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [trigger, table] of [
      ['trends_plays_updated', 'plays'],
      ['trends_plays_deleted', 'plays'],
      ['trends_plays_inserted', 'plays'],
      ['catalog_tracks_updated', 'tracks'],
      ['catalog_tracks_inserted', 'tracks'],
    ]) {
      await queryRunner.query(`DROP TRIGGER ${trigger} ON ${table}`);
    }
    for (const fn of [
      'trends_plays_updated()',
      'trends_plays_deleted()',
      'trends_plays_inserted()',
      'catalog_tracks_updated()',
      'catalog_tracks_inserted()',
      'catalog_sync_tracks(varchar[])',
      'trends_count_plays(integer, date[], varchar[], uuid[], integer[])',
      'trends_apply_platform(integer, date[], varchar[], uuid[], integer[])',
      'trends_apply_artist(integer, date[], varchar[], uuid[], integer[])',
      'trends_apply_track(integer, date[], varchar[], uuid[], integer[])',
      'catalog_provisional_id(text)',
      'catalog_name_key(text)',
    ]) {
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    }
    await queryRunner.query(`DROP INDEX "public"."IX_trends_track_presence_track"`);
    await queryRunner.query(`ALTER TABLE "track_artists" DROP CONSTRAINT "FK_aed35a73eba32a59ad63e014327"`);
    await queryRunner.query(`DROP TABLE "trends_salt"`);
    await queryRunner.query(`DROP TABLE "trends_platform_presence"`);
    await queryRunner.query(`DROP TABLE "trends_artist_presence"`);
    await queryRunner.query(`DROP TABLE "trends_track_presence"`);
    await queryRunner.query(`DROP TABLE "trends_platform_days"`);
    await queryRunner.query(`DROP TABLE "trends_artist_days"`);
    await queryRunner.query(`DROP TABLE "trends_track_days"`);
    await queryRunner.query(`DROP INDEX "public"."IX_track_artists_artist"`);
    await queryRunner.query(`DROP TABLE "track_artists"`);
    await queryRunner.query(`DROP INDEX "public"."IX_artists_name_key"`);
    await queryRunner.query(`DROP TABLE "artists"`);
    await queryRunner.query(`DROP TABLE "albums"`);
  }
}
