import { EntityManager } from 'typeorm';

/** campaign_tracks: when each track entered and left a campaign's target set (free functions, any transaction). */

/** When a track was in a campaign's target set. */
export interface TrackPeriod {
  trackId: string;
  addedAt: Date;
  removedAt: Date | null;
}

/** The tracks in the campaign's target set at `at`, by id. */
export async function trackIdsAt(manager: EntityManager, campaignId: string, at: Date): Promise<string[]> {
  const rows: Array<{ track_id: string }> = await manager.query(
    `SELECT DISTINCT track_id FROM campaign_tracks
      WHERE campaign_id = $1 AND added_at <= $2 AND (removed_at IS NULL OR removed_at > $2) ORDER BY track_id`,
    [campaignId, at],
  );
  return rows.map((row) => row.track_id);
}

/** When the track was in the campaign's target set (added, removed). */
export async function trackPeriods(
  manager: EntityManager,
  campaignId: string,
  trackId: string,
): Promise<TrackPeriod[]> {
  return (
    (await manager.query(
      'SELECT track_id, added_at, removed_at FROM campaign_tracks WHERE campaign_id = $1 AND track_id = $2',
      [campaignId, trackId],
    )) as Array<{ track_id: string; added_at: Date; removed_at: Date | null }>
  ).map((r) => ({
    trackId: r.track_id,
    addedAt: new Date(r.added_at),
    removedAt: r.removed_at ? new Date(r.removed_at) : null,
  }));
}
