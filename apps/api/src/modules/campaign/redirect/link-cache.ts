import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
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
/** How often the changes other processes made are read. */
export const CHANGES_POLL_MS = 1_000;
/** Each read goes this far back before the previous one, so a change committed late is not missed. */
const CHANGES_OVERLAP_S = 5;

/**
 * Slug -> link, in process. Changes made through this process invalidate at once (the link and campaign
 * services call invalidate*); they are also written to `link_cache_changes`, which every process reads each
 * second, so the other API processes of a deployment drop their entry within about a second. Entries also
 * expire after a minute, in case a change could not be written. The links of live campaigns are loaded at
 * start, and while the database is unreachable an expired entry is still served, so tracker links keep
 * working through an outage. Concurrent misses for one slug share one query.
 */
@Injectable()
export class LinkCache implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LinkCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<CachedLink | null>>();
  /** This process, in the changes it writes (it has applied them already). */
  private readonly origin = randomUUID();
  /** The database's time of the last successful read of changes. */
  private changesReadAt?: string;
  /** Changes seen in the last read (the next one overlaps it). */
  private changesSeen = new Set<string>();
  private changesTimer?: NodeJS.Timeout;
  private readingChanges = false;
  private changesFailing = false;
  private changeReads = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    this.changesTimer = setInterval(() => void this.readChanges(), CHANGES_POLL_MS);
    this.changesTimer.unref();
    try {
      // Before the preload: a change made while it runs is read afterwards.
      const [row] = (await this.dataSource.query('SELECT now() AS now')) as Array<{ now: Date }>;
      this.changesReadAt = row?.now.toISOString();
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

  beforeApplicationShutdown(): void {
    clearInterval(this.changesTimer);
  }

  /** A link changed (or was created or deleted): here at once, in the other processes within a second. */
  invalidate(slug: string): void {
    this.entries.delete(slug);
    this.announce(slug, null);
  }

  /** A campaign changed or was deleted: all its links, here and in the other processes. */
  invalidateCampaign(campaignId: string): void {
    this.forgetCampaign(campaignId);
    this.announce(null, campaignId);
  }

  private forgetCampaign(campaignId: string): void {
    for (const [slug, entry] of this.entries)
      if (entry.link?.campaignId === campaignId) this.entries.delete(slug);
  }

  private announce(slug: string | null, campaignId: string | null): void {
    this.dataSource
      .query('INSERT INTO link_cache_changes (slug, campaign_id, origin) VALUES ($1, $2, $3)', [
        slug,
        campaignId,
        this.origin,
      ])
      .catch((error: unknown) =>
        this.logger.warn(
          `Could not tell the other API processes of a link change (their cached entry expires within a minute): ${String(error)}`,
        ),
      );
  }

  /** Drops the entries other processes changed since the last read (and clears out changes older than an hour). */
  private async readChanges(): Promise<void> {
    if (this.readingChanges) return;
    this.readingChanges = true;
    try {
      const rows = (await this.dataSource.query(
        `WITH clock AS (SELECT now() AS now)
         SELECT clock.now, c.seq::text AS seq, c.slug, c.campaign_id
           FROM clock LEFT JOIN link_cache_changes c
             ON c.changed_at > coalesce($1::timestamptz, clock.now) - make_interval(secs => ${CHANGES_OVERLAP_S})
            AND c.origin <> $2`,
        [this.changesReadAt ?? null, this.origin],
      )) as Array<{ now: Date; seq: string | null; slug: string | null; campaign_id: string | null }>;
      const seen = new Set<string>();
      for (const row of rows) {
        if (row.seq === null) continue;
        seen.add(row.seq);
        if (this.changesSeen.has(row.seq)) continue;
        if (row.slug !== null) this.entries.delete(row.slug);
        if (row.campaign_id !== null) this.forgetCampaign(row.campaign_id);
      }
      this.changesSeen = seen;
      this.changesReadAt = rows[0]?.now.toISOString() ?? this.changesReadAt;
      if (this.changesFailing) this.logger.log('Reading link changes again.');
      this.changesFailing = false;
      if (++this.changeReads % 600 === 0)
        await this.dataSource.query(
          `DELETE FROM link_cache_changes WHERE changed_at < now() - interval '1 hour'`,
        );
    } catch (error) {
      // The database is away: entries are served as they are (and expire) until it is back.
      if (!this.changesFailing)
        this.logger.warn(`Could not read link changes of other API processes: ${String(error)}`);
      this.changesFailing = true;
    } finally {
      this.readingChanges = false;
    }
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
