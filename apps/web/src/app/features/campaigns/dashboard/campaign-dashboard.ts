import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DOCUMENT,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { ChartEnvironment, prefersReducedMotion } from '@soundlink/ui-charts';
import { AttributionsTable } from './attributions-table';
import {
  channelsView,
  FUNNEL_STEPS,
  funnelView,
  liftView,
  linksView,
  listenerTypesView,
  RATE_LABELS,
  retentionView,
  timeseriesView,
  topTracksView,
} from './chart-views';
import { completenessText, count, decimal, funnelRate, liftText, percent, signed } from './dashboard-format';
import {
  DashboardQuery,
  defaultGranularity,
  GRANULARITIES,
  GRANULARITY_LABELS,
  PRESET_LABELS,
  RANGE_PRESETS,
  RangePreset,
  TIER_LABELS,
  TIERS,
} from './dashboard-query';
import { DashboardStore, SectionKey } from './dashboard-store';
import { CampaignLiveEvents } from './live-events';
import { Section, sectionView } from './section';
import { SectionChart } from './section-chart';
import { SegmentsCard } from './segments-card';

/**
 * /campaigns/:id/dashboard — the campaign's results: funnel, plays over time by confidence tier, links and
 * channels, top tracks, new vs. existing listeners, retention, lift, each with its data completeness; the
 * range, granularity, time zone and filters in the URL; live updates from the campaign's event stream.
 * The figures, the view and the stream are the page's DashboardStore; the page draws them and writes the
 * reader's choices to the URL.
 */
@Component({
  selector: 'sl-campaign-dashboard',
  imports: [RouterLink, AttributionsTable, SectionChart, SegmentsCard],
  providers: [CampaignLiveEvents, DashboardStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './campaign-dashboard.html',
  styleUrl: './campaign-dashboard.css',
})
export class CampaignDashboard {
  readonly id = input.required<string>();

  private readonly store = inject(DashboardStore);
  private readonly document = inject(DOCUMENT);

  protected readonly presets = RANGE_PRESETS;
  protected readonly presetLabels = PRESET_LABELS;
  protected readonly granularities = GRANULARITIES;
  protected readonly granularityLabels = GRANULARITY_LABELS;
  protected readonly tiers = TIERS;
  protected readonly tierLabels = TIER_LABELS;
  protected readonly steps = FUNNEL_STEPS;
  protected readonly rateLabels = RATE_LABELS;

  protected readonly query = this.store.query;
  protected readonly filtered = this.store.filtered;
  protected readonly page = this.store.page;
  protected readonly campaign = this.store.campaign;
  protected readonly links = this.store.links;
  protected readonly utmSources = this.store.utmSources;
  protected readonly zone = this.store.zone;
  protected readonly zones = this.store.zones;
  protected readonly params$ = this.store.params$;
  protected readonly funnel = this.store.funnel;
  protected readonly timeseries = this.store.timeseries;
  protected readonly linkStats = this.store.linkStats;
  protected readonly topTracks = this.store.topTracks;
  protected readonly retention = this.store.retention;
  protected readonly lift = this.store.lift;
  protected readonly attributionsVersion = this.store.attributionsVersion;
  protected readonly liveStatus = this.store.liveStatus;
  protected readonly feed = this.store.feed;
  protected readonly announcement = this.store.announcement;
  protected readonly completeness = this.store.completeness;
  protected readonly rawDataNote = this.store.rawDataNote;
  protected readonly exports = this.store.exports;
  protected readonly customDefaults = this.store.customDefaults;

  private readonly env: ChartEnvironment = {
    reducedMotion: prefersReducedMotion(this.document.defaultView),
  };

  protected readonly funnelChart = computed(() => sectionView(this.funnel(), (f) => funnelView(f, this.env)));
  protected readonly timeChart = computed(() => {
    const q = this.query();
    return sectionView(this.timeseries(), (t) => timeseriesView(t, q.granularity, t.range.tz, this.env));
  });
  protected readonly linksChart = computed(() =>
    sectionView(this.linkStats(), (l) => linksView(l, this.env)),
  );
  protected readonly channelsChart = computed(() =>
    sectionView(this.linkStats(), (l) => channelsView(l, this.env)),
  );
  protected readonly tracksChart = computed(() =>
    sectionView(this.topTracks(), (t) => topTracksView(t, this.env)),
  );
  protected readonly listenersChart = computed(() =>
    sectionView(this.funnel(), (f) => listenerTypesView(f, this.env)),
  );
  protected readonly retentionChart = computed(() =>
    sectionView(this.retention(), (r) => retentionView(r, this.env)),
  );
  protected readonly liftChart = computed(() => sectionView(this.lift(), (l) => liftView(l, this.env)));

  protected readonly count = count;
  protected readonly percent = percent;
  protected readonly signed = signed;
  protected readonly decimal = decimal;
  protected readonly liftText = liftText;
  protected readonly rate = funnelRate;
  protected readonly completenessText = completenessText;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.store.load(id));
    });
  }

  protected loadCampaign(id: string): void {
    void this.store.load(id);
  }

  protected retry(section: SectionKey): void {
    this.store.retry(section);
  }

  // ── the view in the URL ───────────────────────────────────────────────

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
      this.store.setQuery({ range, from, to, granularity });
    } else {
      this.store.setQuery({ range, from: '', to: '', granularity });
    }
  }

  protected applyCustom(event: Event, from: string, to: string): void {
    event.preventDefault();
    if (!from || !to) return;
    const [first, last] = from <= to ? [from, to] : [to, from];
    this.store.setQuery({ range: 'custom', from: first, to: last });
  }

  protected onGranularity(value: string): void {
    if ((GRANULARITIES as readonly string[]).includes(value)) {
      this.store.setQuery({ granularity: value as DashboardQuery['granularity'] });
    }
  }

  protected onZone(value: string): void {
    this.store.setQuery({ tz: value === this.campaign()?.timezone ? '' : value });
  }

  protected onLink(value: string): void {
    this.store.setQuery({ linkId: value });
  }

  protected onUtm(value: string): void {
    this.store.setQuery({ utmSource: value });
  }

  protected onTier(value: string): void {
    this.store.setQuery({
      tier: (TIERS as readonly string[]).includes(value) ? (value as DashboardQuery['tier']) : '',
    });
  }

  protected clearFilters(): void {
    this.store.setQuery({ linkId: '', utmSource: '', tier: '' });
  }

  // ── formatting ────────────────────────────────────────────────────────

  protected errorMessage(section: Section<unknown>): string {
    return section.state === 'error' ? section.message : '';
  }

  protected fileName(what: string): string {
    return `${this.campaign()?.name ?? 'campaign'} ${what}`;
  }
}
