import { EntityManager } from 'typeorm';
import type { AttributedRow } from './attribution-scores';
import type { PlaySpan } from '../listener/play-ingest.repository';

/**
 * attributions and attribution_queue, with the writers' lock: free functions taking the caller's
 * EntityManager, so the campaign module (deleting a campaign or a link) and the listener module (a
 * listener's export and erasure) use them inside their own transactions without importing the attribution
 * module's providers.
 */

/**
 * Every transaction that writes attributions takes this advisory lock: shared when it attributes plays
 * (sweep, ingest), exclusive when it changes which rows are current (a generation switch, a campaign or link
 * deletion). A shared holder therefore never reads a campaign's generation that is about to change.
 */
const WRITERS_LOCK = "hashtext('soundlink.attribution.writers')";

/**
 * Sets every credit of the given plays from the current generations' scores, as `creditShares` does: each
 * share rounded to 4 decimals, the last campaign (by id) taking the remainder, so the shares of a play sum
 * to exactly 1 (in the millionths the rollups count).
 */
const REBALANCE_SQL = `
  WITH cur AS (
    SELECT a.id, a.play_id, a.score::numeric AS score, a.credit,
           row_number() OVER (PARTITION BY a.play_id ORDER BY a.campaign_id) AS rn,
           count(*) OVER (PARTITION BY a.play_id) AS n,
           sum(a.score::numeric) OVER (PARTITION BY a.play_id) AS total
      FROM attributions a JOIN campaigns c ON c.id = a.campaign_id AND a.generation = c.attribution_generation
     WHERE a.play_id = ANY($1::bigint[])),
  shares AS (
    SELECT id, play_id, rn, n, credit,
           CASE WHEN total > 0 THEN round(score / total, 4) ELSE round(1.0 / n, 4) END AS share
      FROM cur),
  final AS (
    SELECT id, credit,
           CASE WHEN rn = n
                THEN 1 - coalesce(sum(share) OVER (PARTITION BY play_id ORDER BY rn
                                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                ELSE share END AS share
      FROM shares)
  UPDATE attributions a SET credit = f.share
    FROM final f
   WHERE a.play_id = ANY($1::bigint[]) AND a.id = f.id AND a.credit IS DISTINCT FROM f.share::real`;

/** The SQL expression taking the writers' lock, shared (a statement that stores plays may evaluate it). */
export const WRITERS_LOCK_SHARED = `pg_advisory_xact_lock_shared(${WRITERS_LOCK})`;

/** The writers' lock, shared: taken first by every transaction that attributes plays. */
export async function lockShared(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT ${WRITERS_LOCK_SHARED}`);
}

/** Exclusive writers' lock: for transactions that switch generations or delete attributions. */
export async function lockAllWriters(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(${WRITERS_LOCK})`);
}

/**
 * Before a campaign is deleted in `manager`'s transaction: takes the writers' lock, deletes its attributions
 * and re-attribution jobs, and answers the plays it shared, whose credit `rebalanceCredits` splits again once
 * the campaign is gone. (Attributions carry no foreign key: it would cost a lookup per written row.)
 */
export async function dropCampaignAttributions(
  manager: EntityManager,
  campaignId: string,
): Promise<string[]> {
  await lockAllWriters(manager);
  const plays = await campaignPlayIds(manager, campaignId);
  await manager.query('DELETE FROM attributions WHERE campaign_id = $1', [campaignId]);
  await manager.query('DELETE FROM attribution_jobs WHERE campaign_id = $1', [campaignId]);
  return plays;
}

/**
 * Before a link (and its clicks) is deleted in `manager`'s transaction: takes the writers' lock, deletes the
 * attributions its clicks earned, and answers those plays, which `reattributePlays` attributes again once the
 * clicks are gone (another click of the campaign may still qualify).
 */
export async function dropLinkAttributions(manager: EntityManager, linkId: string): Promise<string[]> {
  await lockAllWriters(manager);
  const rows = (await manager.query('SELECT DISTINCT play_id FROM attributions WHERE link_id = $1', [
    linkId,
  ])) as Array<{ play_id: string }>;
  await manager.query('DELETE FROM attributions WHERE link_id = $1', [linkId]);
  return rows.map((r) => String(r.play_id));
}

/**
 * Campaigns holding attributions of another model version than this one (they are attributed again), not
 * counting those retention froze (their click or play removed: no model can recompute them, see
 * `carryFrozenAttributions`).
 */
export async function campaignsOnOtherModel(manager: EntityManager, modelVersion: string): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT c.id FROM campaigns c
      WHERE EXISTS (SELECT 1 FROM attributions a
                     WHERE a.campaign_id = c.id AND a.generation = c.attribution_generation
                       AND a.model_version <> $1 AND NOT (${FROZEN('a')}))`,
    [modelVersion],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Re-splits the credit of these plays over every campaign's current generation (see REBALANCE_SQL). */
export async function rebalanceCredits(manager: EntityManager, playIds: string[]): Promise<void> {
  if (playIds.length === 0) return;
  await manager.query(REBALANCE_SQL, [playIds]);
}

/**
 * Writes attributions and returns those actually written: a row already there (same play, campaign,
 * generation) is left as is, so reruns change nothing, except for the plays in `rescore`, whose row takes
 * the new score, reasons and click when they differ (a play stored later changed what came before the click).
 */
export async function insertAttributions(
  manager: EntityManager,
  rows: AttributedRow[],
  rescore: string[] = [],
): Promise<AttributedRow[]> {
  if (rows.length === 0) return [];
  const onConflict =
    rescore.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET click_id = EXCLUDED.click_id, link_id = EXCLUDED.link_id, utm_source = EXCLUDED.utm_source, clicked_at = EXCLUDED.clicked_at,
                       score = EXCLUDED.score, tier = EXCLUDED.tier, reasons = EXCLUDED.reasons,
                       model_version = EXCLUDED.model_version
          WHERE attributions.play_id = ANY($2::bigint[])
            AND (attributions.score, attributions.reasons, attributions.click_id)
                IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.reasons, EXCLUDED.click_id)`;
  const result: Array<{ play_id: string; campaign_id: string }> = await manager.query(
    `INSERT INTO attributions (play_id, campaign_id, generation, click_id, link_id, utm_source, listener_id, track_id,
                               played_at, clicked_at, score, tier, reasons, credit, model_version)
     SELECT "playId"::bigint, "campaignId", generation, "clickId", "linkId", "utmSource", "listenerId", "trackId",
            "playedAt", "clickedAt", score, tier, ARRAY(SELECT json_array_elements_text(reasons)), credit, "modelVersion"
       FROM json_to_recordset($1::json) AS t("playId" text, "campaignId" uuid, generation int, "clickId" uuid,
            "linkId" uuid, "utmSource" varchar, "listenerId" uuid, "trackId" varchar, "playedAt" timestamptz, "clickedAt" timestamptz,
            score real, tier varchar, reasons json, credit real, "modelVersion" varchar)
     ON CONFLICT (play_id, campaign_id, generation) ${onConflict}
     RETURNING play_id, campaign_id`,
    rescore.length === 0 ? [JSON.stringify(rows)] : [JSON.stringify(rows), rescore],
  );
  const written = new Set(result.map((r) => `${String(r.play_id)}:${r.campaign_id}`));
  return rows.filter((row) => written.has(`${row.playId}:${row.campaignId}`));
}

/** Of these plays, those that hold an attribution row already (of any campaign and generation). */
export async function attributedPlays(manager: EntityManager, playIds: string[]): Promise<string[]> {
  if (playIds.length === 0) return [];
  const rows = (await manager.query(
    `SELECT DISTINCT play_id::text AS id FROM attributions WHERE play_id = ANY($1::bigint[])`,
    [playIds],
  )) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/** Takes the plays off the sweep's queue, skipping rows a sweep has taken (they are its to delete). */
export async function dequeuePlays(manager: EntityManager, playIds: string[]): Promise<void> {
  await manager.query(
    `DELETE FROM attribution_queue WHERE play_id IN (
       SELECT play_id FROM attribution_queue WHERE play_id = ANY($1::bigint[]) FOR UPDATE SKIP LOCKED)`,
    [playIds],
  );
}

/**
 * Takes (deletes) the next `batch` plays queued longer than `lagS` seconds ago, by id, skipping rows another
 * sweep has locked; answers their ids.
 */
export async function takeQueuedPlays(
  manager: EntityManager,
  batch: number,
  lagS: number,
): Promise<{ ids: string[]; span?: PlaySpan }> {
  const taken = (await manager.query(
    `DELETE FROM attribution_queue
      WHERE play_id IN (SELECT play_id FROM attribution_queue
                         WHERE queued_at < now() - make_interval(secs => $2)
                         ORDER BY play_id LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING play_id, played_at`,
    [batch, lagS],
  )) as [QueuedRow[], number] | QueuedRow[];
  // (TypeORM answers a DELETE … RETURNING with [rows, count])
  const list = (Array.isArray(taken[0]) ? taken[0] : taken) as QueuedRow[];
  const ids = list.map((r) => String(r.play_id));
  // The batch's months (when every row knows its play's time: rows queued before the column have none).
  if (list.length === 0 || list.some((r) => r.played_at === null)) return { ids };
  const times = list.map((r) => new Date(r.played_at as Date | string).getTime());
  return { ids, span: { from: new Date(Math.min(...times)), to: new Date(Math.max(...times)) } };
}

/** The longest attribution window of any campaign, in hours (0 when there is none). */
export async function longestWindowHours(manager: EntityManager): Promise<number> {
  const [row] = (await manager.query(
    'SELECT coalesce(max(attribution_window_hours), 0)::int AS hours FROM campaigns',
  )) as Array<{ hours: number }>;
  return row?.hours ?? 0;
}

interface QueuedRow {
  play_id: string;
  played_at: Date | string | null;
}

/** The plays attributed to the campaign, in any generation. */
export async function campaignPlayIds(manager: EntityManager, campaignId: string): Promise<string[]> {
  return (
    (await manager.query('SELECT DISTINCT play_id FROM attributions WHERE campaign_id = $1', [
      campaignId,
    ])) as Array<{ play_id: string }>
  ).map((r) => String(r.play_id));
}

/** Deletes the campaign's attributions of this generation. */
export async function deleteGeneration(
  manager: EntityManager,
  campaignId: string,
  generation: number,
): Promise<void> {
  await manager.query('DELETE FROM attributions WHERE campaign_id = $1 AND generation = $2', [
    campaignId,
    generation,
  ]);
}

/** An attribution whose credited click or play retention removed (by id and time: partition-friendly). */
const FROZEN = (a: string) =>
  `NOT EXISTS (SELECT 1 FROM clicks k WHERE k.id = ${a}.click_id AND k.clicked_at = ${a}.clicked_at)
   OR NOT EXISTS (SELECT 1 FROM plays p WHERE p.id = ${a}.play_id AND p.played_at = ${a}.played_at)`;

/**
 * Re-attribution's switch, before the campaign moves to `generation`: the current generation's attributions
 * whose raw click or play retention removed are copied unchanged (score, reasons, credit, model version) into
 * `generation`, unless it credits the play already. They cannot be recomputed, and dropping them would change
 * the figures of old ranges (docs/operations.md, "Retention").
 */
export async function carryFrozenAttributions(
  manager: EntityManager,
  campaignId: string,
  generation: number,
): Promise<void> {
  await manager.query(
    `INSERT INTO attributions (play_id, campaign_id, generation, click_id, link_id, utm_source, listener_id, track_id,
                               played_at, clicked_at, score, tier, reasons, credit, model_version)
     SELECT a.play_id, a.campaign_id, $2, a.click_id, a.link_id, a.utm_source, a.listener_id, a.track_id,
            a.played_at, a.clicked_at, a.score, a.tier, a.reasons, a.credit, a.model_version
       FROM attributions a JOIN campaigns c ON c.id = a.campaign_id AND a.generation = c.attribution_generation
      WHERE a.campaign_id = $1 AND a.generation <> $2 AND (${FROZEN('a')})
     ON CONFLICT (play_id, campaign_id, generation) DO NOTHING`,
    [campaignId, generation],
  );
}

/** Deletes the campaign's attributions of every generation but this one. */
export async function deleteOtherGenerations(
  manager: EntityManager,
  campaignId: string,
  generation: number,
): Promise<void> {
  await manager.query('DELETE FROM attributions WHERE campaign_id = $1 AND generation <> $2', [
    campaignId,
    generation,
  ]);
}

/** Which of a campaign's attributions a page holds: `before` is the last row of the previous page. */
export interface AttributionsPageFilter {
  campaignId: string;
  generation: number;
  linkId?: string;
  tier?: string;
  from?: Date;
  to?: Date;
  before?: { playedAt: Date; id: string };
  limit: number;
}

/**
 * Up to `limit` of a campaign's attributions, newest first, with the track's name (a justified cross-module
 * read: tracks joined in the statement).
 */
export async function attributionsPage(
  manager: EntityManager,
  filter: AttributionsPageFilter,
): Promise<Array<Record<string, unknown>>> {
  const params: unknown[] = [filter.campaignId, filter.generation];
  const where = ['a.campaign_id = $1', 'a.generation = $2'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.linkId) add('a.link_id = ?', filter.linkId);
  if (filter.tier) add('a.tier = ?', filter.tier);
  if (filter.from) add('a.played_at >= ?', filter.from);
  if (filter.to) add('a.played_at < ?', filter.to);
  if (filter.before) {
    params.push(filter.before.playedAt, filter.before.id);
    where.push(`(a.played_at, a.id) < ($${params.length - 1}, $${params.length}::bigint)`);
  }
  params.push(filter.limit);
  return (await manager.query(
    `SELECT a.id, a.play_id, a.track_id, t.name AS track_name, a.played_at, a.listener_id, a.click_id, a.link_id,
            a.clicked_at, a.score, a.tier, a.reasons, a.credit, a.model_version
       FROM attributions a LEFT JOIN tracks t ON t.id = a.track_id
      WHERE ${where.join(' AND ')}
      ORDER BY a.played_at DESC, a.id DESC
      LIMIT $${params.length}`,
    params,
  )) as Array<Record<string, unknown>>;
}

/** A listener's attributions, by played_at (their data export). */
export async function attributionsOfListener(
  manager: EntityManager,
  listenerId: string,
): Promise<Array<Record<string, unknown>>> {
  return (await manager.query('SELECT * FROM attributions WHERE listener_id = $1 ORDER BY played_at', [
    listenerId,
  ])) as Array<Record<string, unknown>>;
}

/** In a listener's erasure: their attributions go with their plays. */
export async function deleteListenerAttributions(manager: EntityManager, listenerId: string): Promise<void> {
  const [{ n }] = (await manager.query('SELECT count(*)::int AS n FROM attributions WHERE listener_id = $1', [
    listenerId,
  ])) as [{ n: number }];
  if (n > 0) await manager.query('DELETE FROM attributions WHERE listener_id = $1', [listenerId]);
}
