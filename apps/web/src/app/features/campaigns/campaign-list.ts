import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  Injector,
  signal,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { problemText } from '../../core/api-problem';
import { SessionService } from '../../core/session.service';
import { formatDate } from '../../core/time-zones';
import { Artwork } from './artwork';
import {
  Campaign,
  CAMPAIGN_STATUSES,
  CampaignStatus,
  isCampaignStatus,
  STATUS_LABELS,
  TYPE_LABELS,
  windowLabel,
} from './campaign-model';
import { CampaignsApi, PAGE_SIZE } from './campaigns-api';
import { AnalyticsApi, CampaignSummary } from './dashboard/analytics-api';
import { StatusBadge } from './status-badge';
import { Sparkline } from '@soundlink/ui-charts/sparkline';

/** The list's state in the URL: `?q=&status=&page=`. */
export interface ListQuery {
  readonly q: string;
  readonly status: CampaignStatus | '';
  readonly page: number;
}

export function parseListQuery(params: ParamMap): ListQuery {
  const status = params.get('status');
  const page = Number(params.get('page'));
  return {
    q: params.get('q') ?? '',
    status: isCampaignStatus(status) ? status : '',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The list's key figures: clicks, listeners and attributed plays over the last SUMMARY_DAYS days. */
export const SUMMARY_DAYS = 7;

type FiguresState =
  | { readonly state: 'loading' }
  | { readonly state: 'error' }
  | { readonly state: 'ready'; readonly byId: ReadonlyMap<string, CampaignSummary> };

type ListState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly items: readonly Campaign[]; readonly total: number };

const SEARCH_DEBOUNCE_MS = 300;

/**
 * The owner's campaigns with search, status filter and pages, all kept in the URL so a reload, the back
 * button and a shared link show the same list. Used by /campaigns and embedded in /dashboard.
 */
@Component({
  selector: 'sl-campaign-list',
  imports: [RouterLink, StatusBadge, Artwork, Sparkline],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './campaign-list.html',
  styleUrl: './campaign-list.css',
})
export class CampaignList {
  private readonly api = inject(CampaignsApi);
  private readonly analytics = inject(AnalyticsApi);
  private readonly session = inject(SessionService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  protected readonly statuses = CAMPAIGN_STATUSES;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly typeLabels = TYPE_LABELS;
  protected readonly windowLabel = windowLabel;

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly query = computed(() => parseListQuery(this.params()), {
    equal: (a, b) => a.q === b.q && a.status === b.status && a.page === b.page,
  });
  protected readonly filtered = computed(() => !!this.query().q.trim() || !!this.query().status);

  protected readonly list = signal<ListState>({ state: 'loading' });
  protected readonly figures = signal<FiguresState>({ state: 'loading' });
  protected readonly summaryDays = SUMMARY_DAYS;
  protected readonly items = computed(() => {
    const list = this.list();
    return list.state === 'ready' ? list.items : [];
  });
  protected readonly total = computed(() => {
    const list = this.list();
    return list.state === 'ready' ? list.total : 0;
  });
  protected readonly pages = computed(() => Math.max(1, Math.ceil(this.total() / PAGE_SIZE)));
  protected readonly listError = computed(() => {
    const list = this.list();
    return list.state === 'error' ? list.message : '';
  });
  /** Read out after each load: "3 campaigns", "No campaigns match". */
  protected readonly summary = computed(() => {
    const list = this.list();
    if (list.state !== 'ready') return '';
    const n = list.total;
    return n === 0 ? 'No campaigns found.' : `${n} campaign${n === 1 ? '' : 's'}.`;
  });

  private sequence = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    effect(() => {
      const query = this.query();
      untracked(() => void this.load(query));
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.searchTimer));
  }

  async load(query: ListQuery = this.query()): Promise<void> {
    const sequence = ++this.sequence;
    this.list.set({ state: 'loading' });
    const result = await this.api.list({
      q: query.q.trim() || undefined,
      status: query.status || undefined,
      offset: (query.page - 1) * PAGE_SIZE,
    });
    if (sequence !== this.sequence) return; // a newer query has been asked since
    if (result.ok) {
      this.list.set({ state: 'ready', items: result.data.items, total: result.data.total });
      void this.loadFigures(result.data.items, sequence);
    } else if (!this.session.handleExpiredSession(result.problem)) {
      this.list.set({ state: 'error', message: problemText(result.problem) });
    }
  }

  /** The key figures of the campaigns on the page: one request, after the list itself. */
  private async loadFigures(items: readonly Campaign[], sequence: number): Promise<void> {
    if (items.length === 0) return;
    this.figures.set({ state: 'loading' });
    const result = await this.analytics.campaignsSummary(
      items.map((c) => c.id),
      SUMMARY_DAYS,
    );
    if (sequence !== this.sequence) return;
    this.figures.set(
      result.ok
        ? { state: 'ready', byId: new Map(result.data.campaigns.map((c) => [c.campaignId, c])) }
        : { state: 'error' },
    );
  }

  protected summaryOf(id: string): CampaignSummary | null {
    const figures = this.figures();
    return figures.state === 'ready' ? (figures.byId.get(id) ?? null) : null;
  }

  protected sparkValues(summary: CampaignSummary): number[] {
    return summary.series.map((p) => p.attributedPlays + p.clicks);
  }

  protected plural(n: number, word: string): string {
    return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
  }

  protected retry(): void {
    void this.load();
  }

  protected onSearchInput(value: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.setQuery({ q: value }, true), SEARCH_DEBOUNCE_MS);
  }

  /** Enter in the search box searches at once. */
  protected searchNow(event: Event, value: string): void {
    event.preventDefault();
    clearTimeout(this.searchTimer);
    this.setQuery({ q: value }, false);
  }

  protected onStatusChange(value: string): void {
    this.setQuery({ status: isCampaignStatus(value) ? value : '' }, false);
  }

  protected clearFilters(): void {
    clearTimeout(this.searchTimer);
    const search = this.host.querySelector<HTMLInputElement>('#campaign-search');
    if (search) search.value = '';
    this.setQuery({ q: '', status: '' }, false);
  }

  protected goToPage(page: number): void {
    void this.router
      .navigate([], {
        relativeTo: this.route,
        queryParams: { page: page > 1 ? page : null },
        queryParamsHandling: 'merge',
      })
      .then(() =>
        afterNextRender(() => this.host.querySelector<HTMLElement>('#campaign-results')?.focus(), {
          injector: this.injector,
        }),
      );
  }

  /** Any change of search or filter starts again at page 1. */
  private setQuery(change: { q?: string; status?: CampaignStatus | '' }, replaceUrl: boolean): void {
    const current = this.query();
    const q = change.q ?? current.q;
    const status = change.status ?? current.status;
    if (q === current.q && status === current.status) return;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { q: q || null, status: status || null, page: null },
      queryParamsHandling: 'merge',
      replaceUrl,
    });
  }

  protected created(campaign: Campaign): string {
    return formatDate(campaign.createdAt, campaign.timezone);
  }

  protected destinationName(campaign: Campaign): string {
    return campaign.destination.name ?? campaign.destination.uri;
  }
}
