import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: plays from Last.fm and ListenBrainz. They name a recording by artist, title and album (sometimes a
 * Spotify id or an ISRC), so they are matched to a Spotify track the catalog knows (`tracks`): by Spotify id,
 * then ISRC, then normalised artist and title. The normaliser is SQL, so the index and the matching use the
 * same rules (docs/listeners.md, "Matching"):
 *
 * - `soundlink_match_name(text)`: lower case; accents folded (é → e, ø → o, ł → l, …); bracketed parts
 *   dropped ("(feat. X)", "[Live]", "(2011 Remaster)"); a " - …" (or en/em dash) suffix naming a remaster, version, edit, mix,
 *   live take, mono/stereo, demo or acoustic take dropped ("- Remastered 2011"); an unbracketed " feat. X",
 *   " ft. X" or " featuring X" dropped; punctuation and runs of spaces made one space.
 * - `soundlink_match_artist(text)`: the name, up to the first " & ", ", ", " x ", " and ", " with " or " vs "
 *   (Spotify lists the first artist; scrobblers often credit "A & B"), normalised as a name.
 * - `soundlink_match_key(artist, title)`: artist and title keys joined by "|"; `tracks` is indexed on the key
 *   of its first artist and its name. The functions call each other schema-qualified: PostgreSQL 17 (the
 *   embedded database) builds an index with a search_path of pg_catalog only.
 *
 * `plays` gains where a play came from (`origin`), how it was matched and with what confidence (a factor of
 * its attribution score), and which other sources reported the same play (their copies are not stored).
 * `unmatched_plays` keeps what matched no track, with its names, for the listener's own insights.
 */
const NAME = `btrim(regexp_replace(
    regexp_replace(
      regexp_replace(
        regexp_replace(
          translate(lower(coalesce(value, '')), 'àáâãäåāăąçćčďđèéêëēėęěğìíîïīįıłñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿžźż', 'aaaaaaaaacccddeeeeeeeegiiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz'),
          '\\s*[\\(\\[][^\\)\\]]*[\\)\\]]', ' ', 'g'),
        '\\s[-–—]\\s.*(remaster|version|edit|mix|live|mono|stereo|demo|acoustic).*$', ''),
      '\\s(feat\\.?|ft\\.?|featuring)\\s.*$', ''),
    '[[:space:][:punct:]’‘“”–—…´]+', ' ', 'g'))`;

export class SourcePlays1796475771507 implements MigrationInterface {
  name = 'SourcePlays1796475771507';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "unmatched_plays" ("id" BIGSERIAL NOT NULL, "listener_id" uuid NOT NULL, "origin" character varying(12) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "artist_name" character varying(500) NOT NULL, "track_name" character varying(500) NOT NULL, "album_name" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_57db887f1c808caaab3b204083d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_unmatched_plays_listener_start" ON "unmatched_plays"  ("listener_id", "origin", "started_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "plays" ADD "origin" character varying(12) NOT NULL DEFAULT 'spotify'`,
    );
    await queryRunner.query(`ALTER TABLE "plays" ADD "match_method" character varying(10)`);
    await queryRunner.query(`ALTER TABLE "plays" ADD "also_reported_by" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "plays" ADD "match_confidence" real NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "tracks" ADD "isrc" character varying(12)`);
    await queryRunner.query(`CREATE INDEX "IX_tracks_isrc" ON "tracks"  ("isrc") `);
    await queryRunner.query(`CREATE FUNCTION soundlink_match_name(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ${NAME} $$`);
    await queryRunner.query(`CREATE FUNCTION soundlink_match_artist(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT public.soundlink_match_name(split_part(regexp_replace(coalesce(value, ''),
          '\\s(&|,|x|and|with|vs\\.?)\\s|,\\s', chr(1), 'i'), chr(1), 1)) $$`);
    await queryRunner.query(`CREATE FUNCTION soundlink_match_key(artist text, title text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT public.soundlink_match_artist(artist) || '|' || public.soundlink_match_name(title) $$`);
    await queryRunner.query(
      `CREATE INDEX "IX_tracks_match_key" ON "tracks" (soundlink_match_key(artist_names[1], name))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_tracks_match_key"`);
    await queryRunner.query(`DROP FUNCTION soundlink_match_key(text, text)`);
    await queryRunner.query(`DROP FUNCTION soundlink_match_artist(text)`);
    await queryRunner.query(`DROP FUNCTION soundlink_match_name(text)`);
    await queryRunner.query(`DROP INDEX "public"."IX_tracks_isrc"`);
    await queryRunner.query(`ALTER TABLE "tracks" DROP COLUMN "isrc"`);
    await queryRunner.query(`ALTER TABLE "plays" DROP COLUMN "match_confidence"`);
    await queryRunner.query(`ALTER TABLE "plays" DROP COLUMN "also_reported_by"`);
    await queryRunner.query(`ALTER TABLE "plays" DROP COLUMN "match_method"`);
    await queryRunner.query(`ALTER TABLE "plays" DROP COLUMN "origin"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_unmatched_plays_listener_start"`);
    await queryRunner.query(`DROP TABLE "unmatched_plays"`);
  }
}
