import {
  BeforeApplicationShutdown,
  Global,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { AppConfig } from '../../config/app-config';
import { DomainEvents } from '../../common/events/domain-events';

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

export type LiveEvent = ClickLiveEvent | ConnectLiveEvent | AttributedPlayLiveEvent;
export type LiveEventListener = (event: LiveEvent) => void;

/** An open stream (SSE) the service ends when the server shuts down. */
export interface LiveStream {
  end(): void;
}

/**
 * Fans live campaign events out to the open `/campaigns/{id}/stream` connections.
 *
 * `publish(campaignId, event)` is called by whoever stored something: the click buffer after a batch is
 * written, the listener connect flow after linking clicks, the attribution engine (through its
 * `attribution.created` domain event, which this service listens to). In-process: each API process
 * delivers to the streams it holds. With several API processes, a stream sees the events stored by its own
 * process only until the Redis fan-out lands (REDIS_URL; see docs/analytics.md).
 */
@Injectable()
export class LiveEvents implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveEvents');
  private readonly listeners = new Map<string, Set<LiveEventListener>>();
  private readonly streams = new Set<LiveStream>();
  private unsubscribe?: () => void;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
    private readonly domainEvents: DomainEvents,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.REDIS_URL) {
      this.logger.warn(
        'REDIS_URL is set, but live events are fanned out in this process only (no Redis client is installed yet): streams see events stored by their own process.',
      );
    }
    this.unsubscribe = this.domainEvents.on('attribution.created', ({ rows }) => {
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
    });
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

  beforeApplicationShutdown(): void {
    this.endStreams();
    this.unsubscribe?.();
  }

  /** Delivers an event to every stream of the campaign open on this process. Never throws. */
  publish(campaignId: string, event: LiveEvent): void {
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

  /** Receives the campaign's events until the returned function is called. */
  subscribe(campaignId: string, listener: LiveEventListener): () => void {
    let set = this.listeners.get(campaignId);
    if (!set) this.listeners.set(campaignId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(campaignId) === set) this.listeners.delete(campaignId);
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

/** Global so the click buffer (campaign module) and the connect flow can publish without importing analytics. */
@Global()
@Module({ providers: [LiveEvents], exports: [LiveEvents] })
export class LiveEventsModule {}
