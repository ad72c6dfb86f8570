import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CachedLink, LinkCacheRepository } from './link-cache.repository';

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

  constructor(private readonly repository: LinkCacheRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    this.changesTimer = setInterval(() => void this.readChanges(), CHANGES_POLL_MS);
    this.changesTimer.unref();
    try {
      // Before the preload: a change made while it runs is read afterwards.
      this.changesReadAt = (await this.repository.now())?.toISOString();
      const rows = await this.repository.liveLinks(MAX_ENTRIES / 2);
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
    const promise = this.repository
      .bySlug(slug)
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
    this.repository
      .recordChange(slug, campaignId, this.origin)
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
      const rows = await this.repository.changesSince(
        this.changesReadAt ?? null,
        this.origin,
        CHANGES_OVERLAP_S,
      );
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
      if (++this.changeReads % 600 === 0) await this.repository.deleteChangesOlderThanAnHour();
    } catch (error) {
      // The database is away: entries are served as they are (and expire) until it is back.
      if (!this.changesFailing)
        this.logger.warn(`Could not read link changes of other API processes: ${String(error)}`);
      this.changesFailing = true;
    } finally {
      this.readingChanges = false;
    }
  }
}
