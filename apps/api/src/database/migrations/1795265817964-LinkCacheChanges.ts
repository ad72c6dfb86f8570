import { MigrationInterface, QueryRunner } from 'typeorm';

export class LinkCacheChanges1795265817964 implements MigrationInterface {
  name = 'LinkCacheChanges1795265817964';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "link_cache_changes" ("seq" BIGSERIAL NOT NULL, "slug" character varying(64), "campaign_id" uuid, "origin" uuid NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d725a097a3af8e43b283cc82ead" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_link_cache_changes_time" ON "link_cache_changes"  ("changed_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_link_cache_changes_time"`);
    await queryRunner.query(`DROP TABLE "link_cache_changes"`);
  }
}
