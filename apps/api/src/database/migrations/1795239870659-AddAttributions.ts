import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddAttributions1795239870659 implements MigrationInterface {
  name = 'AddAttributions1795239870659';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attribution_cursor" ("name" character varying(20) NOT NULL, "last_play_id" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_adcc9cca6cecbf096e7af4c67ad" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "attribution_jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" uuid NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'queued', "reason" character varying(30) NOT NULL, "generation" integer NOT NULL, "total" integer NOT NULL DEFAULT '0', "processed" integer NOT NULL DEFAULT '0', "error" character varying(500), "lease_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_db431f04c89958d07fcb305f709" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_attribution_jobs_campaign" ON "attribution_jobs"  ("campaign_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "attributions" ("id" BIGSERIAL NOT NULL, "play_id" bigint NOT NULL, "campaign_id" uuid NOT NULL, "generation" integer NOT NULL DEFAULT '1', "click_id" uuid NOT NULL, "link_id" uuid NOT NULL, "listener_id" uuid NOT NULL, "track_id" character varying(22) NOT NULL, "played_at" TIMESTAMP WITH TIME ZONE NOT NULL, "clicked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "score" real NOT NULL, "tier" character varying(6) NOT NULL, "reasons" text array NOT NULL, "credit" real NOT NULL, "model_version" character varying(10) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fa853a864fa2e39faa5ebd30c17" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_attributions_listener" ON "attributions"  ("listener_id") `);
    await queryRunner.query(
      `CREATE INDEX "IX_attributions_campaign_time" ON "attributions"  ("campaign_id", "generation", "played_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_attributions_play_campaign_generation" ON "attributions"  ("play_id", "campaign_id", "generation") `,
    );
    await queryRunner.query(
      `ALTER TABLE "campaigns" ADD "attribution_generation" integer NOT NULL DEFAULT '1'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "campaigns" DROP COLUMN "attribution_generation"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_attributions_play_campaign_generation"`);
    await queryRunner.query(`DROP INDEX "public"."IX_attributions_campaign_time"`);
    await queryRunner.query(`DROP INDEX "public"."IX_attributions_listener"`);
    await queryRunner.query(`DROP TABLE "attributions"`);
    await queryRunner.query(`DROP INDEX "public"."IX_attribution_jobs_campaign"`);
    await queryRunner.query(`DROP TABLE "attribution_jobs"`);
    await queryRunner.query(`DROP TABLE "attribution_cursor"`);
  }
}
