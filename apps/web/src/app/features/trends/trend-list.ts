import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { TrendChart, TrendItem } from './trends-api';

const count = (n: number) => n.toLocaleString('en');

/** What moved since the window before, in a few characters and in words for screen readers. */
export function movement(item: TrendItem, chart: TrendChart): { mark: string; words: string } | null {
  if (chart === 'new') return { mark: 'New', words: 'new entry' };
  if (chart === 'rising') {
    if (item.growth === null) return { mark: 'Rising', words: 'rising' };
    const growth = Math.round(item.growth * 10) / 10;
    return { mark: `×${growth}`, words: `listener share grew ${growth} times` };
  }
  if (item.previousRank === null) return { mark: 'New', words: 'new in this list' };
  const change = item.previousRank - item.rank;
  if (change === 0) return { mark: '=', words: 'same place as before' };
  return change > 0
    ? { mark: `▲ ${change}`, words: `up ${change} from number ${item.previousRank}` }
    : { mark: `▼ ${-change}`, words: `down ${-change} from number ${item.previousRank}` };
}

/**
 * One public chart as a numbered list: rank, artwork, name (and a track's artists), distinct listeners and
 * plays, and how it moved. Presentational: the page fetches, this shows.
 */
@Component({
  selector: 'sl-trend-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="trend-list" role="list" [class.trend-list--compact]="compact()">
      @for (item of items(); track item.rank) {
        @let move = movement(item, chart());
        <li class="trend" [attr.data-rank]="item.rank">
          <span class="trend__rank" aria-hidden="true">{{ item.rank }}</span>
          @if (item.imageUrl) {
            <img class="trend__art" [src]="item.imageUrl" alt="" width="40" height="40" loading="lazy" />
          } @else {
            <span class="trend__art trend__art--none" aria-hidden="true">{{ item.name.charAt(0) }}</span>
          }
          <span class="trend__what">
            <span class="sl-visually-hidden">Number {{ item.rank }}: </span>
            <strong class="trend__name">{{ item.name }}</strong>
            @if (item.artists.length > 0) {
              <span class="trend__by">{{ artistNames(item) }}</span>
            }
            <span class="trend__figures">
              {{ count(item.listeners) }} listener{{ item.listeners === 1 ? '' : 's' }} ·
              {{ count(item.plays) }} play{{ item.plays === 1 ? '' : 's' }}
            </span>
          </span>
          @if (move) {
            <span class="trend__move" [attr.data-move]="move.mark">
              <span aria-hidden="true">{{ move.mark }}</span>
              <span class="sl-visually-hidden">, {{ move.words }}</span>
            </span>
          }
        </li>
      }
    </ol>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .trend-list {
      display: grid;
      gap: var(--sl-space-2);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .trend {
      display: grid;
      grid-template-columns: 1.75rem 2.5rem minmax(0, 1fr) auto;
      align-items: center;
      gap: var(--sl-space-3);
      padding-block: var(--sl-space-2);
      border-bottom: 1px solid var(--sl-color-border);
    }
    .trend:last-child {
      border-bottom: 0;
    }
    .trend__rank {
      color: var(--sl-color-text-muted);
      font-size: var(--sl-text-lg);
      font-weight: 800;
      font-variant-numeric: tabular-nums;
      text-align: right;
    }
    .trend__art {
      width: 2.5rem;
      height: 2.5rem;
      border-radius: var(--sl-radius-sm);
      object-fit: cover;
    }
    .trend__art--none {
      display: grid;
      place-items: center;
      background: var(--sl-color-surface-muted);
      color: var(--sl-color-accent-strong);
      font-weight: 800;
    }
    .trend__what {
      display: grid;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .trend__by,
    .trend__figures {
      color: var(--sl-color-text-muted);
      font-size: var(--sl-text-sm);
    }
    .trend__move {
      padding: 0 var(--sl-space-2);
      border-radius: var(--sl-radius-pill);
      background: var(--sl-color-accent-soft);
      color: var(--sl-color-accent-strong);
      font-size: var(--sl-text-sm);
      font-weight: 700;
      white-space: nowrap;
    }
    .trend-list--compact .trend {
      grid-template-columns: 1.5rem 2.5rem minmax(0, 1fr);
    }
    .trend-list--compact .trend__move {
      display: none;
    }
  `,
})
export class TrendList {
  readonly items = input.required<readonly TrendItem[]>();
  readonly chart = input<TrendChart>('top');
  /** Without the movement badges (the home page's teaser). */
  readonly compact = input(false);

  protected readonly movement = movement;
  protected readonly count = count;

  protected artistNames(item: TrendItem): string {
    return item.artists.map((a) => a.name).join(', ');
  }
}
