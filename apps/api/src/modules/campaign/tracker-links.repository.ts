import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DestinationType } from './campaign.entity';

/** A tracker link as the listener connect page shows it: the link, its campaign and the owner's name. */
export interface ConnectLinkRow {
  slug: string;
  enabled: boolean;
  expires_at: Date | null;
  status: string;
  campaign_id: string;
  campaign_name: string;
  destination_type: DestinationType;
  destination_id: string;
  destination_name: string | null;
  destination_image_url: string | null;
  owner_name: string;
}

/** Reads of tracker_links for other modules (the redirect's own reads are LinkCacheRepository's). */
@Injectable()
export class TrackerLinksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The link with this slug (any case), its campaign and the owner's display name (a justified read of
   * owners, auth's table: one statement for the connect page), if any.
   */
  async forConnect(slug: string): Promise<ConnectLinkRow | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT l.slug, l.enabled, l.expires_at, c.status, c.id AS campaign_id, c.name AS campaign_name,
              c.destination_type, c.destination_id, c.destination_name, c.destination_image_url,
              o.display_name AS owner_name
         FROM tracker_links l
         JOIN campaigns c ON c.id = l.campaign_id
         JOIN owners o ON o.id = c.owner_id
        WHERE l.slug = $1`,
      [slug.toLowerCase()],
    )) as ConnectLinkRow[];
    return rows[0];
  }
}
