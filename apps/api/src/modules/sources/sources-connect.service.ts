import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/api-error';
import { SecretsService } from '../../common/security/secrets.service';
import { TokenCipher } from '../../common/security/token-cipher';
import { uuidv7 } from '../../common/uuid-v7';
import { LiveEvents } from '../analytics/live-events.service';
import { OAuthStateService } from '../auth/oauth-state.service';
import { ClicksRepository, LinkedClick } from '../campaign/clicks.repository';
import { ClickBuffer } from '../campaign/redirect/click-buffer.service';
import { VISITOR_COOKIE } from '../campaign/redirect/redirect.handler';
import { LISTENER_COOKIE, readListenerCookie, signListenerCookie } from '../listener/listener-cookie';
import { ListenerConnectService } from '../listener/listener-connect.service';
import { ListenerReconnectRepository } from '../listener/listener-reconnect.repository';
import { ListenerRepository } from '../listener/listener.repository';
import { ListeningSource, SourceAccount, SourcePausedError, SourceProofError } from './listening-source';
import type { SourceKind } from './listening-source.entity';
import { ListeningSourcesRepository } from './listening-sources.repository';
import { LISTENING_SOURCES } from './listening-sources.token';
import { LastfmClient } from './lastfm/lastfm.client';
import { SourceEndpoints } from './source-endpoints.service';
import { sourceTokenInvalid, sourceUnavailable } from './sources.errors';

export const LASTFM_STATE_PURPOSE = 'listener-connect-lastfm';
export const LASTFM_CALLBACK_PATH = '/api/v1/listeners/connect/lastfm/callback';
/** A new source's first read covers the day before it was connected (the listening that led here). */
export const FIRST_READ_BACK_MS = 24 * 3600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface LastfmState extends Record<string, unknown> {
  slug: string;
  vid: string;
}

export type LastfmCallbackAnswer = { location: string; listenerCookie?: string; keepBinding?: boolean };

/** Who connects: the browser's cookies as the request carried them. */
export interface ConnectingBrowser {
  visitorId: string | undefined;
  listenerCookie: string | undefined;
}

/**
 * Connecting Last.fm (web authentication from a tracker link, with the Spotify flow's signed, single-use,
 * browser-bound state) and ListenBrainz (a pasted user token). Both find or create the listener: the one the
 * account already follows, else the one the browser's listener cookie names, else a new listener without
 * Spotify; then the browser's clicks are linked and the listener cookie set, as the Spotify flow does.
 */
@Injectable()
export class SourcesConnectService {
  private readonly logger = new Logger('SourcesConnect');
  private readonly byKind: Map<SourceKind, ListeningSource>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LISTENING_SOURCES) sources: ListeningSource[],
    private readonly states: OAuthStateService,
    private readonly secrets: SecretsService,
    private readonly cipher: TokenCipher,
    private readonly endpoints: SourceEndpoints,
    private readonly lastfm: LastfmClient,
    private readonly connect: ListenerConnectService,
    private readonly listeners: ListenerRepository,
    private readonly repository: ListeningSourcesRepository,
    private readonly clicks: ClickBuffer,
    private readonly linkedClicks: ClicksRepository,
    private readonly live: LiveEvents,
    private readonly reconnects: ListenerReconnectRepository,
  ) {
    this.byKind = new Map(sources.map((s) => [s.kind, s]));
  }

  source(kind: SourceKind): ListeningSource {
    return this.byKind.get(kind) as ListeningSource;
  }

  /** Where to send the browser: Last.fm's authorization page, or back to the connect page (link not live). */
  async lastfmStart(
    slug: string,
    visitor: string | undefined,
  ): Promise<{ location: string; visitorId: string; newVisitor: boolean; browserKey?: string }> {
    const newVisitor = !visitor || !UUID.test(visitor);
    const visitorId = newVisitor ? uuidv7() : (visitor as string);
    const back = `/connect/${encodeURIComponent(slug)}`;
    if (!(await this.liveDestination(slug))) return { location: back, visitorId, newVisitor };
    // No Last.fm API account configured (outside sandbox mode): the connect page says Last.fm is unavailable.
    if (!this.endpoints.lastfmEnabled) {
      return { location: `${back}?error=lastfm-unavailable`, visitorId, newVisitor };
    }
    const { state, browserKey } = await this.states.issue(LASTFM_STATE_PURPOSE, {
      slug,
      vid: visitorId,
    } satisfies LastfmState);
    const callback = `${this.endpoints.publicUrl}${LASTFM_CALLBACK_PATH}?state=${encodeURIComponent(state)}`;
    return { location: this.lastfm.authorizeUrl(callback), visitorId, newVisitor, browserKey };
  }

  /** Last.fm sent the browser back with `token`: session key, listener, clicks, cookie, the music. */
  async lastfmCallback(req: Request, browserKey: string | undefined): Promise<LastfmCallbackAnswer> {
    const query = req.query as Record<string, unknown>;
    const stateParam = typeof query['state'] === 'string' ? query['state'] : undefined;
    const consumed = await this.states.consume<LastfmState>(LASTFM_STATE_PURPOSE, stateParam, browserKey);
    if ('problem' in consumed) {
      this.logger.warn(`Refused a Last.fm callback: state ${consumed.problem}`);
      return { location: '/me?error=state', keepBinding: consumed.problem === 'browser' };
    }
    const state = consumed.payload;
    const browser = this.browser(req);
    if (browser.visitorId !== state.vid) return this.back(state.slug, 'state');
    const token = typeof query['token'] === 'string' ? query['token'] : '';
    if (!token) return this.back(state.slug, 'denied');
    let account: SourceAccount;
    try {
      account = await this.source('lastfm').prove(token);
    } catch (error) {
      this.logger.warn(`Last.fm connect failed: ${String(error)}`);
      return this.back(state.slug, error instanceof SourceProofError ? 'failed' : 'unavailable');
    }
    const listenerId = await this.attach('lastfm', account, browser, state.vid);
    const destination = await this.liveDestination(state.slug);
    return {
      location: destination ?? '/me',
      listenerCookie: signListenerCookie(listenerId, this.secrets.sessionSecret),
    };
  }

  /** ListenBrainz: the pasted token validated (422 `token` when refused), then as Last.fm's callback. */
  async listenbrainz(
    token: string,
    slug: string | undefined,
    browser: ConnectingBrowser,
  ): Promise<{
    listenerId: string;
    accountName: string;
    destinationUrl: string | null;
    listenerCookie: string;
  }> {
    // A link that is not live answers as the connect page does (404/410), before anything is stored.
    const destinationUrl = slug ? (await this.connect.info(slug)).destinationUrl : null;
    let account: SourceAccount;
    try {
      account = await this.source('listenbrainz').prove(token);
    } catch (error) {
      if (error instanceof SourceProofError) throw sourceTokenInvalid(error.reason);
      if (error instanceof SourcePausedError) {
        throw sourceUnavailable('ListenBrainz', Math.ceil((error.untilMs - Date.now()) / 1000));
      }
      this.logger.warn(`ListenBrainz connect failed: ${String(error)}`);
      throw sourceUnavailable('ListenBrainz');
    }
    const vid = browser.visitorId && UUID.test(browser.visitorId) ? browser.visitorId : undefined;
    const listenerId = await this.attach('listenbrainz', account, browser, vid);
    return {
      listenerId,
      accountName: account.accountName,
      destinationUrl,
      listenerCookie: signListenerCookie(listenerId, this.secrets.sessionSecret),
    };
  }

  browser(req: Request): ConnectingBrowser {
    const cookies = req.cookies as Record<string, string> | undefined;
    return { visitorId: cookies?.[VISITOR_COOKIE], listenerCookie: cookies?.[LISTENER_COOKIE] };
  }

  /**
   * One transaction: the listener (the account's, the browser's, or a new one without Spotify), the source
   * with its encrypted credential, due for its first poll now, and this browser's clicks linked.
   */
  private async attach(
    kind: SourceKind,
    account: SourceAccount,
    browser: ConnectingBrowser,
    visitorId: string | undefined,
  ): Promise<string> {
    // Clicks wait up to ~100 ms in the buffer: write them before linking.
    await this.clicks.flush();
    const now = new Date();
    const cookieListener = readListenerCookie(browser.listenerCookie, this.secrets.sessionSecret)?.listenerId;
    const { listenerId, linked } = await this.dataSource.transaction(async (manager) => {
      const previous = await this.repository.previous(manager, kind, account.accountName);
      let id = previous?.listenerId;
      if (!id && cookieListener && (await this.listeners.lock(manager, cookieListener))) id = cookieListener;
      if (!id) {
        id = await this.listeners.createWithoutSpotify(manager, {
          displayName: account.accountName.slice(0, 300),
          consentedAt: now,
        });
      }
      const cursorMs = now.getTime() - FIRST_READ_BACK_MS;
      // A credential the service refused, renewed: the service kept the history, read on from the cursor.
      // After the listener disconnected, read like a first connect: they asked Soundlink to stop reading.
      const resume = previous !== undefined && previous.status !== 'disconnected';
      await this.repository.upsertConnected(manager, {
        listenerId: id,
        kind,
        accountName: account.accountName,
        credentialEnc: this.cipher.encrypt(account.credential),
        cursorMs,
        nextPollAt: now,
        resume,
      });
      if (previous && !resume)
        await this.recordGap(manager, id, kind, previous.lastReadAt, new Date(cursorMs));
      const linked = visitorId ? await this.linkedClicks.linkVisitor(manager, id, visitorId) : [];
      return { listenerId: id, linked };
    });
    this.publishConnects(listenerId, linked);
    return listenerId;
  }

  /**
   * From the account's last read to where the new read starts nobody read it: an observation gap of the
   * listener (the analytics' completeness counts it), unless Spotify or another source of theirs was polled
   * all that time (docs/listeners.md, "Gaps").
   */
  private async recordGap(
    manager: EntityManager,
    listenerId: string,
    kind: SourceKind,
    from: Date,
    to: Date,
  ) {
    if (from.getTime() >= to.getTime()) return;
    if (await this.repository.activeSince(manager, listenerId, from, kind)) return;
    if (await this.reconnects.spotifyActiveSince(manager, listenerId, from)) return;
    await this.reconnects.recordGap(manager, listenerId, from, to);
  }

  /** The campaigns' open dashboards hear of the connect, after the commit (as the Spotify flow's). */
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

  /** The campaign's open.spotify.com URL for a live link; undefined when the link is not live. */
  private async liveDestination(slug: string): Promise<string | undefined> {
    try {
      return (await this.connect.info(slug)).destinationUrl;
    } catch (error) {
      if (error instanceof DomainError) return undefined;
      throw error;
    }
  }

  private back(slug: string, error: string): LastfmCallbackAnswer {
    return {
      location: `/connect/${encodeURIComponent(slug)}?error=${encodeURIComponent(`lastfm-${error}`)}`,
    };
  }
}
