import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CampaignEntity } from '../campaign/campaign.entity';
import type { ResolvedRange } from './analytics-range';

/** Where the previous page of an attributions export ended: its last row's played_at (as text) and id. */
export interface AttributionCursor {
  at: string;
  id: string;
}

/** The SQL of the streamed exports (`AnalyticsExportService`) that do not come from the figure endpoints. */
@Injectable()
export class AnalyticsExportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One page of the campaign's current attributions in the range (filtered), newest first (keyset pagination
   * on played_at, id: the page after `cursor`), with the track's name and the click's utm_source.
   */
  async attributions(
    campaign: CampaignEntity,
    range: ResolvedRange,
    cursor: AttributionCursor | undefined,
    limit: number,
  ): Promise<Array<Record<string, unknown>>> {
    const params: unknown[] = [campaign.id, campaign.attributionGeneration, range.from, range.to];
    let filters = '';
    if (range.linkId) filters += ` AND a.link_id = $${params.push(range.linkId)}`;
    if (range.tier) filters += ` AND a.tier = $${params.push(range.tier)}`;
    if (range.utmSource) filters += ` AND a.utm_source = $${params.push(range.utmSource)}`;
    if (cursor) {
      filters += ` AND (a.played_at, a.id) < ($${params.push(cursor.at)}::timestamptz, $${params.push(cursor.id)}::bigint)`;
    }
    const rows = (await this.dataSource.query(
      `SELECT a.id, a.play_id, a.track_id, t.name AS track_name, a.played_at::text AS played_at, a.listener_id,
              a.click_id, a.link_id, nullif(a.utm_source, '') AS utm_source, a.score, a.tier, a.reasons, a.credit, a.model_version
         FROM attributions a LEFT JOIN tracks t ON t.id = a.track_id
        WHERE a.campaign_id = $1 AND a.generation = $2 AND a.played_at >= $3 AND a.played_at < $4${filters}
        ORDER BY a.played_at DESC, a.id DESC
        LIMIT ${limit}`,
      params,
    )) as Array<Record<string, unknown>>;
    return rows;
  }
}
