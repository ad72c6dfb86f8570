import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListeningSources1796476234902 implements MigrationInterface {
  name = 'ListeningSources1796476234902';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "listening_sources" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "listener_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "account_name" character varying(200) NOT NULL, "credential_enc" text, "status" character varying(20) NOT NULL DEFAULT 'active', "cursor_ms" bigint, "next_poll_at" TIMESTAMP WITH TIME ZONE, "lease_owner" character varying(100), "lease_until" TIMESTAMP WITH TIME ZONE, "error_count" integer NOT NULL DEFAULT '0', "last_error" character varying(300), "last_polled_at" TIMESTAMP WITH TIME ZONE, "connected_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_087fe7ae8b50211d17b68b26d41" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_listening_sources_due" ON "listening_sources"  ("next_poll_at") WHERE status = 'active'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_listening_sources_listener" ON "listening_sources"  ("listener_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_listening_sources_account" ON "listening_sources"  ("kind", "account_name") `,
    );
    await queryRunner.query(`ALTER TABLE "listeners" ALTER COLUMN "spotify_user_id" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "listeners" ALTER COLUMN "spotify_user_id" SET NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."UQ_listening_sources_account"`);
    await queryRunner.query(`DROP INDEX "public"."IX_listening_sources_listener"`);
    await queryRunner.query(`DROP INDEX "public"."IX_listening_sources_due"`);
    await queryRunner.query(`DROP TABLE "listening_sources"`);
  }
}
