import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListeningHistoryImport1795245646199 implements MigrationInterface {
  name = 'ListeningHistoryImport1795245646199';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "listening_history_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "listener_id" uuid NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'running', "file_names" text array NOT NULL DEFAULT '{}', "upload_bytes" bigint NOT NULL DEFAULT '0', "entries" integer NOT NULL DEFAULT '0', "plays_total" integer NOT NULL DEFAULT '0', "plays_processed" integer NOT NULL DEFAULT '0', "imported" integer NOT NULL DEFAULT '0', "duplicates" integer NOT NULL DEFAULT '0', "podcasts_skipped" integer NOT NULL DEFAULT '0', "short_plays_skipped" integer NOT NULL DEFAULT '0', "other_skipped" integer NOT NULL DEFAULT '0', "error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_fd000be53cb8061bc9f4eae6764" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_listening_history_imports_listener" ON "listening_history_imports"  ("listener_id", "created_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_listening_history_imports_listener"`);
    await queryRunner.query(`DROP TABLE "listening_history_imports"`);
  }
}
