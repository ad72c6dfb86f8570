import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { ClockCell } from './listener-api';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const hourText = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** Plays per weekday (1–7) and hour (0–23), zeros filled in whatever the API left out. */
export function clockMatrix(cells: readonly ClockCell[]): number[][] {
  const matrix = WEEKDAYS.map(() => HOURS.map(() => 0));
  for (const cell of cells) {
    const row = matrix[cell.weekday - 1];
    if (row && cell.hour >= 0 && cell.hour < 24) row[cell.hour] = cell.plays;
  }
  return matrix;
}

/** 0 (none) to 4 (the busiest hour's share). */
export function heatLevel(plays: number, max: number): number {
  return plays <= 0 || max <= 0 ? 0 : Math.max(1, Math.ceil((plays / max) * 4));
}

/** "Most plays on Fridays around 18:00" — the busiest cell, in words. */
export function busiestText(matrix: readonly (readonly number[])[]): string {
  let best = { plays: 0, day: 0, hour: 0 };
  matrix.forEach((row, day) =>
    row.forEach((plays, hour) => {
      if (plays > best.plays) best = { plays, day, hour };
    }),
  );
  return best.plays === 0
    ? 'No plays in this range yet.'
    : `Most plays on ${WEEKDAYS[best.day]}s from ${hourText(best.hour)} (${best.plays} play${best.plays === 1 ? '' : 's'}).`;
}

/**
 * The listening clock: a weekday × hour heatmap (a CSS grid, hidden from screen readers) with the same
 * numbers as a table (hours down, weekdays across: it fits a phone) and the busiest hour in words.
 */
@Component({
  selector: 'sl-listening-clock',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="clock__summary">{{ summary() }}</p>
    <div class="clock" aria-hidden="true">
      @for (row of matrix(); track $index; let d = $index) {
        <span class="clock__day">{{ weekdays[d].slice(0, 3) }}</span>
        @for (plays of row; track $index; let h = $index) {
          <span
            class="clock__cell"
            [attr.data-level]="level(plays)"
            [title]="weekdays[d] + ' ' + hourText(h) + ': ' + plays + ' plays'"
          ></span>
        }
      }
      <span></span>
      @for (h of hours; track h) {
        <span class="clock__hour">{{ h % 6 === 0 ? h : '' }}</span>
      }
    </div>
    <p class="clock__legend" aria-hidden="true">
      Fewer
      @for (l of [0, 1, 2, 3, 4]; track l) {
        <span class="clock__cell" [attr.data-level]="l"></span>
      }
      More
    </p>
    <details class="clock__data">
      <summary>Listening clock as a table</summary>
      <table class="clock__table">
        <caption class="sl-visually-hidden">
          Plays per hour of the day and weekday, in
          {{
            timeZone()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">Hour</th>
            @for (day of weekdays; track day) {
              <th scope="col">
                <abbr [title]="day">{{ day.slice(0, 3) }}</abbr>
              </th>
            }
          </tr>
        </thead>
        <tbody>
          @for (h of hours; track h) {
            <tr>
              <th scope="row">{{ hourText(h) }}</th>
              @for (row of matrix(); track $index) {
                <td>{{ row[h] }}</td>
              }
            </tr>
          }
        </tbody>
      </table>
    </details>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .clock__summary {
      margin: 0 0 var(--sl-space-3);
    }
    .clock {
      display: grid;
      grid-template-columns: 2.25rem repeat(24, minmax(0, 1fr));
      gap: 2px;
      font-size: 0.75rem;
    }
    .clock__day,
    .clock__hour {
      color: var(--sl-color-text-muted);
      line-height: 1.2;
    }
    .clock__cell {
      display: inline-block;
      min-width: 0.5rem;
      aspect-ratio: 1;
      border-radius: 2px;
      background: var(--sl-color-surface-muted);
    }
    .clock__cell[data-level='1'] {
      background: #c9bdf3;
    }
    .clock__cell[data-level='2'] {
      background: #9d86ea;
    }
    .clock__cell[data-level='3'] {
      background: #6f52db;
    }
    .clock__cell[data-level='4'] {
      background: #3b2596;
    }
    .clock__legend {
      display: flex;
      align-items: center;
      gap: 3px;
      margin: var(--sl-space-2) 0 0;
      color: var(--sl-color-text-muted);
      font-size: var(--sl-text-sm);
    }
    .clock__legend .clock__cell {
      width: 0.9rem;
    }
    .clock__data {
      margin-top: var(--sl-space-3);
      font-size: var(--sl-text-sm);
    }
    .clock__data summary {
      cursor: pointer;
      font-weight: 600;
    }
    .clock__table {
      width: 100%;
      border-collapse: collapse;
      font-variant-numeric: tabular-nums;
    }
    .clock__table th,
    .clock__table td {
      padding: 2px 4px;
      border-bottom: 1px solid var(--sl-color-border);
      text-align: right;
    }
    .clock__table abbr {
      text-decoration: none;
    }
  `,
})
export class ListeningClock {
  readonly cells = input.required<readonly ClockCell[]>();
  readonly timeZone = input('UTC');

  protected readonly weekdays = WEEKDAYS;
  protected readonly hours = HOURS;
  protected readonly hourText = hourText;
  protected readonly matrix = computed(() => clockMatrix(this.cells()));
  private readonly max = computed(() => Math.max(0, ...this.matrix().flat()));
  protected readonly summary = computed(() => busiestText(this.matrix()));

  protected level(plays: number): number {
    return heatLevel(plays, this.max());
  }
}
