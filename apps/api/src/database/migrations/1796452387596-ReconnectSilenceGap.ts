import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Completeness counted the silence before a reconnect as observed (issue 16, defect 10). When a listener becomes
 * active again (a reconnect after needs_reconnect, dev_mode_blocked or a disconnection), the time since their
 * last poll is recorded as an observation gap, by a trigger in the reconnecting transaction, so no writer can
 * forget it. Silences that ended before this migration left no trace and cannot be recovered.
 *
 * (If the connect flow records that gap itself, one of the two should go: their gaps are merged where they
 * overlap, so completeness counts the period once either way, but the listener's gap list would show it twice.)
 */
export class ReconnectSilenceGap1796452387596 implements MigrationInterface {
  name = 'ReconnectSilenceGap1796452387596';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION analytics_listener_reactivated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO observation_gaps (listener_id, gap_from, gap_to)
        SELECT NEW.id, coalesce(OLD.last_polled_at, OLD.consented_at), now()
         WHERE coalesce(OLD.last_polled_at, OLD.consented_at) < now();
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER analytics_listener_reactivated AFTER UPDATE OF status ON listeners
        FOR EACH ROW WHEN (OLD.status <> 'active' AND NEW.status = 'active')
        EXECUTE FUNCTION analytics_listener_reactivated()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER analytics_listener_reactivated ON listeners`);
    await queryRunner.query(`DROP FUNCTION analytics_listener_reactivated()`);
  }
}
