import { booleanAttribute, ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { ChartPanel } from '@soundlink/ui-charts';
import type { Section } from './section';
import type { ChartView } from './chart-views';

/**
 * One chart of the campaign dashboard: the chart panel once its figures are in (with what is projected
 * into it as a note, and `empty` when there is nothing to draw); until then its heading and the figures'
 * state: loading, or failed with a retry. A chart drawn from another section's figures (`derived`) says
 * "Not available." instead, the failure and its retry being shown with that section.
 */
@Component({
  selector: 'sl-dashboard-chart',
  imports: [ChartPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (view(); as v) {
      <sl-chart-panel
        [heading]="heading()"
        [description]="description()"
        [chart]="v.chart"
        [table]="v.table"
        [fileName]="fileName()"
        [height]="height()"
      >
        <ng-content />
        @if (v.empty) {
          <p class="empty">{{ empty() }}</p>
        }
      </sl-chart-panel>
    } @else {
      <h3>{{ heading() }}</h3>
      @if (derived()) {
        <p class="sl-muted">{{ section().state === 'loading' ? 'Loading…' : 'Not available.' }}</p>
      } @else if (section(); as s) {
        @if (s.state === 'error') {
          <div class="sl-alert sl-row" role="alert">
            <p>{{ s.message }}</p>
            <button type="button" class="sl-button sl-button--small" (click)="retry.emit()">Try again</button>
          </div>
        } @else {
          <p class="sl-muted" role="status">Loading…</p>
        }
      }
    }
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    h3 {
      margin: 0 0 var(--sl-space-2);
      font-size: var(--sl-text-lg);
    }
    .empty {
      margin: var(--sl-space-2) 0 0;
      color: var(--sl-color-text-muted);
      font-size: var(--sl-text-sm);
    }
  `,
})
export class SectionChart {
  readonly heading = input.required<string>();
  /** What the chart shows, in one sentence, for readers who cannot see it. */
  readonly description = input.required<string>();
  /** The chart, once its figures are in. */
  readonly view = input.required<ChartView | null>();
  /** The figures the chart is drawn from. */
  readonly section = input.required<Section<unknown>>();
  /** Drawn from another section's figures, which shows their failure and its retry. */
  readonly derived = input(false, { transform: booleanAttribute });
  /** What the chart says when there is nothing to draw. */
  readonly empty = input.required<string>();
  readonly fileName = input.required<string>();
  /** The canvas height in pixels (the chart panel's own default). */
  readonly height = input(280);

  /** The figures failed and the owner asks for them again. */
  readonly retry = output<void>();
}
