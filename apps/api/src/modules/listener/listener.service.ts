import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events';
import { AnalyticsRollups } from '../analytics/analytics-rollups.service';
import { AttributionService } from '../attribution/attribution.service';
import { SpotifyClient } from '../spotify/spotify.client';
import { SpotifyDevModeCapError, SpotifyReconnectRequiredError } from '../spotify/spotify.errors';
import type {
  ListenerCampaignDto,
  ListenerExportDto,
  ListenerMeDto,
  ListenerPlayDto,
  ListenerSyncResultDto,
} from './dto/listener.dto';
import type { ListenerStatus } from './listener.entity';
import { listenerDisconnected, listenerNotConnected, syncTooSoon } from './listener.errors';
import { PollerLocator } from './listener-sync';
import { ListenerTokens } from './listener-tokens.service';
import { ingestRecentlyPlayed, RECENTLY_PLAYED_MAX } from './play-ingest';

/** Tables this service exports and erases by name; any other table with a listener_id is pseudonymised. */
const OWN_TABLES = new Set(['clicks', 'plays', 'observation_gaps', 'listeners', 'attributions']);

/** "Sync now" at most this often per listener (Spotify's rate limit is shared by every listener). */
export const SYNC_INTERVAL_MS = 30_000;

interface ListenerRow {
  id: string;
  display_name: string | null;
  status: ListenerStatus;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  token_expires_at: Date | null;
  consented_at: Date;
  created_at: Date;
  disconnected_at: Date | null;
  last_polled_at: Date | null;
  cursor_ms: string | null;
}

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
  ) {}

  async me(listenerId: string): Promise<ListenerMeDto> {
    const listener = await this.listener(listenerId);
    const [counts] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM clicks WHERE listener_id = $1)::int AS clicks,
              (SELECT count(*) FROM plays WHERE listener_id = $1)::int AS plays`,
      [listenerId],
    )) as Array<{ clicks: number; plays: number }>;
    const campaigns = (await this.dataSource.query(
      `SELECT c.name, c.destination_name, count(*)::int AS clicks, min(k.clicked_at) AS first_click_at,
              max(k.clicked_at) AS last_click_at
         FROM clicks k JOIN campaigns c ON c.id = k.campaign_id
        WHERE k.listener_id = $1
        GROUP BY c.id, c.name, c.destination_name
        ORDER BY max(k.clicked_at) DESC`,
      [listenerId],
    )) as Array<{
      name: string;
      destination_name: string | null;
      clicks: number;
      first_click_at: Date;
      last_click_at: Date;
    }>;
    const plays = (await this.dataSource.query(
      `SELECT p.played_at, p.source, COALESCE(t.name, p.track_id) AS track_name,
              COALESCE(t.artist_names, '{}') AS artist_names
         FROM plays p LEFT JOIN tracks t ON t.id = p.track_id
        WHERE p.listener_id = $1
        ORDER BY p.played_at DESC
        LIMIT 20`,
      [listenerId],
    )) as Array<{ played_at: Date; source: string; track_name: string; artist_names: string[] }>;
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
    if (listener.status === 'disconnected' || !listener.access_token_enc || !listener.refresh_token_enc) {
      throw listenerDisconnected();
    }
    this.lastSync.set(listenerId, now);
    if (this.lastSync.size > 50_000) this.forgetOldSyncs(now);

    const poller = this.pollers.poller();
    let newPlays: number;
    let attributedPlays: number;
    if (poller) {
      const before = await this.playCount(listenerId);
      const result = await poller.pollListenerNow(listenerId);
      const { inserted, attributed } = (result ?? {}) as { inserted?: unknown; attributed?: unknown };
      newPlays =
        typeof result === 'number'
          ? result
          : typeof inserted === 'number'
            ? inserted
            : Math.max(0, (await this.playCount(listenerId)) - before);
      attributedPlays = typeof attributed === 'number' ? attributed : 0;
    } else {
      ({ newPlays, attributedPlays } = await this.syncDirectly(listener));
    }
    return { newPlays, attributedPlays, syncedAt: new Date().toISOString() };
  }

  /** Everything stored about the listener (never the tokens). */
  async export(listenerId: string): Promise<ListenerExportDto> {
    const [listener] = (await this.dataSource.query(
      `SELECT id, spotify_user_id AS "spotifyUserId", display_name AS "displayName", status, scope, timezone,
              consented_at AS "consentedAt", disconnected_at AS "disconnectedAt", created_at AS "createdAt",
              last_polled_at AS "lastPolledAt", last_play_at AS "lastPlayAt", next_poll_at AS "nextPollAt"
         FROM listeners WHERE id = $1`,
      [listenerId],
    )) as Array<Record<string, unknown>>;
    if (!listener) throw listenerNotConnected();
    const clicks = (await this.dataSource.query(
      `SELECT k.id, k.clicked_at AS "clickedAt", c.name AS campaign, l.slug AS link, l.label AS channel,
              k.visitor_id AS "visitorId", k.user_agent AS "userAgent", k.referrer, k.utm_source AS "utmSource",
              k.utm_medium AS "utmMedium", k.utm_campaign AS "utmCampaign", k.utm_content AS "utmContent",
              k.utm_term AS "utmTerm"
         FROM clicks k JOIN campaigns c ON c.id = k.campaign_id LEFT JOIN tracker_links l ON l.id = k.link_id
        WHERE k.listener_id = $1 ORDER BY k.clicked_at`,
      [listenerId],
    )) as Array<Record<string, unknown>>;
    const plays = (await this.dataSource.query(
      `SELECT p.played_at AS "playedAt", p.track_id AS "trackId", t.name AS "trackName",
              t.artist_names AS "artistNames", t.album_name AS "albumName", p.context_type AS "contextType",
              p.context_uri AS "contextUri", p.source, p.ms_played AS "msPlayed", p.created_at AS "recordedAt"
         FROM plays p LEFT JOIN tracks t ON t.id = p.track_id
        WHERE p.listener_id = $1 ORDER BY p.played_at`,
      [listenerId],
    )) as Array<Record<string, unknown>>;
    const observationGaps = (await this.dataSource.query(
      `SELECT gap_from AS "from", gap_to AS "to", detected_at AS "detectedAt"
         FROM observation_gaps WHERE listener_id = $1 ORDER BY gap_from`,
      [listenerId],
    )) as Array<Record<string, unknown>>;
    const tables = await this.tablesWithListenerId(this.dataSource.manager);
    const attributions = tables.includes('attributions')
      ? ((await this.dataSource.query(
          'SELECT * FROM attributions WHERE listener_id = $1 ORDER BY played_at',
          [listenerId],
        )) as Array<Record<string, unknown>>)
      : [];
    const other: Record<string, Array<Record<string, unknown>>> = {};
    for (const table of tables.filter((t) => !OWN_TABLES.has(t))) {
      const rows = (await this.dataSource.query(`SELECT * FROM "${table}" WHERE listener_id = $1`, [
        listenerId,
      ])) as Array<Record<string, unknown>>;
      if (rows.length > 0) other[table] = rows;
    }
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
    await this.dataSource.query(
      `UPDATE listeners SET status = 'disconnected', access_token_enc = NULL, refresh_token_enc = NULL,
              token_expires_at = NULL, next_poll_at = NULL, lease_owner = NULL, lease_until = NULL,
              disconnected_at = now(), updated_at = now()
        WHERE id = $1`,
      [listenerId],
    );
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
      await manager.query('DELETE FROM listening_history_imports WHERE listener_id = $1', [listenerId]);
      const visitors = (await manager.query(
        `SELECT DISTINCT visitor_id, campaign_id FROM clicks WHERE listener_id = $1`,
        [listenerId],
      )) as Array<{ visitor_id: string; campaign_id: string }>;
      // Their figures change (attributed plays, listeners): the campaigns' live dashboards are told below.
      const touched = [...new Set(visitors.map((v) => v.campaign_id))];
      const ids = new Set(visitors.map((v) => v.visitor_id));
      if (extraVisitorId && /^[0-9a-f-]{36}$/.test(extraVisitorId)) ids.add(extraVisitorId);
      const mapping = [...ids].map((old) => ({
        old,
        fresh: randomUUID(),
        ipHash: randomBytes(16).toString('hex'),
      }));
      if (mapping.length > 0) {
        const json = JSON.stringify(mapping);
        await manager.query(
          `UPDATE clicks k SET visitor_id = m.fresh, listener_id = NULL, ip_hash = m."ipHash", user_agent = NULL,
                  referrer = substring(k.referrer from '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+')
             FROM json_to_recordset($1::json) AS m(old uuid, fresh uuid, "ipHash" varchar)
            WHERE k.visitor_id = m.old`,
          [json],
        );
        await manager.query(
          `UPDATE campaign_visitors v SET visitor_id = m.fresh
             FROM json_to_recordset($1::json) AS m(old uuid, fresh uuid)
            WHERE v.visitor_id = m.old`,
          [json],
        );
      }
      // Clicks that named the listener under a visitor id not seen above (none expected; belt and braces).
      await manager.query(
        `UPDATE clicks SET listener_id = NULL, visitor_id = gen_random_uuid(), user_agent = NULL
          WHERE listener_id = $1`,
        [listenerId],
      );
      const tables = await this.tablesWithListenerId(manager);
      if (tables.includes('attributions')) {
        // Attributions are plays credited to campaigns: they go with the plays.
        const [{ n }] = (await manager.query(
          'SELECT count(*)::int AS n FROM attributions WHERE listener_id = $1',
          [listenerId],
        )) as [{ n: number }];
        if (n > 0) await manager.query('DELETE FROM attributions WHERE listener_id = $1', [listenerId]);
      }
      await manager.query('DELETE FROM plays WHERE listener_id = $1', [listenerId]);
      await manager.query('DELETE FROM observation_gaps WHERE listener_id = $1', [listenerId]);
      await manager.query('DELETE FROM listeners WHERE id = $1', [listenerId]);
      // Whatever else names the listener (analytics roll-up inputs, queues…) keeps counting distinct
      // listeners under one fresh random id that leads nowhere. Run last, so rows queued by the statements
      // above are covered too.
      const pseudonym = randomUUID();
      for (const table of tables.filter((t) => !OWN_TABLES.has(t))) {
        await manager.query(`UPDATE "${table}" SET listener_id = $2 WHERE listener_id = $1`, [
          listenerId,
          pseudonym,
        ]);
      }
      // Change queues name the listener in other columns (old_listener_id, new_listener_id, …).
      for (const { table_name, column_name } of await this.otherListenerColumns(manager)) {
        await manager.query(`UPDATE "${table_name}" SET "${column_name}" = $2 WHERE "${column_name}" = $1`, [
          listenerId,
          pseudonym,
        ]);
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
        await this.markStatus(listener.id, 'needs_reconnect', error.message);
      } else if (error instanceof SpotifyDevModeCapError) {
        await this.markStatus(listener.id, 'dev_mode_blocked', error.message);
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
    });
    attribution.announce();
    if (result.full)
      this.logger.log(`Listener ${listener.id}: a full page on manual sync, plays may be missing`);
    return { newPlays: result.inserted, attributedPlays: result.attributed };
  }

  private async markStatus(listenerId: string, status: ListenerStatus, reason: string): Promise<void> {
    await this.dataSource.query(
      // last_polled_at: when polling stopped (a reconnect records the gap from there).
      `UPDATE listeners SET status = $2, next_poll_at = NULL, last_error = $3, last_polled_at = now(), updated_at = now()
        WHERE id = $1`,
      [listenerId, status, reason.slice(0, 300)],
    );
  }

  private async listener(listenerId: string): Promise<ListenerRow> {
    const [row] = (await this.dataSource.query(
      `SELECT id, display_name, status, access_token_enc, refresh_token_enc, token_expires_at, consented_at,
              created_at, disconnected_at, last_polled_at, cursor_ms
         FROM listeners WHERE id = $1`,
      [listenerId],
    )) as ListenerRow[];
    if (!row) throw listenerNotConnected();
    return row;
  }

  private async playCount(listenerId: string): Promise<number> {
    const [row] = (await this.dataSource.query(
      'SELECT count(*)::int AS n FROM plays WHERE listener_id = $1',
      [listenerId],
    )) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  /** Every table with a listener_id column (other modules add theirs: attributions, analytics). */
  private async tablesWithListenerId(manager: EntityManager): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT c.table_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name = 'listener_id' AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name`,
    )) as Array<{ table_name: string }>;
    return rows.map((r) => r.table_name);
  }

  /** Columns other than listener_id that hold a listener id (e.g. old_listener_id in analytics queues). */
  private async otherListenerColumns(
    manager: EntityManager,
  ): Promise<Array<{ table_name: string; column_name: string }>> {
    return (await manager.query(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name LIKE '%\\_listener\\_id' AND c.column_name <> 'listener_id'
          AND c.data_type = 'uuid' AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name, c.column_name`,
    )) as Array<{ table_name: string; column_name: string }>;
  }

  private forgetOldSyncs(now: number): void {
    for (const [id, at] of this.lastSync) if (now - at >= SYNC_INTERVAL_MS) this.lastSync.delete(id);
  }
}
