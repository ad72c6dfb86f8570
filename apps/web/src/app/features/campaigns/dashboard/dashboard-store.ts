import { rawDataText } from './dashboard-format';
import {
  computed,
  DestroyRef,
  effect,
  inject,
  Injectable,
  InjectionToken,
  signal,
  untracked,
} from '@angular/core';
import type { WritableSignal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { ApiResult, problemText } from '../../../core/api-problem';
import { SessionService } from '../../../core/session.service';
import { timeZoneOptions } from '../../../core/time-zones';
import type { Campaign, TrackerLink } from '../campaign-model';
import { CampaignsApi } from '../campaigns-api';
import {
  AnalyticsApi,
  exportUrl,
  Funnel,
  Lift,
  LinkStats,
  Retention,
  streamUrl,
  Timeseries,
  TopTracks,
} from './analytics-api';
import {
  addDays,
  AnalyticsParams,
  dashboardQueryParams,
  DashboardQuery,
  hasFilters,
  parseDashboardQuery,
  resolveRange,
  sameQuery,
  todayIn,
} from './dashboard-query';
import { CampaignLiveEvents, LiveEvent, LiveEventType } from './live-events';
import type { Section } from './section';

/**
 * After a live event, when the affected figures are fetched again: soon (the rollups apply a change within
 * about a second) and once more a little later in case the first read came before the rollup job.
 */
export const LIVE_REFRESH_DELAYS_MS = new InjectionToken<readonly number[]>('LIVE_REFRESH_DELAYS_MS', {
  providedIn: 'root',
  factory: () => [1_500, 4_500],
});

export type SectionKey =
  'funnel' | 'timeseries' | 'links' | 'topTracks' | 'retention' | 'lift' | 'attributions';
const ALL_SECTIONS: readonly SectionKey[] = [
  'funnel',
  'timeseries',
  'links',
  'topTracks',
  'retention',
  'lift',
  'attributions',
];
/** What each live event can change. */
const AFFECTED: Record<LiveEventType, readonly SectionKey[]> = {
  click: ['funnel', 'timeseries', 'links'],
  connect: ['funnel', 'timeseries', 'links'],
  'attributed-play': ALL_SECTIONS,
  // Their attributed plays are gone, and they no longer count as a listener.
  'listener-erased': ALL_SECTIONS,
};

export interface FeedItem {
  readonly id: number;
  readonly text: string;
  readonly at: string;
}

export type PageState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string; readonly notFound: boolean }
  | { readonly state: 'ready'; readonly campaign: Campaign };

const FEED_LENGTH = 6;

/**
 * The state of one campaign dashboard, provided by the page (one per visit): the campaign, the view asked
 * for in the URL, each section's figures, and the live stream that makes them fetched again. A newer view
 * makes the answers for the older one ignored; live events are collected and fetched once per burst.
 */
@Injectable()
export class DashboardStore {
  private readonly campaigns = inject(CampaignsApi);
  private readonly analytics = inject(AnalyticsApi);
  private readonly session = inject(SessionService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly live = inject(CampaignLiveEvents);
  private readonly refreshDelays = inject(LIVE_REFRESH_DELAYS_MS);

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  /** The view in the URL: range, granularity, time zone and filters. */
  readonly query = computed(() => parseDashboardQuery(this.params()), { equal: sameQuery });
  readonly filtered = computed(() => hasFilters(this.query()));

  private readonly campaignId = signal<string | null>(null);
  readonly page = signal<PageState>({ state: 'loading' });
  readonly campaign = computed(() => {
    const page = this.page();
    return page.state === 'ready' ? page.campaign : null;
  });
  readonly links = signal<readonly TrackerLink[]>([]);
  readonly utmSources = computed(() => {
    const sources = new Set<string>();
    for (const link of this.links()) if (link.utm.source) sources.add(link.utm.source);
    const current = this.query().utmSource;
    if (current) sources.add(current);
    return [...sources].sort();
  });
  readonly zone = computed(() => this.query().tz || this.campaign()?.timezone || 'UTC');
  readonly zones = computed(() => timeZoneOptions(this.zone()));

  /** The range as asked of the API: fixed at each (re)load so every section shows the same instants. */
  readonly params$ = signal<AnalyticsParams | null>(null);

  readonly funnel = signal<Section<Funnel>>({ state: 'loading' });
  readonly timeseries = signal<Section<Timeseries>>({ state: 'loading' });
  readonly linkStats = signal<Section<LinkStats>>({ state: 'loading' });
  readonly topTracks = signal<Section<TopTracks>>({ state: 'loading' });
  readonly retention = signal<Section<Retention>>({ state: 'loading' });
  readonly lift = signal<Section<Lift>>({ state: 'loading' });
  /** Bumped to make the attributions table fetch its first page again. */
  readonly attributionsVersion = signal(0);

  readonly liveStatus = this.live.status;
  readonly feed = signal<readonly FeedItem[]>([]);
  /** The last live event in words, for a polite live region. */
  readonly announcement = signal('');

  readonly completeness = computed(() => {
    const funnel = this.funnel();
    return funnel.state === 'ready' ? funnel.data.completeness : null;
  });

  /** The raw-data note for the range (dashboard-format's rawDataText), or null. */
  readonly rawDataNote = computed(() => {
    const funnel = this.funnel();
    return funnel.state === 'ready' ? rawDataText(funnel.data.rawData) : null;
  });

  readonly exports = computed(() => {
    const params = this.params$();
    const campaign = this.campaign();
    if (!params || !campaign) return null;
    return {
      csv: exportUrl(campaign.id, 'attributions', 'csv', params),
      json: exportUrl(campaign.id, 'attributions', 'json', params),
    };
  });

  /** Custom range defaults: the last 28 days up to today in the time zone. */
  readonly customDefaults = computed(() => {
    const q = this.query();
    const today = todayIn(this.zone(), new Date());
    return { from: q.from || addDays(today, -27), to: q.to || today };
  });

  private sequence = 0;
  private pending = new Set<SectionKey>();
  /** The current burst has fetched at least once; an event came after that. */
  private fetchedInBurst = false;
  private eventAfterFetch = false;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private feedId = 0;

  constructor() {
    effect(() => {
      const query = this.query();
      const campaign = this.campaign();
      if (!campaign) return;
      untracked(() => this.reload(campaign, query, ALL_SECTIONS, true));
    });
    inject(DestroyRef).onDestroy(() => this.clearTimers());
  }

  /** Loads the campaign and its links, then goes live on its event stream. */
  async load(id: string): Promise<void> {
    this.campaignId.set(id);
    this.page.set({ state: 'loading' });
    const [campaign, links] = await Promise.all([this.campaigns.get(id), this.campaigns.links(id)]);
    if (id !== this.campaignId()) return;
    if (links.ok) this.links.set(links.data);
    if (campaign.ok) {
      this.page.set({ state: 'ready', campaign: campaign.data });
      this.live.connect(streamUrl(id), {
        onEvent: (event) => this.onLiveEvent(event),
        onOpen: () => this.schedule(ALL_SECTIONS),
      });
      return;
    }
    if (this.session.handleExpiredSession(campaign.problem)) return;
    const notFound = campaign.problem.status === 404;
    this.page.set({
      state: 'error',
      notFound,
      message: notFound ? "This campaign doesn't exist, or it isn't yours." : problemText(campaign.problem),
    });
  }

  /** Fetches one section again after it failed. */
  retry(section: SectionKey): void {
    const campaign = this.campaign();
    if (campaign) this.reload(campaign, this.query(), [section], true);
  }

  /** Writes a change of the view to the URL (which reloads the figures through `query`). */
  setQuery(change: Partial<DashboardQuery>): void {
    const next = { ...this.query(), ...change };
    if (sameQuery(next, this.query())) return;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: dashboardQueryParams(next),
      queryParamsHandling: 'merge',
    });
  }

  /**
   * Fetches `sections` for the query. `fresh` (a new query) shows loading states; a live refresh keeps the
   * figures on screen until the new ones arrive.
   */
  private reload(
    campaign: Campaign,
    query: DashboardQuery,
    sections: readonly SectionKey[],
    fresh: boolean,
  ): void {
    const sequence = fresh ? ++this.sequence : this.sequence;
    const params = resolveRange(query, campaign.timezone, new Date());
    // The attribution list follows the range (a live refresh of the figures alone leaves it be).
    if (fresh || sections.includes('attributions')) this.params$.set(params);
    const id = campaign.id;
    const fetch = <T>(
      key: SectionKey,
      target: WritableSignal<Section<T>>,
      call: () => Promise<ApiResult<T>>,
    ) => {
      if (!sections.includes(key)) return;
      if (fresh) target.set({ state: 'loading' });
      void call().then((result) => {
        // A newer view was asked for meanwhile: this answer is for the old one.
        if (sequence !== this.sequence || this.query() !== query) return;
        if (result.ok) target.set({ state: 'ready', data: result.data });
        else if (!this.session.handleExpiredSession(result.problem)) {
          // A failed live refresh leaves the last figures in place.
          if (fresh || target().state !== 'ready') {
            target.set({ state: 'error', message: problemText(result.problem) });
          }
        }
      });
    };
    fetch('funnel', this.funnel, () => this.analytics.funnel(id, params));
    fetch('timeseries', this.timeseries, () => this.analytics.timeseries(id, params));
    fetch('links', this.linkStats, () => this.analytics.links(id, params));
    fetch('topTracks', this.topTracks, () => this.analytics.topTracks(id, params));
    fetch('retention', this.retention, () => this.analytics.retention(id, params));
    fetch('lift', this.lift, () => this.analytics.lift(id, params));
    if (sections.includes('attributions')) this.attributionsVersion.update((v) => v + 1);
  }

  // ── live ──────────────────────────────────────────────────────────────

  private onLiveEvent(event: LiveEvent): void {
    if (event.type === 'click' && event['bot'] === true) return; // recorded, never counted
    this.addToFeed(event);
    this.schedule(AFFECTED[event.type]);
  }

  /**
   * Collects what changed and fetches it once per burst of events, at each of the refresh delays after the
   * burst's first event. An event that comes after the burst's first fetch (its figures may reach the
   * rollups after the burst's last one) starts another burst when this one ends.
   */
  private schedule(sections: readonly SectionKey[]): void {
    const first = this.pending.size === 0;
    for (const section of sections) this.pending.add(section);
    if (!first) {
      if (this.fetchedInBurst) this.eventAfterFetch = true;
      return;
    }
    this.startBurst();
  }

  private startBurst(): void {
    this.clearTimers();
    this.fetchedInBurst = false;
    this.eventAfterFetch = false;
    const delays = this.refreshDelays;
    delays.forEach((delay, i) => {
      this.timers.push(
        setTimeout(() => {
          const campaign = this.campaign();
          const due = [...this.pending];
          this.fetchedInBurst = true;
          if (i === delays.length - 1) {
            if (this.eventAfterFetch) this.startBurst();
            else this.pending.clear();
          }
          if (campaign && due.length) this.reload(campaign, this.query(), due, false);
        }, delay),
      );
    });
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }

  private addToFeed(event: LiveEvent): void {
    const linkLabel = this.links().find((l) => l.id === event['linkId'])?.label;
    const via = linkLabel ? ` via ${linkLabel}` : '';
    const text =
      event.type === 'click'
        ? `New click${via}`
        : event.type === 'connect'
          ? `A listener connected Spotify${via}`
          : event.type === 'listener-erased'
            ? 'A listener erased their data: figures updated'
            : `Attributed play (${String(event['tier'] ?? 'unknown')} confidence)${via}`;
    const at = new Date().toLocaleTimeString('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    this.feed.update((items) => [{ id: ++this.feedId, text, at }, ...items].slice(0, FEED_LENGTH));
    this.announcement.set(text);
  }
}
