import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  DOCUMENT,
  effect,
  inject,
  InjectionToken,
  input,
  signal,
  untracked,
  WritableSignal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { ChartEnvironment, prefersReducedMotion } from '@soundlink/ui-charts';
import { ApiResult, problemText } from '../../../core/api-problem';
import { SessionService } from '../../../core/session.service';
import { timeZoneOptions } from '../../../core/time-zones';
import type { Campaign, TrackerLink } from '../campaign-model';
import { CampaignsApi } from '../campaigns-api';
import {
  AnalyticsApi,
  Completeness,
  exportUrl,
  Funnel,
  Lift,
  LinkStats,
  Retention,
  streamUrl,
  Timeseries,
  TopTracks,
} from './analytics-api';
import { AttributionsTable } from './attributions-table';
import { DashboardChart } from './dashboard-chart';
import {
  channelsView,
  FUNNEL_STEPS,
  funnelRates,
  funnelView,
  liftView,
  linksView,
  listenerTypesView,
  RATE_LABELS,
  retentionView,
  timeseriesView,
  topTracksView,
} from './dashboard-charts';
import {
  AnalyticsParams,
  dashboardQueryParams,
  DashboardQuery,
  defaultGranularity,
  GRANULARITIES,
  GRANULARITY_LABELS,
  hasFilters,
  parseDashboardQuery,
  PRESET_LABELS,
  RANGE_PRESETS,
  RangePreset,
  resolveRange,
  sameQuery,
  TIER_LABELS,
  TIERS,
  todayIn,
  addDays,
} from './dashboard-query';
import { CampaignLiveEvents, LiveEvent, LiveEventType } from './live-events';
import { SegmentsCard } from './segments-card';

/**
 * After a live event, when the affected figures are fetched again: soon (the rollups apply a change within
 * about a second) and once more a little later in case the first read came before the rollup job.
 */
export const LIVE_REFRESH_DELAYS_MS = new InjectionToken<readonly number[]>('LIVE_REFRESH_DELAYS_MS', {
  providedIn: 'root',
  factory: () => [1_500, 4_500],
});

export type Section<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly data: T };

type SectionKey = 'funnel' | 'timeseries' | 'links' | 'topTracks' | 'retention' | 'lift' | 'attributions';
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

type PageState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string; readonly notFound: boolean }
  | { readonly state: 'ready'; readonly campaign: Campaign };

const FEED_LENGTH = 6;

/**
 * /campaigns/:id/dashboard — the campaign's results: funnel, plays over time by confidence tier, links and
 * channels, top tracks, new vs. existing listeners, retention, lift, each with its data completeness; the
 * range, granularity, time zone and filters in the URL; live updates from the campaign's event stream.
 */
@Component({
  selector: 'sl-campaign-dashboard',
  imports: [RouterLink, AttributionsTable, DashboardChart, SegmentsCard],
  providers: [CampaignLiveEvents],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './campaign-dashboard.html',
  styleUrl: './campaign-dashboard.css',
})
export class CampaignDashboard {
  readonly id = input.required<string>();

  private readonly campaigns = inject(CampaignsApi);
  private readonly analytics = inject(AnalyticsApi);
  private readonly session = inject(SessionService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly live = inject(CampaignLiveEvents);
  private readonly refreshDelays = inject(LIVE_REFRESH_DELAYS_MS);
  private readonly document = inject(DOCUMENT);

  protected readonly presets = RANGE_PRESETS;
  protected readonly presetLabels = PRESET_LABELS;
  protected readonly granularities = GRANULARITIES;
  protected readonly granularityLabels = GRANULARITY_LABELS;
  protected readonly tiers = TIERS;
  protected readonly tierLabels = TIER_LABELS;
  protected readonly steps = FUNNEL_STEPS;
  protected readonly rateLabels = RATE_LABELS;

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly query = computed(() => parseDashboardQuery(this.params()), { equal: sameQuery });
  protected readonly filtered = computed(() => hasFilters(this.query()));

  protected readonly page = signal<PageState>({ state: 'loading' });
  protected readonly campaign = computed(() => {
    const page = this.page();
    return page.state === 'ready' ? page.campaign : null;
  });
  protected readonly links = signal<readonly TrackerLink[]>([]);
  protected readonly utmSources = computed(() => {
    const sources = new Set<string>();
    for (const link of this.links()) if (link.utm.source) sources.add(link.utm.source);
    const current = this.query().utmSource;
    if (current) sources.add(current);
    return [...sources].sort();
  });
  protected readonly zone = computed(() => this.query().tz || this.campaign()?.timezone || 'UTC');
  protected readonly zones = computed(() => timeZoneOptions(this.zone()));

  /** The range as asked of the API: fixed at each (re)load so every section shows the same instants. */
  protected readonly params$ = signal<AnalyticsParams | null>(null);

  protected readonly funnel = signal<Section<Funnel>>({ state: 'loading' });
  protected readonly timeseries = signal<Section<Timeseries>>({ state: 'loading' });
  protected readonly linkStats = signal<Section<LinkStats>>({ state: 'loading' });
  protected readonly topTracks = signal<Section<TopTracks>>({ state: 'loading' });
  protected readonly retention = signal<Section<Retention>>({ state: 'loading' });
  protected readonly lift = signal<Section<Lift>>({ state: 'loading' });
  /** Bumped to make the attributions table fetch its first page again. */
  protected readonly attributionsVersion = signal(0);

  protected readonly liveStatus = this.live.status;
  protected readonly feed = signal<readonly FeedItem[]>([]);
  protected readonly announcement = signal('');

  private readonly env: ChartEnvironment = {
    reducedMotion: prefersReducedMotion(this.document.defaultView),
  };

  protected readonly funnelChart = computed(() => this.view(this.funnel(), (f) => funnelView(f, this.env)));
  protected readonly timeChart = computed(() => {
    const q = this.query();
    return this.view(this.timeseries(), (t) => timeseriesView(t, q.granularity, t.range.tz, this.env));
  });
  protected readonly linksChart = computed(() => this.view(this.linkStats(), (l) => linksView(l, this.env)));
  protected readonly channelsChart = computed(() =>
    this.view(this.linkStats(), (l) => channelsView(l, this.env)),
  );
  protected readonly tracksChart = computed(() =>
    this.view(this.topTracks(), (t) => topTracksView(t, this.env)),
  );
  protected readonly listenersChart = computed(() =>
    this.view(this.funnel(), (f) => listenerTypesView(f, this.env)),
  );
  protected readonly retentionChart = computed(() =>
    this.view(this.retention(), (r) => retentionView(r, this.env)),
  );
  protected readonly liftChart = computed(() => this.view(this.lift(), (l) => liftView(l, this.env)));

  protected readonly completeness = computed(() => {
    const funnel = this.funnel();
    return funnel.state === 'ready' ? funnel.data.completeness : null;
  });

  protected readonly exports = computed(() => {
    const params = this.params$();
    const campaign = this.campaign();
    if (!params || !campaign) return null;
    return {
      csv: exportUrl(campaign.id, 'attributions', 'csv', params),
      json: exportUrl(campaign.id, 'attributions', 'json', params),
    };
  });

  /** Custom range defaults: the last 28 days up to today in the time zone. */
  protected readonly customDefaults = computed(() => {
    const q = this.query();
    const today = todayIn(this.zone(), new Date());
    return { from: q.from || addDays(today, -27), to: q.to || today };
  });

  private sequence = 0;
  private pending = new Set<SectionKey>();
  private timers: ReturnType<typeof setTimeout>[] = [];
  private feedId = 0;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.loadCampaign(id));
    });
    effect(() => {
      const query = this.query();
      const campaign = this.campaign();
      if (!campaign) return;
      untracked(() => this.reload(campaign, query, ALL_SECTIONS, true));
    });
    inject(DestroyRef).onDestroy(() => this.clearTimers());
  }

  private view<T, V>(section: Section<T>, build: (data: T) => V): V | null {
    return section.state === 'ready' ? build(section.data) : null;
  }

  async loadCampaign(id: string): Promise<void> {
    this.page.set({ state: 'loading' });
    const [campaign, links] = await Promise.all([this.campaigns.get(id), this.campaigns.links(id)]);
    if (id !== this.id()) return;
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

  /**
   * Fetches `sections` for the query. `fresh` (a new query) shows loading states; a live refresh keeps the
   * figures on screen until the new ones arrive.
   */
  reload(campaign: Campaign, query: DashboardQuery, sections: readonly SectionKey[], fresh: boolean): void {
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

  protected retry(section: SectionKey): void {
    const campaign = this.campaign();
    if (campaign) this.reload(campaign, this.query(), [section], true);
  }

  // ── live ──────────────────────────────────────────────────────────────

  private onLiveEvent(event: LiveEvent): void {
    if (event.type === 'click' && event['bot'] === true) return; // recorded, never counted
    this.addToFeed(event);
    this.schedule(AFFECTED[event.type]);
  }

  /** Collects what changed and fetches it once per burst of events. */
  private schedule(sections: readonly SectionKey[]): void {
    const first = this.pending.size === 0;
    for (const section of sections) this.pending.add(section);
    if (!first) return;
    this.clearTimers();
    const delays = this.refreshDelays;
    delays.forEach((delay, i) => {
      this.timers.push(
        setTimeout(() => {
          const campaign = this.campaign();
          const due = [...this.pending];
          if (i === delays.length - 1) this.pending.clear();
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

  // ── the view in the URL ───────────────────────────────────────────────

  private setQuery(change: Partial<DashboardQuery>): void {
    const next = { ...this.query(), ...change };
    if (sameQuery(next, this.query())) return;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: dashboardQueryParams(next),
      queryParamsHandling: 'merge',
    });
  }

  protected onRange(value: string): void {
    const range = (RANGE_PRESETS as readonly string[]).includes(value) ? (value as RangePreset) : '28d';
    const current = this.query();
    // A granularity that was the old range's default follows the new range.
    const granularity =
      current.granularity === defaultGranularity(current.range)
        ? defaultGranularity(range)
        : current.granularity;
    if (range === 'custom') {
      const { from, to } = this.customDefaults();
      this.setQuery({ range, from, to, granularity });
    } else {
      this.setQuery({ range, from: '', to: '', granularity });
    }
  }

  protected applyCustom(event: Event, from: string, to: string): void {
    event.preventDefault();
    if (!from || !to) return;
    const [first, last] = from <= to ? [from, to] : [to, from];
    this.setQuery({ range: 'custom', from: first, to: last });
  }

  protected onGranularity(value: string): void {
    if ((GRANULARITIES as readonly string[]).includes(value)) {
      this.setQuery({ granularity: value as DashboardQuery['granularity'] });
    }
  }

  protected onZone(value: string): void {
    this.setQuery({ tz: value === this.campaign()?.timezone ? '' : value });
  }

  protected onLink(value: string): void {
    this.setQuery({ linkId: value });
  }

  protected onUtm(value: string): void {
    this.setQuery({ utmSource: value });
  }

  protected onTier(value: string): void {
    this.setQuery({
      tier: (TIERS as readonly string[]).includes(value) ? (value as DashboardQuery['tier']) : '',
    });
  }

  protected clearFilters(): void {
    this.setQuery({ linkId: '', utmSource: '', tier: '' });
  }

  // ── formatting ────────────────────────────────────────────────────────

  protected errorMessage(section: Section<unknown>): string {
    return section.state === 'error' ? section.message : '';
  }

  protected count(value: number): string {
    return value.toLocaleString('en');
  }

  protected percent(value: number | null | undefined): string {
    return value === null || value === undefined ? '–' : `${Math.round(value * 1000) / 10} %`;
  }

  /** A decimal with its sign (+0.5, −0.25), as differences read. */
  protected signed(value: number | null | undefined): string {
    if (value === null || value === undefined) return '–';
    const rounded = Math.round(value * 100) / 100;
    if (rounded === 0) return '0';
    return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toLocaleString('en')}`;
  }

  /** The lift estimate in words, with its interval and the relative change when there is one. */
  protected liftText(lift: Lift): string {
    let text = `${this.signed(lift.estimatePerDay)} campaign-track plays per listener-day`;
    if (lift.interval) {
      text += ` (95 % interval ${this.signed(lift.interval.low)} to ${this.signed(lift.interval.high)})`;
    }
    if (lift.relative !== null) {
      text += `: ${this.signed(lift.relative * 100)} % over what they would have played without the campaign`;
    }
    return text;
  }

  protected decimal(value: number | null | undefined): string {
    return value === null || value === undefined ? '–' : (Math.round(value * 100) / 100).toLocaleString('en');
  }

  protected rate(funnel: Funnel, index: number): string {
    const value = funnelRates(funnel)[index];
    if (value === null || value === undefined) return '–';
    return index === 3 ? this.decimal(value) : this.percent(value);
  }

  protected completenessText(completeness: Completeness | null): string {
    if (!completeness || completeness.share === null) return 'No connected listeners in this range yet.';
    return `${this.percent(completeness.share)} of connected listener-time observed (${completeness.listeners} listener${completeness.listeners === 1 ? '' : 's'})`;
  }

  protected fileName(what: string): string {
    return `${this.campaign()?.name ?? 'campaign'} ${what}`;
  }
}
