import { MigrationInterface, QueryRunner } from 'typeorm';

/** An ISO-8601 UTC time with milliseconds, as JavaScript's toISOString writes it. */
const TIME = (t: string) => `webhook_time(${t})`;

/**
 * The statements of a trigger function that enqueue `event` for every enabled endpoint of the row's owner
 * subscribed to it. Without any subscriber the function stops at one EXISTS over webhook_endpoints (one row per
 * endpoint: a small table), per statement, not per row.
 */
const ENQUEUE = (event: string, data: string, from: string, owner: string, where = '', dedupe?: string) => `
        IF webhook_subscribed('${event}') THEN
          INSERT INTO webhook_deliveries (endpoint_id, event_type, payload${dedupe ? ', dedupe_key' : ''})
          SELECT e.id, '${event}', webhook_event('${event}', ${data})${dedupe ? `, ${dedupe}` : ''}
            FROM ${from}
            JOIN webhook_endpoints e ON e.owner_id = ${owner} AND e.enabled AND '${event}' = ANY (e.events)
           ${where}${dedupe ? '\n          ON CONFLICT (endpoint_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO UPDATE SET payload = EXCLUDED.payload' : ''};
        END IF;`;

const FUNCTION = (
  name: string,
  body: string,
) => `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN${body}
        RETURN NULL;
      END $$`;

const CAMPAIGN = (
  c: string,
) => `jsonb_build_object('campaignId', ${c}.id, 'name', ${c}.name, 'status', ${c}.status,
              'destination', jsonb_build_object('type', ${c}.destination_type, 'id', ${c}.destination_id,
                                                'name', ${c}.destination_name),
              'startsAt', ${TIME(`${c}.starts_at`)}, 'endsAt', ${TIME(`${c}.ends_at`)}, 'timezone', ${c}.timezone,
              'attributionWindowHours', ${c}.attribution_window_hours,
              'createdAt', ${TIME(`${c}.created_at`)}, 'updatedAt', ${TIME(`${c}.updated_at`)})`;
const CAMPAIGN_CHANGED = (o: string, n: string) =>
  [
    'name',
    'description',
    'status',
    'destination_type',
    'destination_id',
    'destination_name',
    'attribution_window_hours',
    'starts_at',
    'ends_at',
    'timezone',
  ]
    .map((column) => `${o}.${column} IS DISTINCT FROM ${n}.${column}`)
    .join(' OR ');

const LINK = (
  l: string,
) => `jsonb_build_object('linkId', ${l}.id, 'campaignId', ${l}.campaign_id, 'slug', ${l}.slug,
              'label', ${l}.label, 'enabled', ${l}.enabled, 'expiresAt', ${TIME(`${l}.expires_at`)},
              'utm', jsonb_build_object('source', ${l}.utm_source, 'medium', ${l}.utm_medium,
                                        'campaign', ${l}.utm_campaign, 'content', ${l}.utm_content, 'term', ${l}.utm_term),
              'createdAt', ${TIME(`${l}.created_at`)}, 'updatedAt', ${TIME(`${l}.updated_at`)})`;
const LINK_CHANGED = (o: string, n: string) =>
  [
    'slug',
    'label',
    'enabled',
    'expires_at',
    'utm_source',
    'utm_medium',
    'utm_campaign',
    'utm_content',
    'utm_term',
  ]
    .map((column) => `${o}.${column} IS DISTINCT FROM ${n}.${column}`)
    .join(' OR ');

/** A recorded click: never its IP hash, visitor or user agent; the referrer's host and a device class only. */
const CLICK = (
  k: string,
) => `jsonb_build_object('campaignId', ${k}.campaign_id, 'linkId', ${k}.link_id, 'clickId', ${k}.id,
              'clickedAt', ${TIME(`${k}.clicked_at`)},
              'utm', jsonb_build_object('source', ${k}.utm_source, 'medium', ${k}.utm_medium,
                                        'campaign', ${k}.utm_campaign, 'content', ${k}.utm_content, 'term', ${k}.utm_term),
              'referrerHost', lower(substring(${k}.referrer from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)')),
              'device', CASE WHEN ${k}.user_agent IS NULL THEN 'unknown'
                             WHEN ${k}.user_agent ~* '(ipad|tablet)' THEN 'tablet'
                             WHEN ${k}.user_agent ~* '(mobi|iphone|ipod|android)' THEN 'mobile'
                             ELSE 'desktop' END,
              'country', NULL)`;

const ATTRIBUTION = (
  a: string,
) => `jsonb_build_object('campaignId', ${a}.campaign_id, 'playId', ${a}.play_id::text,
              'trackId', ${a}.track_id, 'playedAt', ${TIME(`${a}.played_at`)}, 'listenerId', ${a}.listener_id,
              'clickId', ${a}.click_id, 'linkId', ${a}.link_id, 'score', ${a}.score, 'tier', ${a}.tier,
              'credit', ${a}.credit, 'modelVersion', ${a}.model_version, 'reasons', to_jsonb(${a}.reasons))`;
/** One play.attributed event per attribution and transaction: an insert then a credit re-split is one event. */
const ATTRIBUTION_KEY = (a: string) => `'play.attributed:' || ${a}.id || ':' || txid_current()`;

/** Trigger name, table, event, transition tables, function. */
const TRIGGERS: Array<[string, string, string, string, string]> = [
  ['webhooks_clicks_inserted', 'clicks', 'INSERT', 'NEW TABLE AS new_rows', 'webhooks_link_clicked'],
  [
    'webhooks_clicks_linked',
    'clicks',
    'UPDATE',
    'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    'webhooks_listener_connected',
  ],
  [
    'webhooks_attributions_inserted',
    'attributions',
    'INSERT',
    'NEW TABLE AS new_rows',
    'webhooks_play_attributed',
  ],
  [
    'webhooks_attributions_updated',
    'attributions',
    'UPDATE',
    'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    'webhooks_play_reattributed',
  ],
  [
    'webhooks_campaigns_inserted',
    'campaigns',
    'INSERT',
    'NEW TABLE AS new_rows',
    'webhooks_campaign_created',
  ],
  [
    'webhooks_campaigns_updated',
    'campaigns',
    'UPDATE',
    'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    'webhooks_campaign_updated',
  ],
  ['webhooks_campaigns_deleted', 'campaigns', 'DELETE', 'OLD TABLE AS old_rows', 'webhooks_campaign_deleted'],
  ['webhooks_links_inserted', 'tracker_links', 'INSERT', 'NEW TABLE AS new_rows', 'webhooks_link_created'],
  [
    'webhooks_links_updated',
    'tracker_links',
    'UPDATE',
    'OLD TABLE AS old_rows NEW TABLE AS new_rows',
    'webhooks_link_updated',
  ],
  ['webhooks_links_deleted', 'tracker_links', 'DELETE', 'OLD TABLE AS old_rows', 'webhooks_link_deleted'],
];

const FUNCTIONS: Array<[string, string]> = [
  [
    'webhooks_link_clicked',
    ENQUEUE(
      'link.clicked',
      CLICK('n'),
      'new_rows n JOIN campaigns c ON c.id = n.campaign_id',
      'c.owner_id',
      'WHERE NOT n.is_bot AND NOT n.is_head',
    ),
  ],
  [
    // The connect flow links the browser's clicks to the listener: one event per campaign, its latest click.
    'webhooks_listener_connected',
    ENQUEUE(
      'listener.connected',
      `jsonb_build_object('campaignId', n.campaign_id, 'linkId', n.link_id, 'clickId', n.id,
              'listenerId', n.listener_id, 'source', n.utm_source, 'connectedAt', ${TIME('now()')})`,
      `(SELECT DISTINCT ON (n.listener_id, n.campaign_id) n.*
                FROM new_rows n JOIN old_rows o ON o.id = n.id
               WHERE o.listener_id IS NULL AND n.listener_id IS NOT NULL AND NOT n.is_bot AND NOT n.is_head
               ORDER BY n.listener_id, n.campaign_id, n.clicked_at DESC, n.id DESC) n
            JOIN campaigns c ON c.id = n.campaign_id`,
      'c.owner_id',
    ),
  ],
  [
    // A row of the campaign's current generation; or of the next one a re-attribution writes, when it differs
    // from the current one's (same play, other click, score, tier or reasons, or a play newly credited).
    'webhooks_play_attributed',
    ENQUEUE(
      'play.attributed',
      ATTRIBUTION('n'),
      'new_rows n JOIN campaigns c ON c.id = n.campaign_id',
      'c.owner_id',
      `WHERE n.generation = c.attribution_generation
              OR NOT EXISTS (SELECT 1 FROM attributions p
                              WHERE p.play_id = n.play_id AND p.campaign_id = n.campaign_id
                                AND p.generation = c.attribution_generation
                                AND (p.click_id, p.score, p.tier, p.reasons) IS NOT DISTINCT FROM
                                    (n.click_id, n.score, n.tier, n.reasons))`,
      ATTRIBUTION_KEY('n'),
    ),
  ],
  [
    // A rescore at ingest or a credit re-split of the current generation.
    'webhooks_play_reattributed',
    ENQUEUE(
      'play.attributed',
      ATTRIBUTION('n'),
      'new_rows n JOIN old_rows o ON o.id = n.id JOIN campaigns c ON c.id = n.campaign_id',
      'c.owner_id',
      `WHERE n.generation = c.attribution_generation
             AND (o.click_id, o.score, o.tier, o.reasons, o.credit) IS DISTINCT FROM
                 (n.click_id, n.score, n.tier, n.reasons, n.credit)`,
      ATTRIBUTION_KEY('n'),
    ),
  ],
  ['webhooks_campaign_created', ENQUEUE('campaign.created', CAMPAIGN('n'), 'new_rows n', 'n.owner_id')],
  [
    'webhooks_campaign_updated',
    ENQUEUE(
      'campaign.updated',
      CAMPAIGN('n'),
      'new_rows n JOIN old_rows o ON o.id = n.id',
      'n.owner_id',
      `WHERE ${CAMPAIGN_CHANGED('o', 'n')}`,
    ),
  ],
  [
    'webhooks_campaign_deleted',
    ENQUEUE(
      'campaign.deleted',
      `jsonb_build_object('campaignId', o.id, 'name', o.name)`,
      'old_rows o',
      'o.owner_id',
    ),
  ],
  ['webhooks_link_created', ENQUEUE('link.created', LINK('n'), 'new_rows n', 'n.owner_id')],
  [
    'webhooks_link_updated',
    ENQUEUE(
      'link.updated',
      LINK('n'),
      'new_rows n JOIN old_rows o ON o.id = n.id',
      'n.owner_id',
      `WHERE ${LINK_CHANGED('o', 'n')}`,
    ),
  ],
  [
    'webhooks_link_deleted',
    ENQUEUE(
      'link.deleted',
      `jsonb_build_object('linkId', o.id, 'campaignId', o.campaign_id, 'slug', o.slug)`,
      'old_rows o',
      'o.owner_id',
    ),
  ],
];

/**
 * Webhooks (issue 19): endpoints and the transactional outbox of their deliveries. The generated statements
 * come first; below them, hand-written, the statement-level triggers that write the outbox in the transaction
 * of each change (clicks with their batch, attributions at ingest and re-attribution, campaigns and links), for
 * enabled endpoints of the owner subscribed to the event only (docs/webhooks.md). `listener.erased` and
 * `webhook.test` are written by the webhooks module's code.
 */
export class WebhookOutbox1796474498130 implements MigrationInterface {
  name = 'WebhookOutbox1796474498130';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_id" uuid NOT NULL, "url" character varying(2000) NOT NULL, "events" text array NOT NULL, "description" character varying(500) NOT NULL DEFAULT '', "enabled" boolean NOT NULL DEFAULT true, "disabled_reason" character varying(300), "disabled_at" TIMESTAMP WITH TIME ZONE, "secret_enc" text NOT NULL, "previous_secret_enc" text, "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE, "failing_since" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_endpoints_owner" ON "webhook_endpoints"  ("owner_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_endpoints_owner_enabled" ON "webhook_endpoints"  ("owner_id") WHERE enabled`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL DEFAULT gen_random_uuid(), "endpoint_id" uuid NOT NULL, "event_type" character varying(40) NOT NULL, "payload" jsonb NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_attempt_at" TIMESTAMP WITH TIME ZONE, "response_status" integer, "response_body" character varying(1024), "error" character varying(300), "duration_ms" integer, "dedupe_key" character varying(120), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_webhook_deliveries_dedupe" ON "webhook_deliveries"  ("endpoint_id", "dedupe_key") WHERE dedupe_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_deliveries_endpoint_time" ON "webhook_deliveries"  ("endpoint_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_deliveries_due" ON "webhook_deliveries"  ("next_attempt_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "FK_b5dcaff83b5523435437b9faa8c" FOREIGN KEY ("owner_id") REFERENCES "owners"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Hand-written below the generated SQL (TypeORM does not model functions and triggers).
    await queryRunner.query(`CREATE FUNCTION webhook_time(t timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$`);
    await queryRunner.query(`CREATE FUNCTION webhook_event(event text, data jsonb) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT jsonb_build_object('type', event, 'timestamp', webhook_time(now()), 'data', data) $$`);
    await queryRunner.query(`CREATE FUNCTION webhook_subscribed(event text) RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled AND event = ANY (events)) $$`);
    for (const [name, body] of FUNCTIONS) await queryRunner.query(FUNCTION(name, body));
    for (const [trigger, table, event, transition, fn] of TRIGGERS) {
      await queryRunner.query(`CREATE TRIGGER ${trigger} AFTER ${event} ON ${table}
      REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [trigger, table] of TRIGGERS) await queryRunner.query(`DROP TRIGGER ${trigger} ON ${table}`);
    for (const [name] of FUNCTIONS) await queryRunner.query(`DROP FUNCTION ${name}()`);
    await queryRunner.query(`DROP FUNCTION webhook_subscribed(text)`);
    await queryRunner.query(`DROP FUNCTION webhook_event(text, jsonb)`);
    await queryRunner.query(`DROP FUNCTION webhook_time(timestamptz)`);
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "FK_b5dcaff83b5523435437b9faa8c"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IX_webhook_deliveries_due"`);
    await queryRunner.query(`DROP INDEX "public"."IX_webhook_deliveries_endpoint_time"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_webhook_deliveries_dedupe"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."IX_webhook_endpoints_owner_enabled"`);
    await queryRunner.query(`DROP INDEX "public"."IX_webhook_endpoints_owner"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
  }
}
