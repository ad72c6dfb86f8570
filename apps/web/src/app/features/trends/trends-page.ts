import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { problemText } from '../../core/api-problem';
import { TrendList } from './trend-list';
import {
  parseTrendWindow,
  TREND_WINDOWS,
  TrendChart,
  Trends,
  TrendsApi,
  TrendType,
  TrendWindow,
} from './trends-api';

type Section =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly data: Trends };

interface Slot {
  readonly key: string;
  readonly chart: TrendChart;
  readonly type: TrendType;
  readonly heading: string;
}

/** The six public charts, in reading order. */
export const TREND_SLOTS: readonly Slot[] = [
  { key: 'top-track', chart: 'top', type: 'track', heading: 'Top tracks' },
  { key: 'top-artist', chart: 'top', type: 'artist', heading: 'Top artists' },
  { key: 'rising-track', chart: 'rising', type: 'track', heading: 'Rising tracks' },
  { key: 'rising-artist', chart: 'rising', type: 'artist', heading: 'Rising artists' },
  { key: 'new-track', chart: 'new', type: 'track', heading: 'New tracks' },
  { key: 'new-artist', chart: 'new', type: 'artist', heading: 'New artists' },
];

export const TREND_LIMIT = 10;

export const WINDOW_LABELS: Record<TrendWindow, string> = {
  '24h': '24 hours',
  '7d': '7 days',
  '28d': '28 days',
};

const WINDOW_BEFORE: Record<TrendWindow, string> = {
  '24h': 'the day before',
  '7d': 'the 7 days before',
  '28d': 'the 28 days before',
};

const DAY_MS = 86_400_000;

function utcDay(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}

/** "Nov 20, 2026" or "Nov 14, 2026 – Nov 20, 2026" (in the browser's language): the whole UTC days a chart covers (`to` is exclusive). */
export function periodText(from: string, to: string): string {
  const last = new Date(new Date(to).getTime() - DAY_MS).toISOString();
  const first = utcDay(from);
  const end = utcDay(last);
  return first === end ? first : `${first} – ${end}`;
}

/**
 * /trends — public, no sign-in: the most listened tracks and artists among Soundlink's listeners, what is
 * rising and what is new, over 24 hours, 7 or 28 days (whole UTC days; the window in the URL). Only items
 * played by at least k distinct listeners appear (docs/trends.md).
 */
@Component({
  selector: 'sl-trends-page',
  imports: [RouterLink, TrendList],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './trends-page.html',
  styleUrl: './trends-page.css',
})
export class TrendsPage {
  private readonly api = inject(TrendsApi);
  private readonly route = inject(ActivatedRoute);

  protected readonly windows = TREND_WINDOWS;
  protected readonly windowLabels = WINDOW_LABELS;
  protected readonly slots = TREND_SLOTS;

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly window = computed(() => parseTrendWindow(this.params().get('window')));
  protected readonly sections = signal<Readonly<Record<string, Section>>>({});

  /** The first chart that answered tells the threshold and the days covered. */
  private readonly answered = computed(() => {
    const sections = this.sections();
    for (const slot of TREND_SLOTS) {
      const section = sections[slot.key];
      if (section?.state === 'ready') return section.data;
    }
    return null;
  });
  protected readonly minListeners = computed(() => this.answered()?.minListeners ?? null);
  protected readonly period = computed(() => {
    const data = this.answered();
    return data ? periodText(data.from, data.to) : '';
  });
  protected readonly before = computed(() => WINDOW_BEFORE[this.window()]);

  constructor() {
    effect(() => {
      const window = this.window();
      untracked(() => this.load(window, TREND_SLOTS));
    });
  }

  private load(window: TrendWindow, slots: readonly Slot[]): void {
    this.sections.update((all) => {
      const next = { ...all };
      for (const slot of slots) next[slot.key] = { state: 'loading' };
      return next;
    });
    for (const slot of slots) {
      void this.api.chart(slot.chart, slot.type, window, TREND_LIMIT).then((result) => {
        // The reader switched windows meanwhile: this answer is for the old one.
        if (window !== this.window()) return;
        const section: Section = result.ok
          ? { state: 'ready', data: result.data }
          : { state: 'error', message: problemText(result.problem) };
        this.sections.update((all) => ({ ...all, [slot.key]: section }));
      });
    }
  }

  protected section(key: string): Section {
    return this.sections()[key] ?? { state: 'loading' };
  }

  protected retry(slot: Slot): void {
    this.load(this.window(), [slot]);
  }

  protected emptyText(slot: Slot): string {
    const k = this.minListeners();
    const who = k === null ? 'enough different listeners' : `at least ${k} different listeners`;
    const what = slot.type === 'track' ? 'A track' : 'An artist';
    switch (slot.chart) {
      case 'top':
        return `Not enough listeners yet. ${what} shows here once ${who} played it in this window.`;
      case 'rising':
        return `Nothing is rising yet. ${what} rises when ${who} played it, clearly more than in ${this.before()}.`;
      case 'new':
        return `No new entries yet. ${what} is new when ${who} played it and it wasn’t in the list for ${this.before()}.`;
    }
  }
}
