import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events.service';
import { AnalyticsRollups } from '../analytics/analytics-rollups.service';
import { AttributionService } from '../attribution/attribution.service';
import { attributionsOfListener, deleteListenerAttributions } from '../attribution/attribution.repository';
import { ClicksRepository } from '../campaign/clicks.repository';
import { SpotifyClient } from '../spotify/spotify.client';
import { SpotifyDevModeCapError, SpotifyReconnectRequiredError } from '../spotify/spotify.errors';
import type {
  ListenerCampaignDto,
  ListenerExportDto,
  ListenerMeDto,
  ListenerPlayDto,
  ListenerSyncResultDto,
} from './dto/listener.dto';
import { listenerDisconnected, listenerNotConnected, syncTooSoon } from './listener.errors';
import { PollerLocator } from './listener-sync.service';
import { ListenerErasureRepository } from './listener-erasure.repository';
import { ListenerTokens } from './listener-tokens.service';
import { ListenerSourceHooks } from './listener-source-hooks.service';
import { ListenerRepository, ListenerRow } from './listener.repository';
import { ingestRecentlyPlayed, RECENTLY_PLAYED_MAX } from './play-ingest.repository';
import { recordListenerErased } from '../webhooks/webhook-outbox.repository';

/** Tables this service exports and erases by name; any other table with a listener_id is pseudonymised. */
const OWN_TABLES = new Set(['clicks', 'plays', 'observation_gaps', 'listeners', 'attributions']);

/** "Sync now" at most this often per listener (Spotify's rate limit is shared by every listener). */
export const SYNC_INTERVAL_MS = 30_000;

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/**
 * What a listener can see and do about their own data: look at it, sync it, export it, disconnect (tokens
 * deleted, polling stops) and erase (plays deleted, clicks anonymised, the listener deleted).
 */
@Injectable()
export class ListenerService {
  private readonly logger = new Logger('Listener');
  private readonly lastSync = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly client: SpotifyClient,
    private readonly tokens: ListenerTokens,
    private readonly pollers: PollerLocator,
    private readonly events: DomainEvents,
    private readonly attribution: AttributionService,
    private readonly rollups: AnalyticsRollups,
    private readonly listeners: ListenerRepository,
    private readonly erasure: ListenerErasureRepository,
    private readonly clicks: ClicksRepository,
    private readonly hooks: ListenerSourceHooks,
  ) {}

  /** Tables exported and erased by name: this service's, and those of the sources module. */
  private ownTables(): Set<string> {
    return new Set([...OWN_TABLES, ...(this.hooks.sources?.tables ?? [])]);
  }

  async me(listenerId: string): Promise<ListenerMeDto> {
    const listener = await this.listener(listenerId);
    const counts = await this.listeners.counts(listenerId);
    const campaigns = await this.clicks.campaignsOfListener(listenerId);
    const plays = await this.listeners.recentPlays(listenerId);
    return {
      displayName: listener.display_name,
      status: listener.status,
      connectedAt: iso(listener.consented_at) as string,
      firstConnectedAt: iso(listener.created_at) as string,
      disconnectedAt: iso(listener.disconnected_at),
      lastSyncedAt: iso(listener.last_polled_at),
      counts: { clicks: counts?.clicks ?? 0, plays: counts?.plays ?? 0, campaigns: campaigns.length },
      campaigns: campaigns.map((c): ListenerCampaignDto => ({
        name: c.name,
        destinationName: c.destination_name,
        clicks: c.clicks,
        firstClickAt: iso(c.first_click_at) as string,
        lastClickAt: iso(c.last_click_at) as string,
      })),
      recentPlays: plays.map((p): ListenerPlayDto => ({
        playedAt: iso(p.played_at) as string,
        trackName: p.track_name,
        artistNames: p.artist_names,
        source: p.source,
      })),
    };
  }

  /**
   * Reads new plays now: through the polling service when the app has one, else directly (one
   * recently-played call after the cursor, stored with ingestRecentlyPlayed). At most once per 30 s.
   */
  async sync(listenerId: string): Promise<ListenerSyncResultDto> {
    const now = Date.now();
    const last = this.lastSync.get(listenerId);
    if (last !== undefined && now - last < SYNC_INTERVAL_MS) {
      throw syncTooSoon(Math.ceil((SYNC_INTERVAL_MS - (now - last)) / 1000));
    }
    const listener = await this.listener(listenerId);
    const spotify =
      listener.status !== 'disconnected' && !!listener.access_token_enc && !!listener.refresh_token_enc;
    this.lastSync.set(listenerId, now);
    if (this.lastSync.size > 50_000) this.forgetOldSyncs(now);
    // Last.fm and ListenBrainz (the sources module), then Spotify when it is connected.
    const sources = await this.hooks.sources?.sync(listenerId);
    if (!spotify) {
      if (!sources) {
        this.lastSync.delete(listenerId);
        throw listenerDisconnected();
      }
      return { ...sources, syncedAt: new Date().toISOString() };
    }

    const poller = this.pollers.poller();
    let newPlays: number;
    let attributedPlays: number;
    if (poller) {
      const before = await this.listeners.playCount(listenerId);
      const result = await poller.pollListenerNow(listenerId);
      const { inserted, attributed } = (result ?? {}) as { inserted?: unknown; attributed?: unknown };
      newPlays =
        typeof result === 'number'
          ? result
          : typeof inserted === 'number'
            ? inserted
            : Math.max(0, (await this.listeners.playCount(listenerId)) - before);
      attributedPlays = typeof attributed === 'number' ? attributed : 0;
    } else {
      ({ newPlays, attributedPlays } = await this.syncDirectly(listener));
    }
    return {
      newPlays: newPlays + (sources?.newPlays ?? 0),
      attributedPlays: attributedPlays + (sources?.attributedPlays ?? 0),
      syncedAt: new Date().toISOString(),
    };
  }

  /** Everything stored about the listener (never the tokens). */
  async export(listenerId: string): Promise<ListenerExportDto> {
    const listener = await this.listeners.exportRow(listenerId);
    if (!listener) throw listenerNotConnected();
    const clicks = await this.clicks.exportOfListener(listenerId);
    const plays = await this.listeners.exportPlays(listenerId);
    const observationGaps = await this.listeners.exportGaps(listenerId);
    const tables = await this.erasure.tablesWithListenerId(this.dataSource.manager);
    const attributions = tables.includes('attributions')
      ? await attributionsOfListener(this.dataSource.manager, listenerId)
      : [];
    const other: Record<string, Array<Record<string, unknown>>> = {};
    const own = this.ownTables();
    for (const table of tables.filter((t) => !own.has(t))) {
      const rows = await this.erasure.rowsOf(this.dataSource.manager, table, listenerId);
      if (rows.length > 0) other[table] = rows;
    }
    // The listener's Last.fm and ListenBrainz accounts, never their credentials.
    const sources = await this.hooks.sources?.export(listenerId);
    if (sources && sources.length > 0) other['listening_sources'] = sources;
    return {
      exportedAt: new Date().toISOString(),
      listener,
      clicks,
      plays,
      observationGaps,
      attributions,
      other,
    };
  }

  /** Tokens deleted, polling stopped; the listener and what was recorded stay until erased. */
  async disconnect(listenerId: string): Promise<void> {
    await this.listeners.disconnect(listenerId);
    this.lastSync.delete(listenerId);
  }

  /**
   * Erases the listener in one transaction: plays (imported ones too), streaming-history imports, observation
   * gaps (and attributions) deleted; clicks kept
   * for the campaigns' aggregate counts but anonymised: no listener, and each of the listener's visitor
   * ids replaced by a fresh random one that no cookie holds (in campaign_visitors too, so unique-visitor
   * counts stay right), the IP hash replaced, the user agent dropped and the referrer cut to its origin.
   * `extraVisitorId` is the erasing browser's own visitor cookie.
   */
  async erase(listenerId: string, extraVisitorId?: string): Promise<void> {
    const campaignIds = await this.dataSource.transaction(async (manager) => {
      // The analytics rollup job's lock first: no rollup batch runs between the statements below, so every
      // linked click and connect it wrote is renamed to the pseudonym, and each unlink queued here reaches it.
      await this.rollups.holdWriterLock(manager);
      // Streaming-history imports first: a batch still writing holds its job row, so it lands before the
      // plays are deleted below, or finds its job gone and stops (docs/insights.md).
      await this.erasure.deleteHistoryImports(manager, listenerId);
      const visitors = await this.clicks.visitorsOfListener(manager, listenerId);
      // Their figures change (attributed plays, listeners): the campaigns' live dashboards are told below.
      const touched = [...new Set(visitors.map((v) => v.campaign_id))];
      const ids = new Set(visitors.map((v) => v.visitor_id));
      if (extraVisitorId && /^[0-9a-f-]{36}$/.test(extraVisitorId)) ids.add(extraVisitorId);
      const mapping = [...ids].map((old) => ({
        old,
        fresh: randomUUID(),
        ipHash: randomBytes(16).toString('hex'),
      }));
      if (mapping.length > 0) await this.clicks.pseudonymiseVisitors(manager, mapping);
      // Clicks that named the listener under a visitor id not seen above (none expected; belt and braces).
      await this.clicks.unlinkListener(manager, listenerId);
      const tables = await this.erasure.tablesWithListenerId(manager);
      if (tables.includes('attributions')) {
        // Attributions are plays credited to campaigns: they go with the plays.
        await deleteListenerAttributions(manager, listenerId);
      }
      // Last.fm and ListenBrainz accounts and their credentials go too.
      await this.hooks.sources?.erase(manager, listenerId);
      await this.erasure.deleteListener(manager, listenerId);
      // Whatever else names the listener (analytics roll-up inputs, queues…) keeps counting distinct
      // listeners under one fresh random id that leads nowhere. Run last, so rows queued by the statements
      // above are covered too.
      const pseudonym = randomUUID();
      const own = this.ownTables();
      for (const table of tables.filter((t) => !own.has(t))) {
        await this.erasure.pseudonymise(manager, table, 'listener_id', listenerId, pseudonym);
      }
      // Integrators hear of it in this transaction (the outbox), so that they erase what they hold too.
      await recordListenerErased(manager, listenerId, touched);
      // Change queues name the listener in other columns (old_listener_id, new_listener_id, …).
      for (const { table_name, column_name } of await this.erasure.otherListenerColumns(manager)) {
        await this.erasure.pseudonymise(manager, table_name, column_name, listenerId, pseudonym);
      }
      return touched;
    });
    this.lastSync.delete(listenerId);
    // Committed: caches of aggregates that counted the listener (public trends) forget them now, and the
    // dashboards of the campaigns they came through refresh.
    this.events.emit('listener.erased', { listenerId, campaignIds });
  }

  /** Without the polling module: one recently-played call after the cursor, stored in one transaction. */
  private async syncDirectly(listener: ListenerRow): Promise<{ newPlays: number; attributedPlays: number }> {
    const auth = this.tokens.auth({
      listenerId: listener.id,
      accessTokenEnc: listener.access_token_enc,
      refreshTokenEnc: listener.refresh_token_enc,
      tokenExpiresAt: listener.token_expires_at,
    });
    const cursor = listener.cursor_ms === null ? undefined : Number(listener.cursor_ms);
    let page;
    try {
      page = await this.client.getRecentlyPlayed(auth, {
        limit: RECENTLY_PLAYED_MAX,
        ...(cursor !== undefined ? { after: cursor } : {}),
      });
    } catch (error) {
      if (error instanceof SpotifyReconnectRequiredError) {
        await this.listeners.markStatus(listener.id, 'needs_reconnect', error.message);
      } else if (error instanceof SpotifyDevModeCapError) {
        await this.listeners.markStatus(listener.id, 'dev_mode_blocked', error.message);
      }
      throw error;
    }
    const attribution = this.attribution.atIngest();
    const result = await ingestRecentlyPlayed(this.dataSource, {
      listenerId: listener.id,
      page,
      source: 'poll',
      requestedLimit: RECENTLY_PLAYED_MAX,
      polledAt: new Date(),
      attribute: attribution.attribute,
      writersLock: attribution.writersLock,
    });
    attribution.announce();
    if (result.full)
      this.logger.log(`Listener ${listener.id}: a full page on manual sync, plays may be missing`);
    return { newPlays: result.inserted, attributedPlays: result.attributed };
  }

  private async listener(listenerId: string): Promise<ListenerRow> {
    const row = await this.listeners.find(listenerId);
    if (!row) throw listenerNotConnected();
    return row;
  }

  private forgetOldSyncs(now: number): void {
    for (const [id, at] of this.lastSync) if (now - at >= SYNC_INTERVAL_MS) this.lastSync.delete(id);
  }
}
