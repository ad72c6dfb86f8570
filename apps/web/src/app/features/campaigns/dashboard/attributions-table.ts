import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { problemText } from '../../../core/api-problem';
import { SessionService } from '../../../core/session.service';
import { formatDateTime } from '../../../core/time-zones';
import type { TrackerLink } from '../campaign-model';
import { AnalyticsApi, Attribution, PlayExplanation } from './analytics-api';
import type { AnalyticsParams } from './dashboard-query';

/** The same range and filters (a live refresh moves nothing but may hand over a new object). */
function sameParams(a: AnalyticsParams | null, b: AnalyticsParams): boolean {
  return !!a && JSON.stringify(a) === JSON.stringify(b);
}

type ListState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready' };

type ExplanationState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly data: PlayExplanation };

export const REASON_LABELS: Record<string, string> = {
  CONTEXT_DESTINATION: 'Played from the campaign’s own destination',
  CONTEXT_OTHER: 'Played from somewhere else on Spotify',
  CONTEXT_NONE: 'Spotify gave no context (e.g. Liked Songs)',
  TIME_DECAY: 'Weighted by the time since the click',
  NEW_REACH: 'New to this listener (not in their plays before the click)',
  BASELINE_REPEAT: 'The listener had played it before the click',
  PLAYLIST_VERIFIED: 'The track was in the playlist when it was played',
  IN_TARGET_SET: 'The track is one of the campaign’s tracks',
  MATCHED_BY_SPOTIFY_ID: 'Matched to the track by the Spotify id the source gave',
  MATCHED_BY_ISRC: 'Matched to the track by its ISRC',
  MATCHED_BY_NAME: 'Matched to the track by artist and title',
  FROM_LASTFM: 'Reported by Last.fm',
  FROM_LISTENBRAINZ: 'Reported by ListenBrainz',
};

/**
 * The campaign's recent attributed plays (newest first, cursor pages), each openable to why it was
 * attributed. `version` bumps on live events: new plays are added on top, the pages already read stay.
 */
@Component({
  selector: 'sl-attributions-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @switch (list().state) {
      @case ('loading') {
        <p class="sl-muted" role="status">
          <span class="sl-spinner" aria-hidden="true"></span> Loading attributions…
        </p>
      }
      @case ('error') {
        <div class="sl-alert sl-row" role="alert">
          <p>The attributions couldn't be loaded. {{ errorText() }}</p>
          <button type="button" class="sl-button sl-button--small" (click)="reload()">Try again</button>
        </div>
      }
      @case ('ready') {
        @if (items().length === 0) {
          <p class="empty">No attributed plays in this range yet.</p>
        } @else {
          <div class="scroll">
            <table class="sl-table attributions">
              <thead>
                <tr>
                  <th scope="col">Played</th>
                  <th scope="col">Track</th>
                  <th scope="col">Link</th>
                  <th scope="col">Confidence</th>
                  <th scope="col">Credit</th>
                  <th scope="col"><span class="sl-visually-hidden">Explanation</span></th>
                </tr>
              </thead>
              <tbody>
                @for (row of items(); track row.playId) {
                  <tr>
                    <td data-label="Played">{{ when(row.playedAt) }}</td>
                    <td data-label="Track">{{ row.trackName ?? row.trackId }}</td>
                    <td data-label="Link">{{ linkLabel(row.linkId) }}</td>
                    <td data-label="Confidence">
                      <span class="tier" [attr.data-tier]="row.tier">{{ row.tier }}</span>
                      {{ percent(row.score) }}
                    </td>
                    <td data-label="Credit">{{ decimal(row.credit) }}</td>
                    <td data-label="">
                      <button
                        type="button"
                        class="sl-button sl-button--ghost sl-button--small"
                        [attr.aria-expanded]="open() === row.playId"
                        [attr.aria-controls]="'why-' + row.playId"
                        (click)="toggle(row)"
                      >
                        Why?<span class="sl-visually-hidden">
                          was this play of {{ row.trackName ?? row.trackId }} attributed</span
                        >
                      </button>
                    </td>
                  </tr>
                  @if (open() === row.playId) {
                    <tr class="why-row">
                      <td colspan="6" [id]="'why-' + row.playId">
                        <section class="why" [attr.aria-label]="'Why this play was attributed'">
                          <h4>Why was this play attributed?</h4>
                          @switch (explanation().state) {
                            @case ('loading') {
                              <p class="sl-muted" role="status">Loading the explanation…</p>
                            }
                            @case ('error') {
                              <p class="sl-alert" role="alert">{{ explanationError() }}</p>
                            }
                            @case ('ready') {
                              @if (explained(); as e) {
                                <p class="why__summary">{{ e.summary }}</p>
                                <dl class="why__facts">
                                  <div>
                                    <dt>Confidence</dt>
                                    <dd>{{ e.tier ?? '–' }} ({{ percent(e.score) }})</dd>
                                  </div>
                                  <div>
                                    <dt>Clicked</dt>
                                    <dd>
                                      {{ e.clickedAt ? when(e.clickedAt) : '–' }}
                                      @if (e.linkLabel) {
                                        on {{ e.linkLabel }}
                                      }
                                    </dd>
                                  </div>
                                  <div>
                                    <dt>Played after the click</dt>
                                    <dd>{{ hours(e.hoursAfterClick) }} (window {{ e.windowHours }} h)</dd>
                                  </div>
                                  <div>
                                    <dt>Credit</dt>
                                    <dd>{{ decimal(e.credit) }}</dd>
                                  </div>
                                  @if (e.factors; as f) {
                                    <div>
                                      <dt>Factors</dt>
                                      <dd>
                                        context {{ decimal(f.context) }} · time {{ decimal(f.decay) }} ·
                                        baseline
                                        {{ decimal(f.baseline) }}
                                        @if (f.match !== 1) {
                                          · match {{ decimal(f.match) }}
                                        }
                                      </dd>
                                    </div>
                                  }
                                  @if (sourceSummary(); as source) {
                                    <div>
                                      <dt>Source</dt>
                                      <dd>{{ source }}</dd>
                                    </div>
                                  }
                                </dl>
                                @if (e.reasons.length) {
                                  <ul class="why__reasons">
                                    @for (reason of e.reasons; track reason) {
                                      <li>{{ reasonText(reason) }}</li>
                                    }
                                  </ul>
                                }
                              } @else {
                                <p>This play is no longer attributed to this campaign.</p>
                              }
                            }
                          }
                        </section>
                      </td>
                    </tr>
                  }
                }
              </tbody>
            </table>
          </div>
          @if (nextCursor()) {
            <button
              type="button"
              class="sl-button sl-button--ghost sl-button--small more"
              [disabled]="loadingMore()"
              (click)="more()"
            >
              {{ loadingMore() ? 'Loading…' : 'Show older plays' }}
            </button>
          }
        }
      }
    }
  `,
  styles: `
    .scroll {
      overflow-x: auto;
    }
    .attributions td {
      font-size: 0.875rem;
    }
    .tier {
      display: inline-block;
      min-width: 4.5rem;
      font-weight: 700;
      text-transform: capitalize;
    }
    .tier[data-tier='high'] {
      color: #0b6b3a;
    }
    .tier[data-tier='medium'] {
      color: #4a2fc0;
    }
    .tier[data-tier='low'] {
      color: #8a4700;
    }
    .why-row td {
      display: block;
      background: var(--sl-color-surface-muted);
    }
    @media (min-width: 40.01rem) {
      .why-row td {
        display: table-cell;
      }
    }
    .why h4 {
      margin: 0 0 0.5rem;
    }
    .why__facts {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
      gap: 0.5rem 1rem;
      margin: 0.5rem 0;
    }
    .why__facts dt {
      color: var(--sl-color-text-muted);
      font-size: 0.8125rem;
      font-weight: 700;
    }
    .why__facts dd {
      margin: 0;
    }
    .why__reasons {
      margin: 0.5rem 0 0;
      padding-left: 1.25rem;
    }
    .more {
      margin-top: 0.75rem;
    }
    .empty {
      color: var(--sl-color-text-muted);
    }
  `,
})
export class AttributionsTable {
  readonly campaignId = input.required<string>();
  readonly params = input.required<AnalyticsParams>();
  /** Bumped by the dashboard when new plays may have been attributed. */
  readonly version = input(0);
  readonly links = input<readonly TrackerLink[]>([]);

  private readonly api = inject(AnalyticsApi);
  private readonly session = inject(SessionService);

  protected readonly list = signal<ListState>({ state: 'loading' });
  protected readonly items = signal<readonly Attribution[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loadingMore = signal(false);
  protected readonly open = signal<string | null>(null);
  protected readonly explanation = signal<ExplanationState>({ state: 'loading' });
  protected readonly errorText = computed(() => {
    const list = this.list();
    return list.state === 'error' ? list.message : '';
  });
  protected readonly explanationError = computed(() => {
    const e = this.explanation();
    return e.state === 'error' ? e.message : '';
  });
  /** Which listening source's report of the play was kept, and how it was matched, in words. */
  protected readonly sourceSummary = computed(() => {
    const e = this.explanation();
    return e.state === 'ready' ? e.data.sourceSummary : null;
  });
  /** This campaign's part of the explanation (a play may have been clicked through several campaigns). */
  protected readonly explained = computed(() => {
    const e = this.explanation();
    return e.state === 'ready'
      ? (e.data.campaigns.find((c) => c.campaignId === this.campaignId()) ?? null)
      : null;
  });

  private lastParams: AnalyticsParams | null = null;
  private sequence = 0;

  constructor() {
    effect(() => {
      const params = this.params();
      this.version();
      const id = this.campaignId();
      untracked(() => {
        const sameView = sameParams(this.lastParams, params);
        this.lastParams = params;
        void this.load(id, params, sameView && this.list().state === 'ready');
      });
    });
  }

  protected reload(): void {
    if (this.lastParams) void this.load(this.campaignId(), this.lastParams, false);
  }

  /** The first page; `merge` keeps the rows already shown and adds the new ones on top. */
  private async load(id: string, params: AnalyticsParams, merge: boolean): Promise<void> {
    const sequence = ++this.sequence;
    if (!merge) this.list.set({ state: 'loading' });
    const result = await this.api.attributions(id, params);
    if (sequence !== this.sequence) return;
    if (result.ok) {
      if (merge) {
        const known = new Set(this.items().map((a) => a.playId));
        const fresh = result.data.items.filter((a) => !known.has(a.playId));
        this.items.update((items) => [...fresh, ...items]);
      } else {
        this.items.set(result.data.items);
        this.nextCursor.set(result.data.nextCursor);
        this.open.set(null);
      }
      this.list.set({ state: 'ready' });
    } else if (!this.session.handleExpiredSession(result.problem) && !merge) {
      this.list.set({ state: 'error', message: problemText(result.problem) });
    }
  }

  protected async more(): Promise<void> {
    const cursor = this.nextCursor();
    const params = this.lastParams;
    if (!cursor || !params || this.loadingMore()) return;
    this.loadingMore.set(true);
    const result = await this.api.attributions(this.campaignId(), params, cursor);
    this.loadingMore.set(false);
    if (result.ok) {
      const known = new Set(this.items().map((a) => a.playId));
      this.items.update((items) => [...items, ...result.data.items.filter((a) => !known.has(a.playId))]);
      this.nextCursor.set(result.data.nextCursor);
    } else if (!this.session.handleExpiredSession(result.problem)) {
      this.list.set({ state: 'error', message: problemText(result.problem) });
    }
  }

  protected async toggle(row: Attribution): Promise<void> {
    if (this.open() === row.playId) {
      this.open.set(null);
      return;
    }
    this.open.set(row.playId);
    this.explanation.set({ state: 'loading' });
    const result = await this.api.explanation(row.playId);
    if (this.open() !== row.playId) return;
    if (result.ok) this.explanation.set({ state: 'ready', data: result.data });
    else if (!this.session.handleExpiredSession(result.problem)) {
      this.explanation.set({ state: 'error', message: problemText(result.problem) });
    }
  }

  protected when(iso: string): string {
    return formatDateTime(iso, this.params().tz);
  }

  protected linkLabel(linkId: string): string {
    return this.links().find((l) => l.id === linkId)?.label ?? 'Removed link';
  }

  protected percent(value: number | null): string {
    return value === null ? '–' : `${Math.round(value * 100)} %`;
  }

  protected decimal(value: number | null): string {
    return value === null ? '–' : (Math.round(value * 100) / 100).toLocaleString('en');
  }

  protected hours(value: number | null): string {
    if (value === null) return '–';
    return value < 1 ? `${Math.max(1, Math.round(value * 60))} min` : `${Math.round(value * 10) / 10} h`;
  }

  protected reasonText(code: string): string {
    return REASON_LABELS[code] ?? code.toLowerCase().replace(/_/g, ' ');
  }
}
