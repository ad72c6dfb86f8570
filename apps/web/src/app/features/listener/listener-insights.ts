import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DOCUMENT,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { ChartPanel, type ChartEnvironment, prefersReducedMotion } from '@soundlink/ui-charts';
import { problemText } from '../../core/api-problem';
import { browserTimeZone, formatDate } from '../../core/time-zones';
import {
  INSIGHT_RANGES,
  InsightRange,
  ListenerApi,
  ListenerInsights as Insights,
  parseInsightRange,
  RANGE_LABELS,
} from './listener-api';
import { formatDay, formatDuration, percent, perDayView } from './insights-view';
import { ListeningClock } from './listening-clock';

type State =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly data: Insights };

/**
 * "Your listening" on /me: top tracks, artists and albums, listening time per day (a chart), the listening
 * clock in the browser's time zone, sessions, streaks, the share of new tracks and the plays credited to
 * campaigns, over 4 weeks, 6 months or all time (the period in the URL: `?period=6m`). Bump `version` to fetch
 * again (after a sync or an import).
 */
@Component({
  selector: 'sl-listener-insights',
  imports: [ChartPanel, ListeningClock, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './listener-insights.html',
  styleUrl: './listener-insights.css',
})
export class ListenerInsights {
  readonly version = input(0);

  private readonly api = inject(ListenerApi);
  private readonly env: ChartEnvironment = {
    reducedMotion: prefersReducedMotion(inject(DOCUMENT).defaultView),
  };
  private readonly tz = browserTimeZone();

  protected readonly ranges = INSIGHT_RANGES;
  protected readonly rangeLabels = RANGE_LABELS;
  private readonly params = toSignal(inject(ActivatedRoute).queryParamMap, { requireSync: true });
  protected readonly range = computed(() => parseInsightRange(this.params().get('period')));
  protected readonly state = signal<State>({ state: 'loading' });
  protected readonly data = computed(() => {
    const state = this.state();
    return state.state === 'ready' ? state.data : null;
  });
  protected readonly error = computed(() => {
    const state = this.state();
    return state.state === 'error' ? state.message : '';
  });
  protected readonly perDay = computed(() => {
    const data = this.data();
    return data ? perDayView(data, this.env) : null;
  });

  protected readonly duration = formatDuration;
  protected readonly day = formatDay;
  protected readonly percent = percent;

  constructor() {
    effect(() => {
      const range = this.range();
      this.version();
      untracked(() => void this.load(range));
    });
  }

  async load(range: InsightRange): Promise<void> {
    // A refresh of the same range keeps the figures on screen until the new ones arrive.
    if (this.data()?.range !== range) this.state.set({ state: 'loading' });
    const result = await this.api.insights(range, this.tz);
    if (range !== this.range()) return;
    this.state.set(
      result.ok
        ? { state: 'ready', data: result.data }
        : { state: 'error', message: problemText(result.problem) },
    );
  }

  protected retry(): void {
    void this.load(this.range());
  }

  protected date(iso: string, timeZone: string): string {
    return formatDate(iso, timeZone);
  }

  protected streakDays(days: number): string {
    return `${days} day${days === 1 ? '' : 's'}`;
  }

  protected plural(n: number, word: string): string {
    return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
  }
}
