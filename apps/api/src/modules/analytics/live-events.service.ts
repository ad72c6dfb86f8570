import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { AppConfig } from '../../config/app-config';
import { DomainEvents } from '../../common/events/domain-events.service';

/** A click was stored (bots and HEAD requests included, flagged). */
export interface ClickLiveEvent {
  type: 'click';
  clickId: string;
  linkId: string;
  at: string;
  utmSource: string | null;
  /** A bot, link-preview fetcher or HEAD request: recorded, never counted. */
  bot: boolean;
}

/** A listener connected Spotify through one of the campaign's links. */
export interface ConnectLiveEvent {
  type: 'connect';
  listenerId: string;
  at: string;
  clickId?: string | null;
  linkId?: string | null;
}

/** A play was attributed to the campaign. */
export interface AttributedPlayLiveEvent {
  type: 'attributed-play';
  playId: string;
  trackId: string;
  linkId: string;
  tier: string;
  credit: number;
  playedAt: string;
}

/**
 * A listener who came through the campaign erased their data: their attributed plays are gone and the figures
 * change. Names nobody.
 */
export interface ListenerErasedLiveEvent {
  type: 'listener-erased';
  at: string;
}

export type LiveEvent = ClickLiveEvent | ConnectLiveEvent | AttributedPlayLiveEvent | ListenerErasedLiveEvent;
export type LiveEventListener = (event: LiveEvent) => void;

/** Credentials revoked somewhere (the `auth.revoked` domain event), as it travels between processes. */
export interface Revocation {
  ownerId?: string;
  apiKeyId?: string;
  sessionId?: string;
}

/** An open stream (SSE) the service ends when the server shuts down. */
export interface LiveStream {
  end(): void;
}

/**
 * Fans live campaign events out to the open `/campaigns/{id}/stream` connections.
 *
 * `publish(campaignId, event)` is called by whoever stored something: the click buffer after a batch is
 * written, the listener connect flow after linking clicks, the attribution engine (through its
 * `attribution.created` domain event, which this service listens to). Each process delivers at once to the
 * streams it holds; with REDIS_URL set it also publishes the event on the campaign's Redis channel and
 * subscribes to the channels of the campaigns its streams watch, so a dashboard connected to one API
 * process sees what another stored. Redis being down never fails a publish: local streams still get the
 * event, and a warning says the others may miss it.
 */
@Injectable()
export class LiveEvents implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveEvents');
  private readonly listeners = new Map<string, Set<LiveEventListener>>();
  private readonly streams = new Set<LiveStream>();
  private readonly unsubscribe: Array<() => void> = [];
  private redis?: { publisher: Redis; subscriber: Redis };
  /** Marks this process's own messages, which come back through Redis and were delivered already. */
  private readonly origin = randomUUID();
  /** Events waiting for this turn's Redis message, by campaign. */
  private readonly outgoing = new Map<string, LiveEvent[]>();
  private redisWarnedAt = 0;
  private readonly revocationListeners = new Set<(revocation: Revocation) => void>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
    private readonly domainEvents: DomainEvents,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.REDIS_URL) this.connectRedis(this.config.REDIS_URL);
    this.unsubscribe.push(
      this.domainEvents.on('listener.erased', ({ campaignIds }) => {
        const at = new Date().toISOString();
        for (const campaignId of campaignIds) this.publish(campaignId, { type: 'listener-erased', at });
      }),
    );
    this.unsubscribe.push(
      this.domainEvents.on('attribution.created', ({ rows }) => {
        for (const row of rows) {
          this.publish(row.campaignId, {
            type: 'attributed-play',
            playId: row.playId,
            trackId: row.trackId,
            linkId: row.linkId,
            tier: row.tier,
            credit: row.credit,
            playedAt: new Date(row.playedAt).toISOString(),
          });
        }
      }),
    );
    // Open streams never finish on their own: end them as soon as the HTTP server starts closing, so
    // shutdown does not wait for the 10 s cut-off (bootstrap closes the server before the app).
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server && typeof server.close === 'function') {
      const close = server.close.bind(server);
      server.close = ((callback?: (error?: Error) => void) => {
        this.endStreams();
        return close(callback);
      }) as Server['close'];
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.endStreams();
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    if (this.redis) {
      const { publisher, subscriber } = this.redis;
      this.redis = undefined;
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
      publisher.disconnect();
      subscriber.disconnect();
    }
  }

  /**
   * Whether an event of the campaign can reach anyone: a stream here, or (with Redis) one in another process.
   * Publishers with many events (the click buffer) skip making those nobody would receive.
   */
  isHeard(campaignId: string): boolean {
    return this.redis !== undefined || this.listeners.has(campaignId);
  }

  /** Delivers an event to every stream of the campaign: here at once, elsewhere through Redis. Never throws. */
  publish(campaignId: string, event: LiveEvent): void {
    this.deliver(campaignId, event);
    if (!this.redis) return;
    // One Redis message per campaign per turn of the event loop: a written batch of 2,000 clicks is one
    // PUBLISH, not 2,000.
    const pending = this.outgoing.get(campaignId);
    if (pending) pending.push(event);
    else this.outgoing.set(campaignId, [event]);
    if (this.outgoing.size === 1 && !pending) setImmediate(() => this.sendOutgoing());
  }

  private sendOutgoing(): void {
    const redis = this.redis;
    const batches = [...this.outgoing];
    this.outgoing.clear();
    if (!redis) return;
    for (const [campaignId, events] of batches) {
      redis.publisher
        .publish(channel(campaignId), JSON.stringify({ origin: this.origin, events }))
        .catch((error: unknown) => this.redisDown(error));
    }
  }

  private deliver(campaignId: string, event: LiveEvent): void {
    const listeners = this.listeners.get(campaignId);
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn(`A live event listener failed: ${String(error)}`);
      }
    }
  }

  /**
   * Tells the other API processes (through Redis; nothing without it) that credentials were revoked here, so
   * their live streams re-check at once. Never throws.
   */
  publishRevocation(revocation: Revocation): void {
    this.redis?.publisher
      .publish(this.revocationChannel, JSON.stringify({ origin: this.origin, revocation }))
      .catch((error: unknown) => this.redisDown(error));
  }

  /** Called with each revocation another process announced, until the returned function is called. */
  onRevocation(listener: (revocation: Revocation) => void): () => void {
    this.revocationListeners.add(listener);
    return () => {
      this.revocationListeners.delete(listener);
    };
  }

  private get revocationChannel(): string {
    return `${this.config.REDIS_KEY_PREFIX}live-revoked`;
  }

  /** Receives the campaign's events until the returned function is called. */
  subscribe(campaignId: string, listener: LiveEventListener): () => void {
    let set = this.listeners.get(campaignId);
    if (!set) {
      this.listeners.set(campaignId, (set = new Set()));
      this.redis?.subscriber.subscribe(channel(campaignId)).catch((error: unknown) => this.redisDown(error));
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(campaignId) === set) {
        this.listeners.delete(campaignId);
        this.redis?.subscriber
          .unsubscribe(channel(campaignId))
          .catch((error: unknown) => this.redisDown(error));
      }
    };
  }

  /** Registers an open stream so shutdown can end it; returns the function that forgets it. */
  track(stream: LiveStream): () => void {
    this.streams.add(stream);
    return () => {
      this.streams.delete(stream);
    };
  }

  /** Open streams and subscribed campaigns on this process. */
  get stats(): { streams: number; campaigns: number } {
    return { streams: this.streams.size, campaigns: this.listeners.size };
  }

  private connectRedis(url: string): void {
    // No offline queue: while Redis is away a publish fails at once instead of piling up, and the
    // subscriber re-subscribes its channels by itself when the connection comes back.
    const options = { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false };
    const publisher = new Redis(url, { ...options, connectionName: 'soundlink-live-pub' });
    const subscriber = new Redis(url, {
      ...options,
      enableOfflineQueue: true,
      connectionName: 'soundlink-live-sub',
    });
    for (const client of [publisher, subscriber])
      client.on('error', (error: unknown) => this.redisDown(error));
    subscriber.on('message', (name: string, message: string) => this.received(name, message));
    subscriber.subscribe(this.revocationChannel).catch((error: unknown) => this.redisDown(error));
    this.redis = { publisher, subscriber };
    this.logger.log('Live events fan out across API processes through Redis');
  }

  private received(name: string, message: string): void {
    if (name === this.revocationChannel) return this.receivedRevocation(message);
    if (!name.startsWith(CHANNEL_PREFIX)) return;
    try {
      const parsed = JSON.parse(message) as { origin?: string; events?: LiveEvent[] };
      if (parsed.origin === this.origin || !Array.isArray(parsed.events)) return;
      const campaignId = name.slice(CHANNEL_PREFIX.length);
      for (const event of parsed.events) this.deliver(campaignId, event);
    } catch {
      this.logger.warn(`Ignored a malformed live event on ${name}`);
    }
  }

  private receivedRevocation(message: string): void {
    let revocation: Revocation;
    try {
      const parsed = JSON.parse(message) as { origin?: string; revocation?: Record<string, unknown> };
      if (parsed.origin === this.origin || !parsed.revocation) return;
      const text = (value: unknown) => (typeof value === 'string' && value.length <= 100 ? value : undefined);
      revocation = {
        ownerId: text(parsed.revocation['ownerId']),
        apiKeyId: text(parsed.revocation['apiKeyId']),
        sessionId: text(parsed.revocation['sessionId']),
      };
    } catch {
      this.logger.warn('Ignored a malformed revocation message');
      return;
    }
    for (const listener of this.revocationListeners) {
      try {
        listener(revocation);
      } catch (error) {
        this.logger.warn(`A revocation listener failed: ${String(error)}`);
      }
    }
  }

  /** At most one warning a minute: a Redis outage must not flood the log. */
  private redisDown(error: unknown): void {
    const now = Date.now();
    if (now - this.redisWarnedAt < 60_000) return;
    this.redisWarnedAt = now;
    this.logger.warn(
      `Redis is unreachable (${String(error)}): live events reach streams on this process only until it is back`,
    );
  }

  private endStreams(): void {
    for (const stream of [...this.streams]) {
      try {
        stream.end();
      } catch {
        // already gone
      }
    }
    this.streams.clear();
  }
}

const CHANNEL_PREFIX = 'soundlink:live:';
const channel = (campaignId: string): string => `${CHANNEL_PREFIX}${campaignId}`;
