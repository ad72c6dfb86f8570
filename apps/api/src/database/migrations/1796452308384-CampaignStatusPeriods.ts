import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Draft, paused and archived campaigns took credit shares like live ones (issue 16, defect 6). What a status
 * means for attribution depends on when the campaign was in it (docs/attribution.md, "Statuses"), so the
 * statuses are kept over time. Existing campaigns: a draft or an active one has been so from the start; a
 * paused, ended or archived one is taken to have been active until its last change (`updated_at`, the best
 * moment known) and in its status since. The campaigns' plays are attributed again under the new rules by
 * the model-version re-attribution (MODEL_VERSION v2) the workers schedule at start.
 */
export class CampaignStatusPeriods1796452308384 implements MigrationInterface {
  name = 'CampaignStatusPeriods1796452308384';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "campaign_status_periods" ("id" BIGSERIAL NOT NULL, "campaign_id" uuid NOT NULL, "status" character varying(10) NOT NULL, "since" TIMESTAMP WITH TIME ZONE, "until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_0715a9dca183a18d922307bb6c8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_campaign_status_periods_campaign" ON "campaign_status_periods"  ("campaign_id", "since") `,
    );
    await queryRunner.query(
      `ALTER TABLE "campaign_status_periods" ADD CONSTRAINT "FK_7f0fe66a0435e98886b031f2bf8" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`INSERT INTO campaign_status_periods (campaign_id, status, since, until)
      SELECT id, status, NULL::timestamptz, NULL::timestamptz FROM campaigns WHERE status IN ('draft', 'active')
      UNION ALL SELECT id, 'active', NULL, updated_at FROM campaigns WHERE status NOT IN ('draft', 'active')
      UNION ALL SELECT id, status, updated_at, NULL FROM campaigns WHERE status NOT IN ('draft', 'active')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "campaign_status_periods" DROP CONSTRAINT "FK_7f0fe66a0435e98886b031f2bf8"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IX_campaign_status_periods_campaign"`);
    await queryRunner.query(`DROP TABLE "campaign_status_periods"`);
  }
}
