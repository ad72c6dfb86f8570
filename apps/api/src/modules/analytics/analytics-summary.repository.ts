import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The SQL of the campaigns list's key figures (`AnalyticsSummaryService`): the UTC day rows of the click and
 * play rollups only, so it costs the same whatever the traffic.
 */
@Injectable()
export class AnalyticsSummaryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One row per owned campaign (or those of `ids` among them) and UTC day of [from, to), newest campaign first,
   * with the day's clicks, connects, attributed plays and listeners (null on a day without rows).
   */
  async dailyFigures(
    ownerId: string,
    from: Date,
    to: Date,
    ids: readonly string[] | undefined,
  ): Promise<Array<Record<string, unknown>>> {
    const params: unknown[] = [ownerId, from, to];
    const only = ids ? ` AND c.id = ANY($${params.push(ids)}::uuid[])` : '';
    const rows = (await this.dataSource.query(
      `WITH owned AS (
         SELECT c.id, c.attribution_generation, c.created_at FROM campaigns c WHERE c.owner_id = $1${only}
       ), days AS (
         SELECT generate_series($2::timestamptz, $3::timestamptz - interval '1 day', interval '1 day') AS day
       ), k AS (
         SELECT r.campaign_id, r.bucket, sum(r.clicks)::int AS clicks, sum(r.connects)::int AS connects
           FROM analytics_click_rollups r JOIN owned o ON o.id = r.campaign_id
          WHERE r.grain = 'd' AND r.bucket >= $2 AND r.bucket < $3
          GROUP BY 1, 2
       ), a AS (
         SELECT r.campaign_id, r.bucket, sum(r.plays)::int AS plays, sum(r.listeners)::int AS listeners
           FROM analytics_play_rollups r JOIN owned o ON o.id = r.campaign_id AND r.generation = o.attribution_generation
          WHERE r.grain = 'd' AND r.bucket >= $2 AND r.bucket < $3
          GROUP BY 1, 2
       )
       SELECT o.id, d.day, k.clicks, k.connects, a.plays, a.listeners
         FROM owned o CROSS JOIN days d
         LEFT JOIN k ON k.campaign_id = o.id AND k.bucket = d.day
         LEFT JOIN a ON a.campaign_id = o.id AND a.bucket = d.day
        ORDER BY o.created_at DESC, o.id DESC, d.day`,
      params,
    )) as Array<Record<string, unknown>>;
    return rows;
  }
}
