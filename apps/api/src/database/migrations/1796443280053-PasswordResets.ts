import { MigrationInterface, QueryRunner } from 'typeorm';

export class PasswordResets1796443280053 implements MigrationInterface {
  name = 'PasswordResets1796443280053';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "password_resets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4816377aa98211c1de34469e742" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_password_resets_owner" ON "password_resets"  ("owner_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_password_resets_token" ON "password_resets"  ("token_hash") `,
    );
    await queryRunner.query(
      `ALTER TABLE "password_resets" ADD CONSTRAINT "FK_7cdeaaa8c47be85486109d5d739" FOREIGN KEY ("owner_id") REFERENCES "owners"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "password_resets" DROP CONSTRAINT "FK_7cdeaaa8c47be85486109d5d739"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_password_resets_token"`);
    await queryRunner.query(`DROP INDEX "public"."IX_password_resets_owner"`);
    await queryRunner.query(`DROP TABLE "password_resets"`);
  }
}
