import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  DOCUMENT,
  inject,
  InjectionToken,
  OnInit,
  signal,
} from '@angular/core';
import { problemText } from '../../core/api-problem';
import { SessionService } from '../../core/session.service';
import { AdminApi, SourcePolling } from './admin-api';
import { AdminNav } from './admin-nav';
import { formatDuration, formatTime, PollingSummary, pollingVerdict } from './polling-model';

/** How often the page asks for fresh figures while it is open and visible. */
export const POLLING_REFRESH_MS = new InjectionToken<number>('POLLING_REFRESH_MS', {
  providedIn: 'root',
  factory: () => 15_000,
});

/** Runs `tick` every `ms` until the returned function is called (a fake in unit tests). */
export const REPEAT = new InjectionToken<(tick: () => void, ms: number) => () => void>('REPEAT', {
  providedIn: 'root',
  factory: () => (tick, ms) => {
    const id = setInterval(tick, ms);
    return () => clearInterval(id);
  },
});

type PageState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly summary: PollingSummary; readonly refreshError: string | null };

/**
 * Admin › Polling health: the poller at a glance (GET /api/v1/admin/polling), refreshed every 15 s
 * while the tab is visible and on demand. A failed refresh keeps the last figures and says how old they are.
 */
@Component({
  selector: 'sl-polling-health',
  imports: [AdminNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './polling-health.html',
  styleUrl: './polling-health.css',
})
export class PollingHealth implements OnInit {
  private readonly api = inject(AdminApi);
  private readonly session = inject(SessionService);
  private readonly document = inject(DOCUMENT);
  private readonly repeat = inject(REPEAT);
  private readonly refreshMs = inject(POLLING_REFRESH_MS);
  protected readonly refreshSeconds = Math.round(this.refreshMs / 1000);
  private stopTimer: (() => void) | null = null;

  protected readonly page = signal<PageState>({ state: 'loading' });
  protected readonly refreshing = signal(false);
  protected readonly autoRefresh = signal(true);
  protected readonly announcement = signal('');
  /** Last.fm and ListenBrainz (null: not read, the page says so). */
  protected readonly sources = signal<SourcePolling[] | null>(null);
  protected readonly sourceNames: Readonly<Partial<Record<string, string>>> = {
    lastfm: 'Last.fm',
    listenbrainz: 'ListenBrainz',
  };

  protected readonly summary = computed(() => {
    const page = this.page();
    return page.state === 'ready' ? page.summary : null;
  });
  protected readonly refreshError = computed(() => {
    const page = this.page();
    return page.state === 'ready' ? page.refreshError : null;
  });
  protected readonly loadError = computed(() => {
    const page = this.page();
    return page.state === 'error' ? page.message : '';
  });
  private readonly timeZone = computed(() => this.session.owner()?.timezone);
  protected readonly verdict = computed(() => {
    const summary = this.summary();
    return summary ? pollingVerdict(summary, this.timeZone()) : null;
  });
  /** Each listener state's share of all listeners, for the bar above the counts. */
  protected readonly shares = computed(() => {
    const listeners = this.summary()?.listeners;
    if (!listeners || listeners.total === 0) return null;
    const pct = (n: number) => `${(n / listeners.total) * 100}%`;
    return {
      active: pct(listeners.active),
      needsReconnect: pct(listeners.needsReconnect),
      devModeBlocked: pct(listeners.devModeBlocked),
      disconnected: pct(listeners.disconnected),
    };
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopAutoRefresh());
  }

  ngOnInit(): void {
    void this.load();
    this.startAutoRefresh();
  }

  /** Fetches the figures; `announce` says so to screen readers (a click, not the timer). */
  async load(announce = false): Promise<void> {
    if (this.refreshing()) return;
    this.refreshing.set(true);
    const before = this.verdict()?.headline;
    const [result, sources] = await Promise.all([this.api.polling(), this.api.pollingSources()]);
    this.refreshing.set(false);
    this.sources.set(sources.ok ? sources.data.items : null);
    if (result.ok) {
      this.page.set({ state: 'ready', summary: result.data, refreshError: null });
      const after = this.verdict()?.headline;
      if (announce) this.announcement.set(`Polling health updated. ${after}.`);
      else if (before && after !== before) this.announcement.set(`${after}.`);
      return;
    }
    if (this.session.handleExpiredSession(result.problem)) {
      this.stopAutoRefresh();
      return;
    }
    const message = problemText(result.problem);
    this.page.update((page) =>
      page.state === 'ready' ? { ...page, refreshError: message } : { state: 'error', message },
    );
  }

  protected setAutoRefresh(event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    this.autoRefresh.set(on);
    if (on) {
      this.startAutoRefresh();
      void this.load();
    } else {
      this.stopAutoRefresh();
    }
  }

  protected time(iso: string): string {
    return formatTime(iso, this.timeZone());
  }

  protected duration(seconds: number): string {
    return formatDuration(seconds);
  }

  private startAutoRefresh(): void {
    this.stopAutoRefresh();
    this.stopTimer = this.repeat(() => {
      // A hidden tab doesn't need fresh figures; it gets them on the next tick after it is shown.
      if (!this.document.hidden) void this.load();
    }, this.refreshMs);
  }

  private stopAutoRefresh(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }
}
