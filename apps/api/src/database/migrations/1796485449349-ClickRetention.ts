import { MigrationInterface, QueryRunner } from 'typeorm';

/** The deleted clicks' negative counts and unlink events (CountDeletedClicks), skipped for retention. */
const CLICK_DELETES = (
  guard: string,
) => `CREATE OR REPLACE FUNCTION analytics_queue_click_deletes() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN${guard}
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
      END $$`;

/** The deleted plays leave the public trends (TrendsPlayQueue), except for retention. */
const PLAY_DELETES = (
  guard: string,
) => `CREATE OR REPLACE FUNCTION trends_plays_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE salt text := (SELECT t.salt FROM trends_salt t WHERE t.id = 1);
      BEGIN${guard}
        INSERT INTO trends_play_queue (day, track_id, listener_key, plays)
        SELECT (p.played_at AT TIME ZONE 'UTC')::date, p.track_id, md5(salt || p.listener_id::text)::uuid,
               -1 * count(*)::int
          FROM old_rows p WHERE p.played_at <= p.created_at + interval '1 day' AND p.source IN ('poll', 'baseline')
         GROUP BY 1, 2, 3;
        RETURN NULL;
      END $$`;

/** The attribution triggers of AddAnalyticsRollups, reading the channel from `from` (a column or a join). */
const ATTRIBUTION_TRIGGERS = (
  utm: (row: string) => string,
  join: (row: string) => string,
  compared: string,
) => [
  `CREATE OR REPLACE FUNCTION analytics_queue_attribution_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO analytics_attribution_queue (sign, campaign_id, generation, link_id, utm_source, listener_id,
                                                 track_id, played_at, tier, credit_micros)
        SELECT 1, n.campaign_id, n.generation, n.link_id, ${utm('n')}, n.listener_id, n.track_id,
               n.played_at, n.tier, round(n.credit::numeric * 1000000)::bigint
          FROM new_rows n${join('n')};
        RETURN NULL;
      END $$`,
  `CREATE OR REPLACE FUNCTION analytics_queue_attribution_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO analytics_attribution_queue (sign, campaign_id, generation, link_id, utm_source, listener_id,
                                                 track_id, played_at, tier, credit_micros)
        SELECT -1, o.campaign_id, o.generation, o.link_id, ${utm('o')}, o.listener_id, o.track_id,
               o.played_at, o.tier, round(o.credit::numeric * 1000000)::bigint
          FROM old_rows o${join('o')};
        RETURN NULL;
      END $$`,
  `CREATE OR REPLACE FUNCTION analytics_queue_attribution_updates() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO analytics_attribution_queue (sign, campaign_id, generation, link_id, utm_source, listener_id,
                                                 track_id, played_at, tier, credit_micros)
        SELECT -1, o.campaign_id, o.generation, o.link_id, ${utm('o')}, o.listener_id, o.track_id,
               o.played_at, o.tier, round(o.credit::numeric * 1000000)::bigint
          FROM old_rows o JOIN new_rows n ON n.id = o.id${join('o')}
         WHERE (${compared.replace(/\$/g, 'n')}) IS DISTINCT FROM (${compared.replace(/\$/g, 'o')});
        INSERT INTO analytics_attribution_queue (sign, campaign_id, generation, link_id, utm_source, listener_id,
                                                 track_id, played_at, tier, credit_micros)
        SELECT 1, n.campaign_id, n.generation, n.link_id, ${utm('n')}, n.listener_id, n.track_id,
               n.played_at, n.tier, round(n.credit::numeric * 1000000)::bigint
          FROM new_rows n JOIN old_rows o ON o.id = n.id${join('n')}
         WHERE (${compared.replace(/\$/g, 'n')}) IS DISTINCT FROM (${compared.replace(/\$/g, 'o')});
        RETURN NULL;
      END $$`,
];
const COMPARED =
  '$.campaign_id, $.generation, $.link_id, $.click_id, $.listener_id, $.track_id, $.played_at, $.tier, $.credit';

/**
 * Data retention (issue 20; docs/operations.md, "Retention"). Owners choose how long raw clicks are kept (an
 * account default and a per-campaign override, capped by CLICK_RETENTION_DAYS); a click's hashed IP is cleared
 * after CLICK_PII_RETENTION_DAYS while the click stays, so ip_hash becomes nullable.
 *
 * Retention must not change a figure. Hand-written below the generated part:
 * - the deletion triggers on clicks (analytics_clicks_deleted) and plays (trends_plays_deleted) take deleted
 *   rows out of the rollups and the public trends; a deletion by the retention job sets the transaction-local
 *   `soundlink.retention = 'on'`, and then they do nothing: the counts stay, the linked-click mirror and the
 *   connects keep the click. A link deletion or a listener's erasure still takes its rows out.
 * - an attribution keeps its click's utm_source (filled here from the clicks), and the attribution triggers
 *   read it from the row instead of joining clicks, so the figures by channel stay when the click is gone.
 */
export class ClickRetention1796485449349 implements MigrationInterface {
  name = 'ClickRetention1796485449349';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "campaigns" ADD "click_retention_days" integer`);
    await queryRunner.query(`ALTER TABLE "owners" ADD "click_retention_days" integer`);
    await queryRunner.query(`ALTER TABLE "clicks" ALTER COLUMN "ip_hash" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "attributions" ADD "utm_source" character varying(100) NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(`CREATE INDEX "IX_plays_played_at" ON "plays" ("played_at") `);
    await queryRunner.query(
      `CREATE INDEX "IX_clicks_pii_due" ON "clicks" ("clicked_at") WHERE ip_hash IS NOT NULL`,
    );
    // Hand-written (see above).
    await queryRunner.query(`UPDATE attributions a SET utm_source = k.utm_source
       FROM clicks k WHERE k.id = a.click_id AND k.utm_source IS NOT NULL AND k.utm_source <> ''`);
    const guard = `
        IF current_setting('soundlink.retention', true) = 'on' THEN
          RETURN NULL;  -- retention: the rollups and trends keep the counts of the raw rows it removes
        END IF;`;
    await queryRunner.query(CLICK_DELETES(guard));
    await queryRunner.query(PLAY_DELETES(guard));
    for (const sql of ATTRIBUTION_TRIGGERS(
      (row) => `${row}.utm_source`,
      () => '',
      `${COMPARED}, $.utm_source`,
    )) {
      await queryRunner.query(sql);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of ATTRIBUTION_TRIGGERS(
      () => `coalesce(k.utm_source, '')`,
      (row) => ` LEFT JOIN clicks k ON k.id = ${row}.click_id`,
      COMPARED,
    )) {
      await queryRunner.query(sql);
    }
    await queryRunner.query(PLAY_DELETES(''));
    await queryRunner.query(CLICK_DELETES(''));
    await queryRunner.query(`DROP INDEX "public"."IX_clicks_pii_due"`);
    await queryRunner.query(`DROP INDEX "public"."IX_plays_played_at"`);
    await queryRunner.query(`ALTER TABLE "attributions" DROP COLUMN "utm_source"`);
    await queryRunner.query(`ALTER TABLE "clicks" ALTER COLUMN "ip_hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "owners" DROP COLUMN "click_retention_days"`);
    await queryRunner.query(`ALTER TABLE "campaigns" DROP COLUMN "click_retention_days"`);
  }
}
