import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddCampaignsLinksClicks1795238537176 implements MigrationInterface {
  name = 'AddCampaignsLinksClicks1795238537176';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "campaigns" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_id" uuid NOT NULL, "name" character varying(120) NOT NULL, "description" character varying(2000) NOT NULL DEFAULT '', "status" character varying(10) NOT NULL DEFAULT 'draft', "destination_input" character varying(500) NOT NULL, "destination_type" character varying(10) NOT NULL, "destination_id" character varying(22) NOT NULL, "destination_name" character varying(300), "destination_image_url" character varying(500), "destination_owner_name" character varying(300), "snapshot_id" character varying(100), "track_count" integer NOT NULL DEFAULT '0', "resolution_state" character varying(10) NOT NULL DEFAULT 'pending', "resolution_error" character varying(500), "resolved_at" TIMESTAMP WITH TIME ZONE, "attribution_window_hours" integer NOT NULL DEFAULT '168', "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "timezone" character varying(64) NOT NULL DEFAULT 'UTC', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_831e3fcd4fc45b4e4c3f57a9ee4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_campaigns_owner_created" ON "campaigns"  ("owner_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "campaign_tracks" ("id" BIGSERIAL NOT NULL, "campaign_id" uuid NOT NULL, "track_id" character varying(22) NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL, "removed_at" TIMESTAMP WITH TIME ZONE, "snapshot_id" character varying(100), CONSTRAINT "PK_06e0b4a3c6033fc1fe204b74751" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_campaign_tracks_lookup" ON "campaign_tracks"  ("campaign_id", "track_id", "added_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "campaign_visitors" ("campaign_id" uuid NOT NULL, "visitor_id" uuid NOT NULL, "first_click_id" uuid NOT NULL, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_74d6fa2b91e6ed360596d2e1889" PRIMARY KEY ("campaign_id", "visitor_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "clicks" ("id" uuid NOT NULL, "link_id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "clicked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "visitor_id" uuid NOT NULL, "ip_hash" character varying(32) NOT NULL, "user_agent" character varying(400), "referrer" character varying(500), "utm_source" character varying(100), "utm_medium" character varying(100), "utm_campaign" character varying(100), "utm_content" character varying(100), "utm_term" character varying(100), "is_bot" boolean NOT NULL, "is_head" boolean NOT NULL DEFAULT false, "is_first_visit" boolean NOT NULL DEFAULT false, "listener_id" uuid, CONSTRAINT "PK_7765d7ffdeb0ed2675651020814" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_clicks_visitor" ON "clicks"  ("visitor_id", "clicked_at") `);
    await queryRunner.query(`CREATE INDEX "IX_clicks_link_time" ON "clicks"  ("link_id", "clicked_at") `);
    await queryRunner.query(
      `CREATE INDEX "IX_clicks_campaign_time" ON "clicks"  ("campaign_id", "clicked_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "orphan_visits" ("id" uuid NOT NULL, "slug" character varying(200) NOT NULL, "reason" character varying(10) NOT NULL, "link_id" uuid, "visited_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ip_hash" character varying(32) NOT NULL, "user_agent" character varying(400), "referrer" character varying(500), "is_bot" boolean NOT NULL, CONSTRAINT "PK_49ffef3aabf792ea5c0c8256c32" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_orphan_visits_time" ON "orphan_visits"  ("visited_at") `);
    await queryRunner.query(
      `CREATE TABLE "tracker_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" uuid NOT NULL, "owner_id" uuid NOT NULL, "slug" character varying(64) NOT NULL, "label" character varying(100) NOT NULL, "utm_source" character varying(100), "utm_medium" character varying(100), "utm_campaign" character varying(100), "utm_content" character varying(100), "utm_term" character varying(100), "enabled" boolean NOT NULL DEFAULT true, "expires_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a7aecc8db383b50d372e315d6c9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_tracker_links_slug" ON "tracker_links"  ("slug") `);
    await queryRunner.query(
      `CREATE INDEX "IX_tracker_links_campaign" ON "tracker_links"  ("campaign_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "campaign_tracks" ADD CONSTRAINT "FK_5cfcba425f3b8a30e17894c8b48" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tracker_links" ADD CONSTRAINT "FK_dcb03915bb374dead0aa20c312c" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tracker_links" DROP CONSTRAINT "FK_dcb03915bb374dead0aa20c312c"`);
    await queryRunner.query(`ALTER TABLE "campaign_tracks" DROP CONSTRAINT "FK_5cfcba425f3b8a30e17894c8b48"`);
    await queryRunner.query(`DROP INDEX "public"."IX_tracker_links_campaign"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_tracker_links_slug"`);
    await queryRunner.query(`DROP TABLE "tracker_links"`);
    await queryRunner.query(`DROP INDEX "public"."IX_orphan_visits_time"`);
    await queryRunner.query(`DROP TABLE "orphan_visits"`);
    await queryRunner.query(`DROP INDEX "public"."IX_clicks_campaign_time"`);
    await queryRunner.query(`DROP INDEX "public"."IX_clicks_link_time"`);
    await queryRunner.query(`DROP INDEX "public"."IX_clicks_visitor"`);
    await queryRunner.query(`DROP TABLE "clicks"`);
    await queryRunner.query(`DROP TABLE "campaign_visitors"`);
    await queryRunner.query(`DROP INDEX "public"."IX_campaign_tracks_lookup"`);
    await queryRunner.query(`DROP TABLE "campaign_tracks"`);
    await queryRunner.query(`DROP INDEX "public"."IX_campaigns_owner_created"`);
    await queryRunner.query(`DROP TABLE "campaigns"`);
  }
}
