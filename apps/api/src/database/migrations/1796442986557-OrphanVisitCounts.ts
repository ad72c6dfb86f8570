import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orphan visits become counts per path, reason and hour (issue 15: a row of attacker-chosen text per request).
 * The existing rows are counted into the new table (paths cut to 100 characters), then dropped with their
 * IP hashes, user agents and referrers. Down recreates the old table empty: the counts cannot be split back
 * into visits.
 */
export class OrphanVisitCounts1796442986557 implements MigrationInterface {
  name = 'OrphanVisitCounts1796442986557';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "orphan_visit_counts" ("path" character varying(100) NOT NULL, "reason" character varying(10) NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "visits" integer NOT NULL, "bot_visits" integer NOT NULL, CONSTRAINT "PK_09677b5fbf27113972cbf2a9a44" PRIMARY KEY ("path", "reason", "hour"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_orphan_visit_counts_hour" ON "orphan_visit_counts"  ("hour") `);
    await queryRunner.query(
      `INSERT INTO "orphan_visit_counts" ("path", "reason", "hour", "visits", "bot_visits")
       SELECT left("slug", 100), "reason", date_trunc('hour', "visited_at", 'UTC'), count(*), count(*) FILTER (WHERE "is_bot")
         FROM "orphan_visits"
        GROUP BY 1, 2, 3`,
    );
    await queryRunner.query(`DROP INDEX "public"."IX_orphan_visits_time"`);
    await queryRunner.query(`DROP TABLE "orphan_visits"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "orphan_visits" ("id" uuid NOT NULL, "slug" character varying(200) NOT NULL, "reason" character varying(10) NOT NULL, "link_id" uuid, "visited_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ip_hash" character varying(32) NOT NULL, "user_agent" character varying(400), "referrer" character varying(500), "is_bot" boolean NOT NULL, CONSTRAINT "PK_49ffef3aabf792ea5c0c8256c32" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_orphan_visits_time" ON "orphan_visits"  ("visited_at") `);
    await queryRunner.query(`DROP INDEX "public"."IX_orphan_visit_counts_hour"`);
    await queryRunner.query(`DROP TABLE "orphan_visit_counts"`);
  }
}
