import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CampaignsSummaryDto, CampaignSummaryDto } from './dto/campaigns-summary.dto';

const DAY = 86_400_000;

/**
 * Key figures of many campaigns at once, for the campaigns list: the UTC day rows of the rollups only
 * (one row per campaign, day, link and utm_source), so it costs the same whatever the traffic.
 */
@Injectable()
export class AnalyticsSummaryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async campaignsSummary(
    ownerId: string,
    days: number,
    ids: readonly string[] | undefined,
    now = new Date(),
  ): Promise<CampaignsSummaryDto> {
    const today = Math.floor(now.getTime() / DAY) * DAY;
    const from = new Date(today - (days - 1) * DAY);
    const to = new Date(today + DAY);
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
    const byCampaign = new Map<string, CampaignSummaryDto>();
    for (const row of rows) {
      const id = row['id'] as string;
      let summary = byCampaign.get(id);
      if (!summary) {
        summary = { campaignId: id, clicks: 0, connects: 0, listeners: 0, attributedPlays: 0, series: [] };
        byCampaign.set(id, summary);
      }
      const point = {
        day: new Date(row['day'] as string).toISOString(),
        clicks: Number(row['clicks'] ?? 0),
        listeners: Number(row['listeners'] ?? 0),
        attributedPlays: Number(row['plays'] ?? 0),
      };
      summary.series.push(point);
      summary.clicks += point.clicks;
      summary.connects += Number(row['connects'] ?? 0);
      summary.listeners += point.listeners;
      summary.attributedPlays += point.attributedPlays;
    }
    return { days, from: from.toISOString(), to: to.toISOString(), campaigns: [...byCampaign.values()] };
  }
}
