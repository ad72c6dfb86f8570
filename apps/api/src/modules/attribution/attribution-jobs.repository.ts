import { EntityManager } from 'typeorm';
import { campaignsClickedBy, lockAttributionGeneration } from '../campaign/campaign-attribution.repository';

/** attribution_jobs: the queue of campaigns' re-attributions (ReattributionService runs them). */

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
  const current = await lockAttributionGeneration(manager, campaignId);
  if (current === undefined) return undefined;
  const [waiting] = (await manager.query(
    `SELECT id FROM attribution_jobs WHERE campaign_id = $1 AND status = 'queued' ORDER BY created_at LIMIT 1`,
    [campaignId],
  )) as Array<{ id: string }>;
  if (waiting) return waiting.id;
  const [running] = (await manager.query(
    `SELECT max(generation) AS generation FROM attribution_jobs WHERE campaign_id = $1 AND status = 'running'`,
    [campaignId],
  )) as Array<{ generation: number | null }>;
  const generation = Math.max(current, running?.generation ?? 0) + 1;
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
  for (const campaignId of await campaignsClickedBy(manager, listenerId))
    await scheduleReattribution(manager, campaignId, reason);
}

/**
 * Claims the oldest queued job (or a running one whose lease ran out), one process at a time per job, for
 * `leaseS` seconds; answers its id.
 */
export async function claimJob(manager: EntityManager, leaseS: number): Promise<string | undefined> {
  const rows = (await manager.query(
    `UPDATE attribution_jobs SET status = 'running', started_at = coalesce(started_at, now()),
            lease_until = now() + make_interval(secs => $1)
      WHERE id = (SELECT id FROM attribution_jobs
                   WHERE status = 'queued' OR (status = 'running' AND lease_until < now())
                   ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    [leaseS],
  )) as [Array<{ id: string }>, number] | Array<{ id: string }>;
  const list = Array.isArray(rows[0]) ? (rows[0] as Array<{ id: string }>) : (rows as Array<{ id: string }>);
  return list[0]?.id;
}
