import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deleted clicks leave the analytics rollups (issue 16, invariant 3): deleting a tracker link deletes its
 * clicks, and a rebuild no longer counts them, so the incremental path takes them out too. Hand-written (TypeORM
 * does not model triggers): a statement-level trigger queues, in the deleting transaction, negative counts (one
 * row per campaign, link, channel, UTC hour and kind, as CountInsertedClicks queues inserts) and, for each
 * deleted click that named a listener, an unlink event, so the linked-click mirror and the connects are
 * recomputed. Clicks deleted with their campaign are queued too and dropped by the job (the campaign is gone).
 */
export class CountDeletedClicks1796457350568 implements MigrationInterface {
  name = 'CountDeletedClicks1796457350568';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION analytics_queue_click_deletes() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO analytics_click_queue (click_id, clicks, campaign_id, link_id, utm_source, clicked_at, counted,
                                           first_visit, inserted, old_listener_id, new_listener_id)
        SELECT NULL, -count(*), campaign_id, link_id, coalesce(utm_source, ''), date_trunc('hour', clicked_at, 'UTC'),
               NOT is_bot AND NOT is_head, is_first_visit, true, NULL, NULL
          FROM old_rows
         GROUP BY campaign_id, link_id, coalesce(utm_source, ''), date_trunc('hour', clicked_at, 'UTC'),
                  NOT is_bot AND NOT is_head, is_first_visit;
        INSERT INTO analytics_click_queue (click_id, campaign_id, link_id, utm_source, clicked_at, counted, first_visit,
                                           inserted, old_listener_id, new_listener_id)
        SELECT id, campaign_id, link_id, coalesce(utm_source, ''), clicked_at, NOT is_bot AND NOT is_head,
               is_first_visit, false, listener_id, NULL
          FROM old_rows WHERE listener_id IS NOT NULL;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER analytics_clicks_deleted AFTER DELETE ON clicks
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_queue_click_deletes()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER analytics_clicks_deleted ON clicks`);
    await queryRunner.query(`DROP FUNCTION analytics_queue_click_deletes()`);
  }
}
