import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DOCUMENT,
  inject,
  InjectionToken,
  input,
  viewChild,
} from '@angular/core';
import type { ChartConfiguration, Plugin } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import { Cell, fileSlug, toCsv } from './csv';
import { downloadHref, downloadText } from './download';

/**
 * Whether charts are drawn on a canvas. Unit tests (jsdom has no canvas) provide `false`: the panel then
 * shows its data table only, which is what a screen reader reads anyway.
 */
export const CHART_RENDERING = new InjectionToken<boolean>('CHART_RENDERING', {
  providedIn: 'root',
  factory: () => true,
});

/** A chart of any of the registered kinds (bar, line, or bars with lines). */
export type PanelChart = ChartConfiguration<'bar'> | ChartConfiguration<'bar' | 'line'>;

/** Paints the canvas white before drawing, so a downloaded PNG reads well on any background. */
const WHITE_BACKGROUND: Plugin = {
  id: 'slWhiteBackground',
  beforeDraw: (chart) => {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

let nextId = 0;

/**
 * One chart with its title, a description for screen readers, its data as a table, and downloads of the
 * picture (PNG) and the numbers (CSV). Content projected into it (a note, the data completeness) shows
 * under the title.
 */
@Component({
  selector: 'sl-chart-panel',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="panel" [attr.aria-labelledby]="id + '-title'">
      <div class="panel__head">
        <h3 class="panel__title" [id]="id + '-title'">{{ heading() }}</h3>
        <div class="panel__actions" role="group" [attr.aria-label]="'Download ' + heading()">
          @if (rendering) {
            <button type="button" class="sl-button sl-button--ghost sl-button--small" (click)="downloadPng()">
              PNG<span class="sl-visually-hidden"> image of {{ heading() }}</span>
            </button>
          }
          <button
            type="button"
            class="sl-button sl-button--ghost sl-button--small"
            [disabled]="table().length < 2"
            (click)="downloadCsv()"
          >
            CSV<span class="sl-visually-hidden"> data of {{ heading() }}</span>
          </button>
        </div>
      </div>
      <ng-content />
      @if (rendering) {
        <div class="panel__canvas" [style.height.px]="height()">
          <canvas
            baseChart
            role="img"
            [attr.aria-label]="description() || heading()"
            [type]="drawn().type"
            [data]="drawn().data"
            [options]="drawn().options"
            [plugins]="plugins"
          ></canvas>
        </div>
      }
      <details class="panel__data" [open]="!rendering">
        <summary>
          Data table<span class="sl-visually-hidden"> of {{ heading() }}</span>
        </summary>
        <div class="panel__scroll">
          <table class="sl-table">
            <thead>
              <tr>
                @for (cell of header(); track $index) {
                  <th scope="col">{{ cell }}</th>
                }
              </tr>
            </thead>
            <tbody>
              @for (row of rows(); track $index) {
                <tr>
                  @for (cell of row; track $index) {
                    <td [attr.data-label]="header()[$index]">{{ show(cell) }}</td>
                  }
                </tr>
              }
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .panel {
      margin: 0;
    }
    .panel__head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      justify-content: space-between;
      gap: 0.5rem 1rem;
    }
    .panel__title {
      margin: 0;
      font-size: 1.125rem;
    }
    .panel__actions {
      display: flex;
      gap: 0.5rem;
    }
    .panel__canvas {
      position: relative;
      width: 100%;
      margin-top: 0.75rem;
    }
    .panel__data {
      margin-top: 0.75rem;
      font-size: 0.875rem;
    }
    .panel__data summary {
      cursor: pointer;
      font-weight: 600;
    }
    .panel__scroll {
      max-height: 20rem;
      overflow: auto;
    }
  `,
})
export class ChartPanel {
  readonly heading = input.required<string>();
  /** What the chart shows, in one sentence, for readers who cannot see it. */
  readonly description = input('');
  readonly chart = input.required<PanelChart>();
  /** The chart's numbers, header row first: shown as a table and downloaded as CSV. */
  readonly table = input.required<readonly (readonly Cell[])[]>();
  /** File name of the downloads, without extension. */
  readonly fileName = input('');
  readonly height = input(280);

  protected readonly rendering = inject(CHART_RENDERING);
  private readonly document = inject(DOCUMENT);
  private readonly canvas = viewChild(BaseChartDirective);
  protected readonly id = `sl-chart-${++nextId}`;
  protected readonly plugins = [WHITE_BACKGROUND];

  /** One type for the directive: every chart here is bars, lines or both. */
  protected readonly drawn = computed(() => this.chart() as ChartConfiguration<'bar' | 'line'>);
  protected readonly header = computed(() => this.table()[0] ?? []);
  protected readonly rows = computed(() => this.table().slice(1));

  private name(extension: string): string {
    return `${fileSlug(this.fileName() || this.heading())}.${extension}`;
  }

  protected show(cell: Cell): string {
    if (cell === null || cell === undefined) return '–';
    return typeof cell === 'number' ? cell.toLocaleString('en') : cell;
  }

  /** The chart as drawn, as a PNG file. */
  downloadPng(): void {
    const image = this.canvas()?.chart?.toBase64Image('image/png', 1);
    if (image) downloadHref(this.document, image, this.name('png'));
  }

  /** The chart's numbers as a CSV file. */
  downloadCsv(): void {
    downloadText(this.document, toCsv(this.table()), this.name('csv'), 'text/csv;charset=utf-8');
  }
}
