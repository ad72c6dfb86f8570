import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddListenersPlaysTracksGaps1795239388052 implements MigrationInterface {
  name = 'AddListenersPlaysTracksGaps1795239388052';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "listeners" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "spotify_user_id" character varying(100) NOT NULL, "display_name" character varying(300), "status" character varying(20) NOT NULL DEFAULT 'active', "access_token_enc" text, "refresh_token_enc" text, "token_expires_at" TIMESTAMP WITH TIME ZONE, "scope" character varying(500), "timezone" character varying(64) NOT NULL DEFAULT 'UTC', "consented_at" TIMESTAMP WITH TIME ZONE NOT NULL, "disconnected_at" TIMESTAMP WITH TIME ZONE, "next_poll_at" TIMESTAMP WITH TIME ZONE, "cursor_ms" bigint, "lease_owner" character varying(100), "lease_until" TIMESTAMP WITH TIME ZONE, "error_count" integer NOT NULL DEFAULT '0', "last_error" character varying(300), "last_polled_at" TIMESTAMP WITH TIME ZONE, "last_play_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f49128afeccb8d02c75d9245a0e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_listeners_spotify_user" ON "listeners"  ("spotify_user_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_listeners_due" ON "listeners"  ("next_poll_at") WHERE status = 'active'`,
    );
    await queryRunner.query(
      `CREATE TABLE "observation_gaps" ("id" BIGSERIAL NOT NULL, "listener_id" uuid NOT NULL, "gap_from" TIMESTAMP WITH TIME ZONE NOT NULL, "gap_to" TIMESTAMP WITH TIME ZONE NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_033e8116b6b809ec31845969860" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_observation_gaps_listener" ON "observation_gaps"  ("listener_id", "gap_from") `,
    );
    await queryRunner.query(
      `CREATE TABLE "plays" ("id" BIGSERIAL NOT NULL, "listener_id" uuid NOT NULL, "played_at" TIMESTAMP WITH TIME ZONE NOT NULL, "track_id" character varying(22) NOT NULL, "context_type" character varying(20), "context_uri" character varying(200), "source" character varying(10) NOT NULL, "ms_played" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d2e16be5395a94fdc41ab0f999d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_plays_track_time" ON "plays"  ("track_id", "played_at") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_plays_listener_played_at" ON "plays"  ("listener_id", "played_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tracks" ("id" character varying(22) NOT NULL, "name" character varying(500) NOT NULL, "artist_ids" text array NOT NULL DEFAULT '{}', "artist_names" text array NOT NULL DEFAULT '{}', "album_id" character varying(22), "album_name" character varying(500), "image_url" character varying(500), "duration_ms" integer, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_242a37ffc7870380f0e611986e8" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "tracks"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_plays_listener_played_at"`);
    await queryRunner.query(`DROP INDEX "public"."IX_plays_track_time"`);
    await queryRunner.query(`DROP TABLE "plays"`);
    await queryRunner.query(`DROP INDEX "public"."IX_observation_gaps_listener"`);
    await queryRunner.query(`DROP TABLE "observation_gaps"`);
    await queryRunner.query(`DROP INDEX "public"."IX_listeners_due"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_listeners_spotify_user"`);
    await queryRunner.query(`DROP TABLE "listeners"`);
  }
}
