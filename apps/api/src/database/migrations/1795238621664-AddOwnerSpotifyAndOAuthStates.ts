import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddOwnerSpotifyAndOAuthStates1795238621664 implements MigrationInterface {
  name = 'AddOwnerSpotifyAndOAuthStates1795238621664';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "oauth_states" ("nonce" character varying(43) NOT NULL, "purpose" character varying(30) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_514bec18599129be7b19e0c0877" PRIMARY KEY ("nonce"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "owner_spotify_accounts" ("owner_id" uuid NOT NULL, "spotify_user_id" character varying(100) NOT NULL, "display_name" character varying(300), "access_token_enc" text NOT NULL, "refresh_token_enc" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "scope" character varying(500), "connected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5956287e38a1b5216b956e767eb" PRIMARY KEY ("owner_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "owner_spotify_accounts" ADD CONSTRAINT "FK_5956287e38a1b5216b956e767eb" FOREIGN KEY ("owner_id") REFERENCES "owners"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "owner_spotify_accounts" DROP CONSTRAINT "FK_5956287e38a1b5216b956e767eb"`,
    );
    await queryRunner.query(`DROP TABLE "owner_spotify_accounts"`);
    await queryRunner.query(`DROP TABLE "oauth_states"`);
  }
}
