import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TrendList } from './trend-list';
import { Trends, TrendsApi } from './trends-api';

type State = { state: 'loading' } | { state: 'error' } | { state: 'ready'; data: Trends };

/** The home page's glimpse of /trends: this week's top 5 tracks, and the way to the rest. */
@Component({
  selector: 'sl-trends-teaser',
  imports: [RouterLink, TrendList],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @switch (view().state) {
      @case ('loading') {
        <p class="sl-muted" role="status">Loading this week’s top tracks…</p>
      }
      @case ('error') {
        <p class="sl-muted">This week’s top tracks can’t be shown right now.</p>
      }
      @case ('ready') {
        @if (data(); as d) {
          @if (d.items.length === 0) {
            <p class="sl-muted teaser__empty">
              Not enough listeners yet: a track shows here once at least {{ d.minListeners }} different
              listeners played it this week.
            </p>
          } @else {
            <sl-trend-list [items]="d.items" [compact]="true" />
          }
        }
      }
    }
    <p class="teaser__more">
      <a routerLink="/trends" [queryParams]="{ window: '7d' }">See all trends: top artists, rising and new</a>
    </p>
  `,
  styles: `
    :host {
      display: block;
      max-width: 40rem;
    }
    .teaser__more {
      margin: var(--sl-space-4) 0 0;
      font-weight: 600;
    }
  `,
})
export class TrendsTeaser implements OnInit {
  private readonly api = inject(TrendsApi);
  protected readonly view = signal<State>({ state: 'loading' });
  protected readonly data = computed(() => {
    const view = this.view();
    return view.state === 'ready' ? view.data : null;
  });

  ngOnInit(): void {
    void this.api.chart('top', 'track', '7d', 5).then((result) => {
      // The home page never breaks over its teaser: anything but a chart is shown as unavailable.
      const chart = result.ok && Array.isArray(result.data?.items) ? result.data : null;
      this.view.set(chart ? { state: 'ready', data: chart } : { state: 'error' });
    });
  }
}
