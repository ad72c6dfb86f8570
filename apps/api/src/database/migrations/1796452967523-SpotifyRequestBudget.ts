import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The app's budget of Spotify requests per 30 s and its 429 pause, shared by every process through
 * PostgreSQL when there is no Redis (issue 16, defect 11). rate-limiter-flexible's RateLimiterPostgres
 * layout: one row per counter (key), its points and its expiry in epoch ms. No entity: the library writes it.
 */
export class SpotifyRequestBudget1796452967523 implements MigrationInterface {
  name = 'SpotifyRequestBudget1796452967523';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "spotify_request_budget" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "PK_spotify_request_budget" PRIMARY KEY ("key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "spotify_request_budget"`);
  }
}
