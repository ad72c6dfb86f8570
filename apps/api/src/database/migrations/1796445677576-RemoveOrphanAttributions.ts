import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deleting a campaign or a link left its attributions behind (issue 16, defect 4): rows of campaigns that no
 * longer exist, and rows crediting clicks that were deleted with their link. They go now, and every play that
 * had one gets its credit split again over the campaigns that still hold it (current generations), with the
 * rule of AttributionEngine's rebalance: shares rounded to 4 decimals, the last campaign by id taking the
 * remainder, so a play's credits sum to exactly 1. From now on the deletions do this in their own transaction.
 */
export class RemoveOrphanAttributions1796445677576 implements MigrationInterface {
  name = 'RemoveOrphanAttributions1796445677576';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TEMPORARY TABLE orphaned_plays AS
      SELECT DISTINCT a.play_id FROM attributions a
       WHERE NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.id = a.campaign_id)
          OR NOT EXISTS (SELECT 1 FROM clicks k WHERE k.id = a.click_id)`);
    await queryRunner.query(`DELETE FROM attributions a
       WHERE NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.id = a.campaign_id)
          OR NOT EXISTS (SELECT 1 FROM clicks k WHERE k.id = a.click_id)`);
    await queryRunner.query(`DELETE FROM attribution_jobs j
       WHERE NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.id = j.campaign_id)`);
    await queryRunner.query(`
      WITH cur AS (
        SELECT a.id, a.play_id, a.score::numeric AS score,
               row_number() OVER (PARTITION BY a.play_id ORDER BY a.campaign_id) AS rn,
               count(*) OVER (PARTITION BY a.play_id) AS n,
               sum(a.score::numeric) OVER (PARTITION BY a.play_id) AS total
          FROM attributions a JOIN campaigns c ON c.id = a.campaign_id AND a.generation = c.attribution_generation
         WHERE a.play_id IN (SELECT play_id FROM orphaned_plays)),
      shares AS (
        SELECT id, play_id, rn, n,
               CASE WHEN total > 0 THEN round(score / total, 4) ELSE round(1.0 / n, 4) END AS share
          FROM cur),
      final AS (
        SELECT id, CASE WHEN rn = n
                        THEN 1 - coalesce(sum(share) OVER (PARTITION BY play_id ORDER BY rn
                                                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                        ELSE share END AS share
          FROM shares)
      UPDATE attributions a SET credit = f.share FROM final f
       WHERE a.id = f.id AND a.credit IS DISTINCT FROM f.share::real`);
    await queryRunner.query('DROP TABLE orphaned_plays');
  }

  public async down(): Promise<void> {
    // Deleted orphans are not restored: they credited campaigns and clicks that no longer exist.
  }
}
