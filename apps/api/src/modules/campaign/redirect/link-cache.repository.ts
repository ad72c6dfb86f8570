import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CampaignStatus, DestinationType } from '../campaign.entity';

/** What the redirect needs to know about a slug, read in one query and kept in memory. */
export interface CachedLink {
  linkId: string;
  campaignId: string;
  slug: string;
  enabled: boolean;
  expiresAt: number | null;
  campaignStatus: CampaignStatus;
  destinationType: DestinationType;
  destinationId: string;
  utm: {
    source: string | null;
    medium: string | null;
    campaign: string | null;
    content: string | null;
    term: string | null;
  };
}

/** A change another process announced (link_cache_changes), read with the database's clock. */
export interface LinkChangeRow {
  now: Date;
  seq: string | null;
  slug: string | null;
  campaign_id: string | null;
}

/** What the link cache reads (tracker_links with their campaign) and link_cache_changes, its cross-process log. */
@Injectable()
export class LinkCacheRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The database's clock. */
  async now(): Promise<Date | undefined> {
    const [row] = (await this.dataSource.query('SELECT now() AS now')) as Array<{ now: Date }>;
    return row?.now;
  }

  /** The newest `limit` enabled links of campaigns not archived. */
  liveLinks(limit: number): Promise<CachedLink[]> {
    return this.links(
      `WHERE l.enabled AND c.status <> 'archived' ORDER BY l.created_at DESC LIMIT ${limit}`,
      [],
    );
  }

  /** The link with this slug (none when unknown). */
  bySlug(slug: string): Promise<CachedLink[]> {
    return this.links('WHERE l.slug = $1', [slug]);
  }

  /** Announces a change of a link (slug) or of a campaign's links to the other processes. */
  async recordChange(slug: string | null, campaignId: string | null, origin: string): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO link_cache_changes (slug, campaign_id, origin) VALUES ($1, $2, $3)',
      [slug, campaignId, origin],
    );
  }

  /**
   * The changes other origins made since `readAt` (minus `overlapS` seconds; since now when null), and the
   * database's time: one row with seq null when there are none.
   */
  async changesSince(readAt: string | null, origin: string, overlapS: number): Promise<LinkChangeRow[]> {
    return (await this.dataSource.query(
      `WITH clock AS (SELECT now() AS now)
       SELECT clock.now, c.seq::text AS seq, c.slug, c.campaign_id
         FROM clock LEFT JOIN link_cache_changes c
           ON c.changed_at > coalesce($1::timestamptz, clock.now) - make_interval(secs => ${overlapS})
          AND c.origin <> $2`,
      [readAt, origin],
    )) as LinkChangeRow[];
  }

  async deleteChangesOlderThanAnHour(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM link_cache_changes WHERE changed_at < now() - interval '1 hour'`,
    );
  }

  private async links(where: string, params: unknown[]): Promise<CachedLink[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT l.id, l.campaign_id, l.slug, l.enabled, l.expires_at, l.utm_source, l.utm_medium, l.utm_campaign,
              l.utm_content, l.utm_term, c.status, c.destination_type, c.destination_id
         FROM tracker_links l JOIN campaigns c ON c.id = l.campaign_id ${where}`,
      params,
    );
    return rows.map((row) => ({
      linkId: row['id'] as string,
      campaignId: row['campaign_id'] as string,
      slug: row['slug'] as string,
      enabled: row['enabled'] as boolean,
      expiresAt: row['expires_at'] ? new Date(row['expires_at'] as string).getTime() : null,
      campaignStatus: row['status'] as CampaignStatus,
      destinationType: row['destination_type'] as DestinationType,
      destinationId: row['destination_id'] as string,
      utm: {
        source: row['utm_source'] as string | null,
        medium: row['utm_medium'] as string | null,
        campaign: row['utm_campaign'] as string | null,
        content: row['utm_content'] as string | null,
        term: row['utm_term'] as string | null,
      },
    }));
  }
}
