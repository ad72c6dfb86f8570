import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analytics definitions that misled (issue 16, defect 10): a connected browser's click is linked to its
 * listener as it is recorded, and was counted as a connect of the campaign although the listener connected
 * long before. `analytics_connects.already_connected` flags a first linked click made after the listener first
 * connected (`listeners.created_at`); the click rollups' `connects` leave those out. The flag and the connect
 * counts are rebuilt here, under the rollup lock, as `AnalyticsRollups.rebuildAll()` computes them. (The
 * silence before a reconnect is an observation gap the connect flow records.)
 */
export class AnalyticsDefinitions1796452387595 implements MigrationInterface {
  name = 'AnalyticsDefinitions1796452387595';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT pg_advisory_xact_lock(hashtext('soundlink.analytics.rollups'))`);
    await queryRunner.query(
      `ALTER TABLE "analytics_connects" ADD "already_connected" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `UPDATE analytics_connects c SET already_connected = true
         FROM listeners l WHERE l.id = c.listener_id AND c.clicked_at > l.created_at`,
    );
    await queryRunner.query(`UPDATE analytics_click_rollups SET connects = 0 WHERE connects <> 0`);
    await queryRunner.query(
      `UPDATE analytics_click_rollups r SET connects = x.connects
         FROM (SELECT c.campaign_id, g.grain, date_trunc(g.unit, c.clicked_at, 'UTC') AS bucket, c.link_id,
                      c.utm_source, count(*)::int AS connects
                 FROM analytics_connects c CROSS JOIN (VALUES ('h', 'hour'), ('d', 'day')) AS g(grain, unit)
                WHERE NOT c.already_connected
                GROUP BY 1, 2, 3, 4, 5) x
        WHERE r.campaign_id = x.campaign_id AND r.grain = x.grain AND r.bucket = x.bucket
          AND r.link_id = x.link_id AND r.utm_source = x.utm_source`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT pg_advisory_xact_lock(hashtext('soundlink.analytics.rollups'))`);
    await queryRunner.query(`ALTER TABLE "analytics_connects" DROP COLUMN "already_connected"`);
    await queryRunner.query(`UPDATE analytics_click_rollups SET connects = 0 WHERE connects <> 0`);
    await queryRunner.query(
      `UPDATE analytics_click_rollups r SET connects = x.connects
         FROM (SELECT c.campaign_id, g.grain, date_trunc(g.unit, c.clicked_at, 'UTC') AS bucket, c.link_id,
                      c.utm_source, count(*)::int AS connects
                 FROM analytics_connects c CROSS JOIN (VALUES ('h', 'hour'), ('d', 'day')) AS g(grain, unit)
                GROUP BY 1, 2, 3, 4, 5) x
        WHERE r.campaign_id = x.campaign_id AND r.grain = x.grain AND r.bucket = x.bucket
          AND r.link_id = x.link_id AND r.utm_source = x.utm_source`,
    );
  }
}
