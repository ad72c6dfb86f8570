import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Response } from 'express';
import { Counter, Gauge } from 'prom-client';
import { DomainEvents } from '../../common/events/domain-events.service';
import { DomainError } from '../../common/errors/api-error';
import { AppConfig } from '../../config/app-config';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { MetricsService } from '../metrics/metrics.service';
import { LiveEvent, LiveEvents, Revocation } from './live-events.service';

export const HEARTBEAT_MS = 15_000;
/** A stream whose client has not taken what was written within this time is dropped, however little it is. */
export const DRAIN_TIMEOUT_MS = 30_000;

export const LiveStreamErrorCode = { TooManyLiveStreams: 'TooManyLiveStreams' } as const;

type DropReason = 'slow' | 'revoked';

interface OpenStream {
  ownerId: string;
  via: Principal['via'];
  apiKeyId?: string;
  sessionId?: string;
  /** Ends the stream: politely (what was written is still sent) or at once (the socket is destroyed). */
  close(reason: DropReason | 'shutdown'): void;
}

/**
 * The open `GET /campaigns/{id}/stream` connections of this process: their limits and their lifetime.
 *
 * - **Caps**: at most LIVE_STREAMS_PER_OWNER per owner and LIVE_STREAMS_MAX in all, per process (429
 *   `TooManyLiveStreams` beyond).
 * - **Slow clients**: when `res.write` says the socket is full, the stream may keep at most
 *   LIVE_STREAM_BUFFER_BYTES waiting and must drain within 30 s; otherwise it is dropped (the socket is
 *   destroyed, freeing what it held) and counted in `soundlink_live_streams_dropped_total{reason="slow"}`.
 * - **Credentials**: a stream lives only as long as the API key or session that opened it and its owner. The
 *   `auth.revoked` domain event ends a named key's or session's streams at once and has the owner's others
 *   re-checked against the database; with REDIS_URL the event reaches every process. Every
 *   LIVE_STREAM_RECHECK_MS (30 s by default) all open streams are re-checked anyway, which catches what no
 *   event announced (a revocation on another process without Redis).
 */
@Injectable()
export class LiveStreams implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveStreams');
  private readonly streams = new Set<OpenStream>();
  private readonly perOwner = new Map<string, number>();
  private readonly unsubscribe: Array<() => void> = [];
  private recheckTimer?: NodeJS.Timeout;
  private rechecking = false;
  private readonly dropped: Counter<'reason'>;
  private readonly refused: Counter<'limit'>;

  constructor(
    private readonly config: AppConfig,
    private readonly live: LiveEvents,
    private readonly domainEvents: DomainEvents,
    private readonly auth: AuthService,
    metrics: MetricsService,
  ) {
    this.dropped = new Counter({
      name: 'soundlink_live_streams_dropped_total',
      help: 'Live streams ended by the server: slow (the client did not read) or revoked (credentials ended).',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
    this.refused = new Counter({
      name: 'soundlink_live_streams_refused_total',
      help: 'Live streams refused with 429, by the limit reached (owner or global).',
      labelNames: ['limit'] as const,
      registers: [metrics.registry],
    });
    const streams = this.streams;
    new Gauge({
      name: 'soundlink_live_streams',
      help: 'Live streams open on this process.',
      registers: [metrics.registry],
      collect() {
        this.set(streams.size);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.unsubscribe.push(
      this.domainEvents.on('auth.revoked', (revocation) => {
        this.live.publishRevocation(revocation);
        return this.revoked(revocation);
      }),
      this.live.onRevocation((revocation) => void this.revoked(revocation)),
    );
    this.recheckTimer = setInterval(() => void this.recheckAll(), this.config.LIVE_STREAM_RECHECK_MS);
    this.recheckTimer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.recheckTimer);
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    for (const stream of [...this.streams]) stream.close('shutdown');
  }

  /** Open streams on this process, in all and of one owner. */
  count(ownerId?: string): number {
    return ownerId === undefined ? this.streams.size : (this.perOwner.get(ownerId) ?? 0);
  }

  /**
   * Answers the request with the campaign's live events until the client leaves, the credentials end or the
   * server shuts down. Throws `TooManyLiveStreams` (429) before anything is written when a cap is reached.
   * The caller has checked that the campaign is the principal's.
   */
  open(principal: Principal, campaignId: string, res: Response): void {
    this.admit(principal.ownerId);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    // One response per connection: when the stream ends (client gone, shutdown) the socket closes with it.
    res.setHeader('Connection', 'close');
    res.flushHeaders();

    let closed = false;
    let drainTimer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(drainTimer);
      unsubscribe();
      untrack();
      this.streams.delete(stream);
      const left = (this.perOwner.get(principal.ownerId) ?? 1) - 1;
      if (left > 0) this.perOwner.set(principal.ownerId, left);
      else this.perOwner.delete(principal.ownerId);
    };
    const close = (reason: DropReason | 'shutdown') => {
      if (closed) return;
      cleanup();
      if (reason !== 'shutdown') this.dropped.inc({ reason });
      if (reason === 'slow') {
        // Destroying frees what the socket holds; ending would queue behind it.
        res.destroy();
      } else {
        if (reason === 'revoked' && res.writable) res.write(': access ended\n\n');
        res.end();
      }
    };
    const write = (chunk: string) => {
      if (closed || !res.writable) return;
      if (res.write(chunk)) return;
      if (res.writableLength > this.config.LIVE_STREAM_BUFFER_BYTES) return close('slow');
      if (!drainTimer) {
        drainTimer = setTimeout(() => close('slow'), DRAIN_TIMEOUT_MS);
        drainTimer.unref();
        res.once('drain', () => {
          clearTimeout(drainTimer);
          drainTimer = undefined;
        });
      }
    };

    const stream: OpenStream = {
      ownerId: principal.ownerId,
      via: principal.via,
      apiKeyId: principal.apiKeyId,
      sessionId: principal.sessionId,
      close,
    };
    this.streams.add(stream);
    write(`retry: 5000\n: connected to campaign ${campaignId}\n\n`);
    let sequence = 0;
    const unsubscribe = this.live.subscribe(campaignId, (event: LiveEvent) =>
      write(`id: ${++sequence}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
    );
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    // Shutdown (LiveEvents ends every stream as soon as the HTTP server starts closing).
    const untrack = this.live.track({ end: () => close('shutdown') });
    res.on('close', cleanup);
    // A revocation between the guard's check and this registration announced itself to nobody: check once more.
    void this.recheck([stream]);
  }

  /** Reserves a place for the owner's new stream, or refuses it. Synchronous: no two requests race past a cap. */
  private admit(ownerId: string): void {
    const mine = this.perOwner.get(ownerId) ?? 0;
    if (mine >= this.config.LIVE_STREAMS_PER_OWNER) {
      this.refused.inc({ limit: 'owner' });
      throw tooManyLiveStreams(
        `An owner may hold at most ${this.config.LIVE_STREAMS_PER_OWNER} live streams open at once; close one (another dashboard tab or integration) and try again.`,
      );
    }
    if (this.streams.size >= this.config.LIVE_STREAMS_MAX) {
      this.refused.inc({ limit: 'global' });
      throw tooManyLiveStreams(
        `This server holds at most ${this.config.LIVE_STREAMS_MAX} live streams open at once; try again in a minute.`,
      );
    }
    this.perOwner.set(ownerId, mine + 1);
  }

  /** A revocation here or (through Redis) elsewhere: named credentials end at once, the owner's others are re-checked. */
  private async revoked(revocation: Revocation): Promise<void> {
    const { ownerId, apiKeyId, sessionId } = revocation;
    for (const stream of [...this.streams]) {
      if ((apiKeyId && stream.apiKeyId === apiKeyId) || (sessionId && stream.sessionId === sessionId)) {
        stream.close('revoked');
      }
    }
    if (ownerId && !apiKeyId && !sessionId) {
      await this.recheck([...this.streams].filter((stream) => stream.ownerId === ownerId));
    }
  }

  /** Every open stream, every LIVE_STREAM_RECHECK_MS: one check at a time. */
  private async recheckAll(): Promise<void> {
    if (this.rechecking) return;
    this.rechecking = true;
    try {
      await this.recheck([...this.streams]);
    } finally {
      this.rechecking = false;
    }
  }

  /** Ends the streams whose API key or session (or owner) is no longer valid in the database. */
  private async recheck(streams: OpenStream[]): Promise<void> {
    if (streams.length === 0) return;
    try {
      const keyIds = [
        ...new Set(streams.flatMap((s) => (s.via === 'api_key' && s.apiKeyId ? [s.apiKeyId] : []))),
      ];
      const sessionIds = [
        ...new Set(streams.flatMap((s) => (s.via === 'session' && s.sessionId ? [s.sessionId] : []))),
      ];
      const valid = await this.auth.stillValidCredentials(keyIds, sessionIds);
      for (const stream of streams) {
        const credential = stream.via === 'api_key' ? stream.apiKeyId : stream.sessionId;
        if (!credential || !valid.has(credential)) stream.close('revoked');
      }
    } catch (error) {
      // The database is away: keep the streams (their credentials were valid at the last check) and try again.
      this.logger.warn(`Could not re-check the live streams' credentials: ${String(error)}`);
    }
  }
}

const tooManyLiveStreams = (message: string) =>
  new DomainError(LiveStreamErrorCode.TooManyLiveStreams, 429, message, undefined, { 'Retry-After': '60' });
