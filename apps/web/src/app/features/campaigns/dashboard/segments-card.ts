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
import { barChart, Cell, CHART_COLORS, ChartEnvironment, prefersReducedMotion } from '@soundlink/ui-charts';
import { problemText } from '../../../core/api-problem';
import { SessionService } from '../../../core/session.service';
import { AnalyticsApi, exportUrl, Segments } from './analytics-api';
import type { Section } from './section';
import { SectionChart } from './section-chart';
import type { ChartView } from './chart-views';
import type { AnalyticsParams } from './dashboard-query';

export const SEGMENT_LABELS: Record<string, string> = {
  new: 'New',
  reactivated: 'Reactivated',
  amplified: 'Amplified',
  steady: 'Already listening, not more',
  unknown: 'Unknown (history too short)',
};

const share = (value: number): Cell => Math.round(value * 1000) / 1000;

/** Listeners per segment as bars; the table adds plays and both shares. */
export function segmentsView(segments: Segments, env: ChartEnvironment): ChartView {
  const labels = segments.segments.map((s) => SEGMENT_LABELS[s.segment] ?? s.segment);
  return {
    chart: barChart(
      {
        labels,
        series: [
          {
            label: 'Listeners',
            data: segments.segments.map((s) => s.listeners),
            color: CHART_COLORS.listeners,
          },
        ],
      },
      env,
    ),
    table: [
      ['Segment', 'Listeners', 'Share of listeners', 'Attributed plays', 'Share of plays'],
      ...segments.segments.map((s, i): Cell[] => [
        labels[i] ?? s.segment,
        s.listeners,
        share(s.share),
        s.plays,
        share(s.playsShare),
      ]),
    ],
    empty: segments.listeners === 0,
  };
}

/** The observed history in words: how many listeners could be classified, and what the others had. */
export function coverageText(segments: Segments): string {
  const c = segments.coverage;
  if (segments.listeners === 0) return '';
  const all = `${c.fullyObserved} of ${segments.listeners} listener${segments.listeners === 1 ? '' : 's'}`;
  const known = `${all} had their whole ${segments.baselineDays} days before the click observed.`;
  const unknown = segments.listeners - c.fullyObserved;
  if (unknown === 0) return known;
  const mean = Math.round((c.unknownMeanObservedDays ?? 0) * 10) / 10;
  return `${known} The other ${unknown} had ${mean.toLocaleString('en')} days observed on average: connect history imports to classify them.`;
}

/**
 * The listener segments card (new, reactivated, amplified, steady, unknown) of the campaign dashboard. It
 * fetches its own figures for `params` and again when `version` bumps (live attributed plays, erasures).
 */
@Component({
  selector: 'sl-segments-card',
  imports: [SectionChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <sl-dashboard-chart
      heading="Listener segments"
      description="Listeners reached, by what they played of the campaign's artists in the 28 days before their click: new, reactivated, amplified, already listening, or unknown when less than 28 days were observed."
      [view]="chart()"
      [section]="section()"
      empty="No listeners reached in this range yet."
      [fileName]="fileName()"
      [height]="220"
      (retry)="load(true)"
    >
      @if (section(); as s) {
        @if (s.state === 'ready' && s.data.listeners > 0) {
          <p class="note" data-testid="segments-coverage">{{ coverage() }}</p>
        }
      }
      @if (csv(); as href) {
        <p class="note"><a [href]="href" download>Download the segments (CSV)</a></p>
      }
    </sl-dashboard-chart>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .note {
      margin: var(--sl-space-2) 0 0;
      color: var(--sl-color-text-muted);
      font-size: var(--sl-text-sm);
    }
  `,
})
export class SegmentsCard {
  readonly campaignId = input.required<string>();
  readonly params = input.required<AnalyticsParams>();
  /** Bumped to fetch the figures again (the range is unchanged). */
  readonly version = input(0);
  readonly fileName = input('listener segments');

  private readonly analytics = inject(AnalyticsApi);
  private readonly session = inject(SessionService);
  private readonly env: ChartEnvironment = {
    reducedMotion: prefersReducedMotion(inject(DOCUMENT).defaultView),
  };

  protected readonly section = signal<Section<Segments>>({ state: 'loading' });
  protected readonly chart = computed(() => {
    const s = this.section();
    return s.state === 'ready' ? segmentsView(s.data, this.env) : null;
  });
  protected readonly coverage = computed(() => {
    const s = this.section();
    return s.state === 'ready' ? coverageText(s.data) : '';
  });
  protected readonly csv = computed(() => exportUrl(this.campaignId(), 'segments', 'csv', this.params()));

  private sequence = 0;
  private shown = '';

  constructor() {
    effect(() => {
      this.campaignId();
      this.params();
      this.version();
      untracked(() => void this.load(false));
    });
  }

  /** Shows loading only for another range; a refresh of the same range keeps the figures until new ones come. */
  async load(fresh: boolean): Promise<void> {
    const id = this.campaignId();
    const params = this.params();
    const key = JSON.stringify([id, params]);
    if (fresh || key !== this.shown || this.section().state !== 'ready') {
      this.section.set({ state: 'loading' });
    }
    const sequence = ++this.sequence;
    const result = await this.analytics.segments(id, params);
    if (sequence !== this.sequence) return;
    if (result.ok) {
      this.shown = key;
      this.section.set({ state: 'ready', data: result.data });
    } else if (!this.session.handleExpiredSession(result.problem)) {
      if (this.section().state !== 'ready' || key !== this.shown) {
        this.section.set({ state: 'error', message: problemText(result.problem) });
      }
    }
  }
}
