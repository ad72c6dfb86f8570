import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Candidate, creditShares, DestinationType, MODEL_VERSION, scoreCandidate } from './attribution-model';

/** One (play, campaign) pair that passed the set-based checks: a credited click in the window, the track in the set. */
interface CandidateRow {
  play_id: string;
  listener_id: string;
  track_id: string;
  played_at: Date;
  context_uri: string | null;
  campaign_id: string;
  generation: number;
  window_hours: number;
  destination_type: DestinationType;
  destination_id: string;
  click_id: string;
  link_id: string;
  clicked_at: Date;
  played_before_click: boolean;
}

export interface AttributedRow {
  playId: string;
  campaignId: string;
  generation: number;
  clickId: string;
  linkId: string;
  listenerId: string;
  trackId: string;
  playedAt: Date;
  clickedAt: Date;
  score: number;
  tier: string;
  reasons: string[];
  credit: number;
  modelVersion: string;
}

/**
 * A click of campaign `camp` that can credit plays (attribution-model.ts `clickIneligibility`): not a bot or
 * HEAD request, inside the campaign's dates, made while the campaign was active (campaign_status_periods).
 */
function eligibleClickSql(click: string, camp: string): string {
  return `NOT ${click}.is_bot AND NOT ${click}.is_head
       AND (${camp}.starts_at IS NULL OR ${click}.clicked_at >= ${camp}.starts_at)
       AND (${camp}.ends_at IS NULL OR ${click}.clicked_at <= ${camp}.ends_at)
       AND NOT EXISTS (SELECT 1 FROM campaign_status_periods sp
                        WHERE sp.campaign_id = ${camp}.id AND sp.status <> 'active'
                          AND (sp.since IS NULL OR sp.since <= ${click}.clicked_at)
                          AND (sp.until IS NULL OR sp.until > ${click}.clicked_at))`;
}

/**
 * Candidates for a set of plays, found set-based in SQL, with the rules of attribution-model.ts
 * (`evaluatePlay`; docs/attribution.md): for each play and each campaign the listener clicked, the latest
 * eligible click (`eligibleClickSql`) at or before the play's start (played_at − the track's duration) whose
 * window holds the play's end; kept when the campaign was live when the play started (not draft, paused or
 * archived) and the track was in its target set at played_at. `first_clicked_at` is the listener's first
 * eligible click on the campaign: the baseline is the plays before it. Imported streaming history never
 * creates attributions. `playFilter` narrows the plays (a SQL condition on `p`).
 */
function candidatesSql(
  playFilter: string,
  campaignFilter = 'true',
  generationExpr = 'c.attribution_generation',
): string {
  return `
    WITH batch AS (
      SELECT p.id, p.listener_id, p.track_id, p.played_at, p.context_uri,
             p.played_at - coalesce(t.duration_ms, 0) * interval '1 millisecond' AS started_at
        FROM plays p LEFT JOIN tracks t ON t.id = p.track_id
       WHERE ${playFilter} AND p.source <> 'import'
    )
    SELECT b.id AS play_id, b.listener_id, b.track_id, b.played_at, b.context_uri,
           c.id AS campaign_id, ${generationExpr} AS generation, c.attribution_window_hours AS window_hours,
           c.destination_type, c.destination_id,
           k.id AS click_id, k.link_id, k.clicked_at,
           EXISTS (SELECT 1 FROM plays earlier
                    WHERE earlier.listener_id = b.listener_id AND earlier.track_id = b.track_id
                      AND earlier.played_at < (
                        SELECT min(f.clicked_at) FROM clicks f
                         WHERE f.listener_id = b.listener_id AND f.campaign_id = c.id
                           AND ${eligibleClickSql('f', 'c')})) AS played_before_click
      FROM batch b
      JOIN LATERAL (
        SELECT DISTINCT ON (ck.campaign_id) ck.id, ck.campaign_id, ck.link_id, ck.clicked_at
          FROM clicks ck JOIN campaigns cc ON cc.id = ck.campaign_id
         WHERE ck.listener_id = b.listener_id AND ck.clicked_at <= b.started_at
           AND b.played_at <= ck.clicked_at + make_interval(hours => cc.attribution_window_hours)
           AND ${eligibleClickSql('ck', 'cc')}
         ORDER BY ck.campaign_id, ck.clicked_at DESC, ck.id DESC
      ) k ON true
      JOIN campaigns c ON c.id = k.campaign_id
     WHERE ${campaignFilter}
       AND NOT EXISTS (SELECT 1 FROM campaign_status_periods sp
                        WHERE sp.campaign_id = c.id AND sp.status IN ('draft', 'paused', 'archived')
                          AND (sp.since IS NULL OR sp.since <= b.started_at)
                          AND (sp.until IS NULL OR sp.until > b.started_at))
       AND EXISTS (SELECT 1 FROM campaign_tracks ct
                    WHERE ct.campaign_id = c.id AND ct.track_id = b.track_id
                      AND ct.added_at <= b.played_at AND (ct.removed_at IS NULL OR ct.removed_at > b.played_at))`;
}

/** Scores candidates with the pure model and splits each play's credit across its campaigns. */
export function scoreRows(rows: CandidateRow[]): AttributedRow[] {
  const byPlay = new Map<string, CandidateRow[]>();
  for (const row of rows) {
    const list = byPlay.get(row.play_id);
    if (list) list.push(row);
    else byPlay.set(row.play_id, [row]);
  }
  const out: AttributedRow[] = [];
  for (const group of byPlay.values()) {
    const scored = group.map((row) => {
      const candidate: Candidate = {
        playedAt: new Date(row.played_at),
        clickedAt: new Date(row.clicked_at),
        windowHours: row.window_hours,
        destinationType: row.destination_type,
        destinationId: row.destination_id,
        contextUri: row.context_uri,
        playedBeforeClick: row.played_before_click,
      };
      return { row, score: scoreCandidate(candidate) };
    });
    const shares = creditShares(scored.map((s) => s.score.score));
    scored.forEach(({ row, score }, i) =>
      out.push({
        playId: String(row.play_id),
        campaignId: row.campaign_id,
        generation: row.generation,
        clickId: row.click_id,
        linkId: row.link_id,
        listenerId: row.listener_id,
        trackId: row.track_id,
        playedAt: new Date(row.played_at),
        clickedAt: new Date(row.clicked_at),
        score: score.score,
        tier: score.tier,
        reasons: score.reasons,
        credit: shares[i] ?? 0,
        modelVersion: MODEL_VERSION,
      }),
    );
  }
  return out;
}

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

/** The writers' lock, shared: taken first by every transaction that attributes plays. */
export async function lockShared(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock_shared(${WRITERS_LOCK})`);
}

/** The plays' rows, in id order: concurrent writers of one play's attributions run one after the other. */
export async function lockPlayRows(manager: EntityManager, playIds: string[]): Promise<void> {
  if (playIds.length === 0) return;
  await manager.query('SELECT id FROM plays WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE', [
    playIds,
  ]);
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
  const rows = (await manager.query('SELECT DISTINCT play_id FROM attributions WHERE campaign_id = $1', [
    campaignId,
  ])) as Array<{ play_id: string }>;
  await manager.query('DELETE FROM attributions WHERE campaign_id = $1', [campaignId]);
  await manager.query('DELETE FROM attribution_jobs WHERE campaign_id = $1', [campaignId]);
  return rows.map((r) => String(r.play_id));
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
 * Schedules a re-attribution of the campaign in `manager`'s transaction (a change that can change its
 * attributions: dates, window, destination, status, the playlist's tracks, the model): a queued job, or the
 * one already waiting (it reads the campaign when it runs, so it sees this change too). The campaign's row is
 * locked first, so two changes never queue two jobs for one generation. Answers the job's id, or undefined
 * when the campaign does not exist.
 */
export async function scheduleReattribution(
  manager: EntityManager,
  campaignId: string,
  reason: string,
): Promise<string | undefined> {
  const [campaign] = (await manager.query(
    'SELECT attribution_generation FROM campaigns WHERE id = $1 FOR UPDATE',
    [campaignId],
  )) as Array<{ attribution_generation: number }>;
  if (!campaign) return undefined;
  const [waiting] = (await manager.query(
    `SELECT id FROM attribution_jobs WHERE campaign_id = $1 AND status = 'queued' ORDER BY created_at LIMIT 1`,
    [campaignId],
  )) as Array<{ id: string }>;
  if (waiting) return waiting.id;
  const [running] = (await manager.query(
    `SELECT max(generation) AS generation FROM attribution_jobs WHERE campaign_id = $1 AND status = 'running'`,
    [campaignId],
  )) as Array<{ generation: number | null }>;
  const generation = Math.max(campaign.attribution_generation, running?.generation ?? 0) + 1;
  const [job] = (await manager.query(
    `INSERT INTO attribution_jobs (campaign_id, status, reason, generation, total, processed)
     VALUES ($1, 'queued', $2, $3, 0, 0) RETURNING id`,
    [campaignId, reason.slice(0, 30), generation],
  )) as Array<{ id: string }>;
  return job?.id;
}

/**
 * A listener's history grew in the past (an import): the baseline of their attributed plays may change, so
 * every campaign they clicked is attributed again (in `manager`'s transaction, as `scheduleReattribution`).
 */
export async function scheduleListenerReattribution(
  manager: EntityManager,
  listenerId: string,
  reason: string,
): Promise<void> {
  const campaigns = (await manager.query(
    'SELECT DISTINCT campaign_id FROM clicks WHERE listener_id = $1 ORDER BY campaign_id',
    [listenerId],
  )) as Array<{ campaign_id: string }>;
  for (const { campaign_id } of campaigns) await scheduleReattribution(manager, campaign_id, reason);
}

/** Campaigns holding attributions of another model version than this one (they are attributed again). */
export async function campaignsOnOtherModel(manager: EntityManager, modelVersion: string): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT c.id FROM campaigns c
      WHERE EXISTS (SELECT 1 FROM attributions a
                     WHERE a.campaign_id = c.id AND a.generation = c.attribution_generation
                       AND a.model_version <> $1)`,
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
 * For a transaction that removed attributions (a campaign or a link deleted), under `lockAllWriters`: the
 * plays that lost one are attributed again (a play may still qualify through another click) and their credit
 * is split again over the campaigns that hold them.
 */
export async function reattributePlays(manager: EntityManager, playIds: string[]): Promise<void> {
  if (playIds.length === 0) return;
  await insertAttributions(
    manager,
    scoreRows(await manager.query(candidatesSql('p.id = ANY($1::bigint[])'), [playIds])),
  );
  await rebalanceCredits(manager, playIds);
}

/**
 * Writes attributions and returns those actually written: a row already there (same play, campaign,
 * generation) is left as is, so reruns change nothing, except for the plays in `rescore`, whose row takes
 * the new score, reasons and click when they differ (a play stored later changed what came before the click).
 */
async function insertAttributions(
  manager: EntityManager,
  rows: AttributedRow[],
  rescore: string[] = [],
): Promise<AttributedRow[]> {
  if (rows.length === 0) return [];
  const onConflict =
    rescore.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET click_id = EXCLUDED.click_id, link_id = EXCLUDED.link_id, clicked_at = EXCLUDED.clicked_at,
                       score = EXCLUDED.score, tier = EXCLUDED.tier, reasons = EXCLUDED.reasons,
                       model_version = EXCLUDED.model_version
          WHERE attributions.play_id = ANY($2::bigint[])
            AND (attributions.score, attributions.reasons, attributions.click_id)
                IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.reasons, EXCLUDED.click_id)`;
  const result: Array<{ play_id: string; campaign_id: string }> = await manager.query(
    `INSERT INTO attributions (play_id, campaign_id, generation, click_id, link_id, listener_id, track_id, played_at,
                               clicked_at, score, tier, reasons, credit, model_version)
     SELECT "playId"::bigint, "campaignId", generation, "clickId", "linkId", "listenerId", "trackId", "playedAt",
            "clickedAt", score, tier, ARRAY(SELECT json_array_elements_text(reasons)), credit, "modelVersion"
       FROM json_to_recordset($1::json) AS t("playId" text, "campaignId" uuid, generation int, "clickId" uuid,
            "linkId" uuid, "listenerId" uuid, "trackId" varchar, "playedAt" timestamptz, "clickedAt" timestamptz,
            score real, tier varchar, reasons json, credit real, "modelVersion" varchar)
     ON CONFLICT (play_id, campaign_id, generation) ${onConflict}
     RETURNING play_id, campaign_id`,
    rescore.length === 0 ? [JSON.stringify(rows)] : [JSON.stringify(rows), rescore],
  );
  const written = new Set(result.map((r) => `${String(r.play_id)}:${r.campaign_id}`));
  return rows.filter((row) => written.has(`${row.playId}:${row.campaignId}`));
}

@Injectable()
export class AttributionEngine {
  lockAllWriters = lockAllWriters;
  rebalance = rebalanceCredits;
  insert = insertAttributions;

  /**
   * Attributes these plays inside the caller's transaction: writes what qualifies (a row already there is
   * kept) and rebalances the credit of the plays written to over all campaigns, with those plays' rows locked
   * (a play no campaign qualifies for is left alone: nothing is written for it). `dequeue` takes the plays
   * off the sweep's queue (the sweep takes its own rows off as it reads them). `rescore`: plays stored
   * before whose scores the new plays may change (same listener and track, played later): they are locked
   * first, so a run attributing them elsewhere has committed (or waits for this one), then scored again and
   * their rows updated where the score, reasons or click changed.
   */
  async attribute(
    manager: EntityManager,
    playIds: string[],
    dequeue = true,
    rescore: string[] = [],
  ): Promise<AttributedRow[]> {
    if (playIds.length === 0 && rescore.length === 0) return [];
    await lockShared(manager);
    const again = [...new Set(rescore)].sort((x, y) => Number(x) - Number(y));
    await lockPlayRows(manager, again);
    const candidates = await this.candidatesForPlays(manager, [...playIds, ...again]);
    const touched = [...new Set(candidates.map((row) => row.playId))].sort((x, y) => Number(x) - Number(y));
    const lockedAlready = new Set(again);
    await lockPlayRows(
      manager,
      touched.filter((id) => !lockedAlready.has(id)),
    );
    const written = await this.insert(manager, candidates, again);
    await this.rebalance(manager, touched);
    if (dequeue && playIds.length > 0) {
      // Rows a sweep has taken are its to delete (waiting for them could deadlock with it: it waits for the plays).
      await manager.query(
        `DELETE FROM attribution_queue WHERE play_id IN (
           SELECT play_id FROM attribution_queue WHERE play_id = ANY($1::bigint[]) FOR UPDATE SKIP LOCKED)`,
        [playIds],
      );
    }
    return written;
  }

  /**
   * Candidates of one listener's plays for one campaign, written to `generation` (re-attribution). Credit
   * shares are computed against every campaign the play qualifies for, as in incremental runs.
   */
  async candidatesForCampaign(
    manager: EntityManager,
    campaignId: string,
    generation: number,
    listenerIds: string[],
    afterPlayId = '0',
  ): Promise<AttributedRow[]> {
    const rows: CandidateRow[] = await manager.query(
      candidatesSql(
        'p.listener_id = ANY($1::uuid[]) AND p.id > $4',
        'true',
        `CASE WHEN c.id = $2 THEN $3::int ELSE c.attribution_generation END`,
      ),
      [listenerIds, campaignId, generation, afterPlayId],
    );
    return scoreRows(rows).filter((row) => row.campaignId === campaignId);
  }

  /** Candidates of specific plays (just ingested by a poll or a sync). */
  async candidatesForPlays(manager: EntityManager, playIds: string[]): Promise<AttributedRow[]> {
    const rows: CandidateRow[] = await manager.query(candidatesSql('p.id = ANY($1::bigint[])'), [playIds]);
    return scoreRows(rows);
  }
}
