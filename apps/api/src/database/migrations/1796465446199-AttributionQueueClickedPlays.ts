import { MigrationInterface, QueryRunner } from 'typeorm';

/** The listener's plays stored already that ended after their new click, queued for a second look. */
const QUEUE = (clicks: string, where: string) => `INSERT INTO attribution_queue (play_id)
        SELECT DISTINCT p.id FROM ${clicks}
          JOIN plays p ON p.listener_id = n.listener_id AND p.played_at > n.clicked_at AND p.source <> 'import'
         WHERE n.listener_id IS NOT NULL${where}
        ON CONFLICT (play_id) DO NOTHING;`;

/**
 * A click can change the attribution of plays stored before it: those that *started* after it (model v2
 * credits the latest eligible click before a play's start). Spotify reports a play only once it has ended, so
 * such a play exists only when its timestamps run ahead of this server's clock: a skewed clock, or the sandbox's
 * simulated listening, which moves the sandbox clock ahead ("Play a session"). The attribution model test found
 * it (seed 424242): a play stored, then a later click of the same campaign, and the play kept the older click.
 *
 * A click that names a listener (stored with one, or linked to one by the connect flow) now queues that
 * listener's plays that ended after it (`played_at > clicked_at`, a superset of those that started after it) for
 * the sweep, which scores queued plays again (AttributionService.sweepOnce): a play whose latest eligible click
 * changed takes the new click, score and reasons, and a campaign it now qualifies for gets its share.
 * Almost always the join finds nothing: plays that end after a click are stored after it.
 */
export class AttributionQueueClickedPlays1796465446199 implements MigrationInterface {
  name = 'AttributionQueueClickedPlays1796465446199';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION attribution_queue_clicked_plays() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${QUEUE('new_rows n', '')}
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION attribution_queue_linked_plays() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${QUEUE('new_rows n JOIN old_rows o ON o.id = n.id', ' AND o.listener_id IS DISTINCT FROM n.listener_id')}
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER attribution_clicks_inserted AFTER INSERT ON clicks
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attribution_queue_clicked_plays()`);
    await queryRunner.query(`CREATE TRIGGER attribution_clicks_linked AFTER UPDATE ON clicks
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION attribution_queue_linked_plays()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER attribution_clicks_linked ON clicks`);
    await queryRunner.query(`DROP TRIGGER attribution_clicks_inserted ON clicks`);
    await queryRunner.query(`DROP FUNCTION attribution_queue_linked_plays()`);
    await queryRunner.query(`DROP FUNCTION attribution_queue_clicked_plays()`);
  }
}
