import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
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

interface Entry {
  link: CachedLink | null;
  until: number;
}

const POSITIVE_TTL_MS = 60_000;
const NEGATIVE_TTL_MS = 5_000;
const MAX_ENTRIES = 100_000;

/**
 * Slug -> link, in process. Changes made through this process invalidate at once (the link and campaign
 * services call invalidate*); entries also expire after a minute so other replicas converge. The links of
 * live campaigns are loaded at start, and while the database is unreachable an expired entry is still
 * served, so tracker links keep working through an outage. Concurrent misses for one slug share one query.
 */
@Injectable()
export class LinkCache implements OnApplicationBootstrap {
  private readonly logger = new Logger(LinkCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<CachedLink | null>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const rows = await this.rows(
        `WHERE l.enabled AND c.status <> 'archived' ORDER BY l.created_at DESC LIMIT ${MAX_ENTRIES / 2}`,
        [],
      );
      for (const link of rows) this.remember(link.slug, link);
    } catch (error) {
      this.logger.warn(`Could not preload tracker links: ${String(error)}`);
    }
  }

  /** The cached answer when fresh (null = known not to exist); undefined when it must be loaded. */
  peek(slug: string, now = Date.now()): CachedLink | null | undefined {
    const entry = this.entries.get(slug);
    if (!entry || entry.until <= now) return undefined;
    return entry.link;
  }

  load(slug: string): Promise<CachedLink | null> {
    const pending = this.loading.get(slug);
    if (pending) return pending;
    const promise = this.rows('WHERE l.slug = $1', [slug])
      .then(
        ([link]) => this.remember(slug, link ?? null),
        (error: unknown) => {
          const stale = this.entries.get(slug);
          if (stale?.link) return stale.link;
          throw error;
        },
      )
      .finally(() => this.loading.delete(slug));
    this.loading.set(slug, promise);
    return promise;
  }

  private remember(slug: string, link: CachedLink | null): CachedLink | null {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(slug, { link, until: Date.now() + (link ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS) });
    return link;
  }

  invalidate(slug: string): void {
    this.entries.delete(slug);
  }

  invalidateCampaign(campaignId: string): void {
    for (const [slug, entry] of this.entries)
      if (entry.link?.campaignId === campaignId) this.entries.delete(slug);
  }

  private async rows(where: string, params: unknown[]): Promise<CachedLink[]> {
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
