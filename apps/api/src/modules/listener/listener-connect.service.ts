import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { uuidv7 } from '../../common/uuid-v7';
import { DataSource } from 'typeorm';
import { SecretsService } from '../../common/security/secrets.service';
import { verifyToken } from '../../common/security/signed-token';
import { TokenCipher } from '../../common/security/token-cipher';
import { OAuthStateService } from '../auth/oauth-state.service';
import { LiveEvents } from '../analytics/live-events.service';
import { ClicksRepository, LinkedClick } from '../campaign/clicks.repository';
import { AttributionService } from '../attribution/attribution.service';
import { ClickBuffer } from '../campaign/redirect/click-buffer.service';
import { destinationUrl, VISITOR_COOKIE } from '../campaign/redirect/redirect.handler';
import { ConnectLinkRow, TrackerLinksRepository } from '../campaign/tracker-links.repository';
import { SpotifyClient } from '../spotify/spotify.client';
import { SpotifyEndpoints } from '../spotify/spotify-endpoints.service';
import { SpotifyDevModeCapError } from '../spotify/spotify.errors';
import { SPOTIFY_LOGIN_SCOPES, SpotifyLogin } from '../spotify/spotify.strategy';
import type { SpotifyRecentlyPlayedPage } from '../spotify/spotify.types';
import type { ConnectInfoDto } from './dto/connect.dto';
import { connectProblemPage } from './connect-pages';
import { LISTENER_COOKIE, readListenerCookie, signListenerCookie } from './listener-cookie';
import { ListenerReconnectRepository } from './listener-reconnect.repository';
import { ListenerSourceHooks } from './listener-source-hooks.service';
import { ListenerSpotifyLogin } from './listener-spotify-login.service';
import { LinkProblem, linkProblemError } from './listener.errors';
import { ListenerRepository } from './listener.repository';
import { IngestAttributing, ingestRecentlyPlayed, RECENTLY_PLAYED_MAX } from './play-ingest.repository';

export const CONNECT_STATE_PURPOSE = 'listener-connect';
/** The first poll after connecting (the baseline has just been read). */
export const FIRST_POLL_DELAY_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const READS = 'recently played tracks';
export const RETENTION_NOTE =
  'Soundlink keeps the plays it reads until you disconnect or erase your data. Disconnect or erase at any ' +
  'time on your listener page (/me); erasing deletes your plays and unlinks your clicks for good.';

/** What the signed state carries from the start of the flow to its callback. */
interface ConnectState extends Record<string, unknown> {
  slug: string;
  vid: string;
}

/** `keepBinding`: the callback came to another browser, whose own flow (if any) must not be disturbed. */
export type CallbackAnswer = (
  | { kind: 'redirect'; location: string; listenerCookie?: string }
  | { kind: 'page'; status: number; html: string }
) & { keepBinding?: boolean };

/** `browserKey`: the state's key, for this browser's binding cookie (absent when no flow was started). */
export type StartAnswer = { location: string; visitorId: string; newVisitor: boolean; browserKey?: string };

/**
 * The listener connect flow: the public connect page's facts, the start of the Spotify authorization with
 * a signed, single-use, expiring state, and the callback that stores the listener, links the visitor's
 * clicks, imports the baseline and sends the browser on to the music.
 */
@Injectable()
export class ListenerConnectService {
  private readonly logger = new Logger('ListenerConnect');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly states: OAuthStateService,
    private readonly secrets: SecretsService,
    private readonly cipher: TokenCipher,
    private readonly login: ListenerSpotifyLogin,
    private readonly client: SpotifyClient,
    private readonly clicks: ClickBuffer,
    private readonly endpoints: SpotifyEndpoints,
    private readonly live: LiveEvents,
    private readonly attribution: AttributionService,
    private readonly reconnects: ListenerReconnectRepository,
    private readonly listeners: ListenerRepository,
    private readonly linkedClicks: ClicksRepository,
    private readonly trackerLinks: TrackerLinksRepository,
    private readonly sourceHooks: ListenerSourceHooks,
  ) {}

  /** The connect page's facts for a live link; the redirect's 404/410 rules otherwise. */
  async info(slug: string): Promise<ConnectInfoDto> {
    const link = await this.trackerLinks.forConnect(slug);
    const problem = this.problem(link);
    if (problem) throw linkProblemError(problem);
    const row = link as ConnectLinkRow;
    return {
      slug: row.slug,
      campaign: {
        name: row.campaign_name,
        destinationType: row.destination_type,
        destinationName: row.destination_name,
        imageUrl: this.safeImage(row.destination_image_url),
      },
      owner: { displayName: row.owner_name },
      destinationUrl: this.destination(row),
      reads: READS,
      retentionNote: RETENTION_NOTE,
      sources: ['spotify', ...(this.sourceHooks.sources?.offered() ?? [])],
    };
  }

  /**
   * Where to send the browser to start: Spotify's consent page, or back to the connect page when the link
   * is not live (it explains why). The state binds the flow to this browser twice: to a fresh key kept in
   * its sl_oauth_listener cookie, and to its visitor cookie (whose clicks the callback links).
   *
   * The `click` of the connect URL links nothing by itself: a click id can be seen by others (a shared
   * URL, a screenshot), so only clicks made with this browser's visitor cookie are ever linked.
   */
  async start(slug: string, visitor: string | undefined): Promise<StartAnswer> {
    const newVisitor = !visitor || !UUID.test(visitor);
    const visitorId = newVisitor ? uuidv7() : (visitor as string);
    const link = await this.trackerLinks.forConnect(slug);
    if (this.problem(link)) {
      return { location: `/connect/${encodeURIComponent(slug)}`, visitorId, newVisitor };
    }
    const { state, browserKey } = await this.states.issue(CONNECT_STATE_PURPOSE, {
      slug: (link as ConnectLinkRow).slug,
      vid: visitorId,
    } satisfies ConnectState);
    return { location: await this.login.authorizeUrl(state), visitorId, newVisitor, browserKey };
  }

  /** Spotify sent the browser back: check the state, exchange the code, store the listener, go to the music. */
  async complete(req: Request, browserKey: string | undefined): Promise<CallbackAnswer> {
    const query = req.query as Record<string, unknown>;
    const stateParam = typeof query['state'] === 'string' ? query['state'] : undefined;
    const consumed = await this.states.consume<ConnectState>(CONNECT_STATE_PURPOSE, stateParam, browserKey);
    if ('problem' in consumed) {
      // Replayed, expired or foreign states still carry our signature: their slug can be trusted for the way back.
      const slug = this.signedSlug(stateParam);
      this.logger.warn(`Refused a connect callback: state ${consumed.problem}`);
      const answer = slug ? this.back(slug, 'state') : connectProblemPage(consumed.problem);
      return { ...answer, keepBinding: consumed.problem === 'browser' };
    }
    const state = consumed.payload;
    const visitor = (req.cookies as Record<string, string> | undefined)?.[VISITOR_COOKIE];
    if (visitor !== state.vid) {
      // Not the browser that started: someone else's authorization must not land in this browser.
      this.logger.warn('Refused a connect callback: state issued to another browser');
      return this.back(state.slug, 'state');
    }
    if (typeof query['error'] === 'string') {
      return this.back(state.slug, query['error'] === 'access_denied' ? 'denied' : 'failed');
    }
    if (typeof query['code'] !== 'string' || !query['code']) return this.back(state.slug, 'failed');

    const outcome = await this.login.complete(req);
    if ('failure' in outcome) {
      this.logger.warn(`Spotify connect failed (${outcome.failure}): ${outcome.detail}`);
      return this.back(state.slug, outcome.failure);
    }
    const login = outcome.login;

    let baseline: SpotifyRecentlyPlayedPage | undefined;
    try {
      baseline = await this.client.getRecentlyPlayed(
        { accessToken: login.accessToken, refreshToken: login.refreshToken, expiresAt: login.expiresAt },
        { limit: RECENTLY_PLAYED_MAX },
      );
    } catch (error) {
      if (error instanceof SpotifyDevModeCapError) return this.back(state.slug, 'dev-mode-cap');
      // Connected all the same: the first poll reads what the baseline could not.
      this.logger.warn(`Baseline import failed, the poller will catch up: ${String(error)}`);
    }

    // Clicks wait up to ~100 ms in the buffer: write them before linking.
    await this.clicks.flush();
    const attribution = this.attribution.atIngest();
    // A listener who connected Last.fm or ListenBrainz first: Spotify joins that listener.
    const cookieListener = readListenerCookie(
      (req.cookies as Record<string, string> | undefined)?.[LISTENER_COOKIE],
      this.secrets.sessionSecret,
    )?.listenerId;
    const { listenerId, linked } = await this.store(login, state, baseline, attribution, cookieListener);
    this.publishConnects(listenerId, linked);
    attribution.announce();
    const link = await this.trackerLinks.forConnect(state.slug);
    const location = link ? this.destination(link) : '/me';
    return {
      kind: 'redirect',
      location,
      listenerCookie: signListenerCookie(listenerId, this.secrets.sessionSecret),
    };
  }

  /**
   * Tells each campaign's open dashboards that a listener connected through it, naming the latest click
   * that was linked (the one that led here, as a rule). After the commit, so a stream never shows a connect
   * that was rolled back.
   */
  private publishConnects(listenerId: string, linked: LinkedClick[]): void {
    const latest = new Map<string, LinkedClick>();
    for (const click of linked) {
      const seen = latest.get(click.campaign_id);
      if (!seen || seen.clicked_at < click.clicked_at) latest.set(click.campaign_id, click);
    }
    const at = new Date().toISOString();
    for (const click of latest.values()) {
      this.live.publish(click.campaign_id, {
        type: 'connect',
        listenerId,
        at,
        clickId: click.id,
        linkId: click.link_id,
      });
    }
  }

  /**
   * One transaction: the listener (created or updated), its clicks, its baseline plays (attributed through
   * `attribute`: a baseline play after a linked click counts) and first poll.
   */
  private store(
    login: SpotifyLogin,
    state: ConnectState,
    baseline: SpotifyRecentlyPlayedPage | undefined,
    attribution: IngestAttributing,
    cookieListener: string | undefined,
  ): Promise<{ listenerId: string; linked: LinkedClick[] }> {
    const now = new Date();
    const nextPollAt = new Date(now.getTime() + FIRST_POLL_DELAY_MS);
    return this.dataSource.transaction(async (manager) => {
      // created_at (the first connect; never updated) is on this process's clock, like clicks.clicked_at:
      // analytics compares the two to tell a connect from a click of an already connected listener.
      const spotifyUserId = login.accountId ?? login.spotifyUserId;
      const before = await this.reconnects.before(manager, spotifyUserId);
      const connected = {
        spotifyUserId,
        displayName: login.displayName?.slice(0, 300) ?? null,
        accessTokenEnc: this.cipher.encrypt(login.accessToken),
        refreshTokenEnc: this.cipher.encrypt(login.refreshToken),
        tokenExpiresAt: login.expiresAt,
        scope: login.scope ?? SPOTIFY_LOGIN_SCOPES.join(' '),
        consentedAt: now,
        nextPollAt,
      };
      // A Spotify account no listener has yet joins the browser's listener when that one has no Spotify
      // (connected Last.fm or ListenBrainz first); otherwise the account's own listener (created or updated).
      const listenerId =
        !before && cookieListener && (await this.listeners.attachSpotify(manager, cookieListener, connected))
          ? cookieListener
          : await this.listeners.upsertConnected(manager, connected);
      // Nobody polled a listener who was not active (needs_reconnect, dev_mode_blocked, disconnected): from
      // when polling stopped to now their plays were not observed (the baseline below may hold some of them),
      // unless a Last.fm or ListenBrainz source of theirs was read all that time.
      if (
        before &&
        before.status !== 'active' &&
        before.stoppedAt &&
        !(await this.sourceHooks.sources?.observedSince(manager, listenerId, before.stoppedAt))
      ) {
        await this.reconnects.recordGap(manager, listenerId, before.stoppedAt, now);
      }

      // Every click of this browser (its visitor cookie, which the state is bound to) now names the listener;
      // never a click of another browser, even one named in the connect URL (docs/listeners.md).
      const linked = await this.linkedClicks.linkVisitor(manager, listenerId, state.vid);

      if (baseline) {
        await ingestRecentlyPlayed(manager, {
          listenerId,
          page: baseline,
          source: 'baseline',
          requestedLimit: RECENTLY_PLAYED_MAX,
          polledAt: now,
          nextPollAt,
          attribute: attribution.attribute,
          writersLock: attribution.writersLock,
        });
      }
      return { listenerId, linked };
    });
  }

  private back(slug: string, error: string): CallbackAnswer {
    return {
      kind: 'redirect',
      location: `/connect/${encodeURIComponent(slug)}?error=${encodeURIComponent(error)}`,
    };
  }

  /** The slug inside a state we signed, even when it expired or was used; undefined for forgeries. */
  private signedSlug(state: string | undefined): string | undefined {
    if (!state) return undefined;
    const payload = verifyToken<{ purpose?: unknown; slug?: unknown }>(state, this.secrets.sessionSecret, 0);
    return payload?.purpose === CONNECT_STATE_PURPOSE && typeof payload.slug === 'string'
      ? payload.slug
      : undefined;
  }

  /** Artwork the page may show: https (Spotify's CDN) or this server (the sandbox's covers). */
  private safeImage(url: string | null): string | null {
    if (!url) return null;
    return url.startsWith('https://') || url.startsWith(`${this.endpoints.publicUrl}/`) ? url : null;
  }

  private destination(link: ConnectLinkRow): string {
    return destinationUrl({ destinationType: link.destination_type, destinationId: link.destination_id });
  }

  private problem(link: ConnectLinkRow | undefined): LinkProblem | undefined {
    if (!link) return 'unknown';
    if (!link.enabled) return 'disabled';
    if (link.status === 'archived') return 'archived';
    if (link.expires_at !== null && new Date(link.expires_at).getTime() <= Date.now()) return 'expired';
    return undefined;
  }
}
