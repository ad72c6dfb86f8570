import { DestroyRef, inject, Injectable, InjectionToken, NgZone, signal } from '@angular/core';

/** The part of EventSource the dashboard uses (a fake in unit tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** Opens an EventSource (same origin: the session cookie goes with it). */
export const EVENT_SOURCE = new InjectionToken<(url: string) => EventSourceLike>('EVENT_SOURCE', {
  providedIn: 'root',
  factory: () => (url: string) => new EventSource(url),
});

/** How long the stream waits before opening again after the browser gave up on it. */
export const LIVE_RECONNECT_MS = new InjectionToken<number>('LIVE_RECONNECT_MS', {
  providedIn: 'root',
  factory: () => 5_000,
});

export const LIVE_EVENT_TYPES = ['click', 'connect', 'attributed-play', 'listener-erased'] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** An event as the API sends it (docs/analytics.md, "Live events"); fields beyond `type` vary. */
export interface LiveEvent {
  readonly type: LiveEventType;
  readonly [field: string]: unknown;
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

const CLOSED = 2;

/**
 * One campaign's live event stream, for one component: open with `connect`, closed with the component.
 * The browser reconnects an EventSource by itself (the API says `retry: 5000`); when it gives up (the
 * stream is CLOSED after an error) this opens a new one after LIVE_RECONNECT_MS. `onOpen` runs on every
 * (re)connection after the first, so the page can catch up with what it missed.
 */
@Injectable()
export class CampaignLiveEvents {
  private readonly open = inject(EVENT_SOURCE);
  private readonly reconnectMs = inject(LIVE_RECONNECT_MS);
  private readonly zone = inject(NgZone);
  private source: EventSourceLike | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  readonly status = signal<LiveStatus>('offline');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
  }

  connect(url: string, handlers: { onEvent: (event: LiveEvent) => void; onOpen: () => void }): void {
    this.close();
    this.stopped = false;
    let opened = false;
    const start = () => {
      if (this.stopped) return;
      this.status.set(opened ? 'reconnecting' : 'connecting');
      let source: EventSourceLike;
      try {
        source = this.zone.runOutsideAngular(() => this.open(url));
      } catch {
        this.status.set('offline');
        return;
      }
      this.source = source;
      source.onopen = () => {
        this.status.set('live');
        // Every open, the first too: events before it were missed (a reconnect), or reached the rollups
        // only after the page's first read (a play attributed just before the dashboard opened).
        handlers.onOpen();
        opened = true;
      };
      source.onerror = () => {
        if (source.readyState === CLOSED) {
          source.close();
          this.status.set('offline');
          clearTimeout(this.timer);
          this.timer = setTimeout(start, this.reconnectMs);
        } else {
          this.status.set('reconnecting');
        }
      };
      for (const type of LIVE_EVENT_TYPES) {
        source.addEventListener(type, (message) => {
          let data: Record<string, unknown> = {};
          try {
            data = JSON.parse(String(message.data)) as Record<string, unknown>;
          } catch {
            data = {};
          }
          handlers.onEvent({ ...data, type });
        });
      }
    };
    start();
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
    this.status.set('offline');
  }
}
