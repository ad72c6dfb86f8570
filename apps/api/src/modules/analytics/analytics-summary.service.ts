import { Injectable } from '@nestjs/common';
import { AnalyticsSummaryRepository } from './analytics-summary.repository';
import type { CampaignsSummaryDto, CampaignSummaryDto } from './dto/campaigns-summary.dto';

const DAY = 86_400_000;

/**
 * Key figures of many campaigns at once, for the campaigns list: the UTC day rows of the rollups only
 * (one row per campaign, day, link and utm_source), so it costs the same whatever the traffic.
 */
@Injectable()
export class AnalyticsSummaryService {
  constructor(private readonly repository: AnalyticsSummaryRepository) {}

  async campaignsSummary(
    ownerId: string,
    days: number,
    ids: readonly string[] | undefined,
    now = new Date(),
  ): Promise<CampaignsSummaryDto> {
    const today = Math.floor(now.getTime() / DAY) * DAY;
    const from = new Date(today - (days - 1) * DAY);
    const to = new Date(today + DAY);
    const rows = await this.repository.dailyFigures(ownerId, from, to, ids);
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
