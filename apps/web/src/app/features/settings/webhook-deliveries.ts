import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { problemText } from '../../core/api-problem';
import { SessionService } from '../../core/session.service';
import { formatDateTime } from '../../core/time-zones';
import { deliveryStatusLabel, eventLabel, formatDuration, lastAnswer } from './webhook-model';
import { WebhookDelivery, WebhooksApi } from './webhooks-api';

export const DELIVERIES_PAGE = 20;
/** While a shown delivery is due within this, the log refreshes itself every LIVE_REFRESH_MS. */
const LIVE_WINDOW_MS = 60_000;
const LIVE_REFRESH_MS = 2_000;
/** A bound on one stretch of live refreshes (about two minutes), should a delivery stay due. */
const LIVE_REFRESH_MAX = 60;

type LogState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly items: readonly WebhookDelivery[]; readonly more: boolean };

/**
 * One endpoint's delivery log, newest first: status, attempts, next attempt, the last answer (code or
 * error, duration, its first kilobyte) and a Retry per delivery. It refreshes itself while a delivery is
 * about to be sent, and whenever `refresh` changes (the parent bumps it after sending a test event).
 */
@Component({
  selector: 'sl-webhook-deliveries',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="log__head">
      <h5 class="log__title" [id]="'log-title-' + webhookId()" tabindex="-1">Delivery log</h5>
      <button type="button" class="sl-button sl-button--ghost sl-button--small" (click)="load()">
        Refresh<span class="sl-visually-hidden"> the delivery log</span>
      </button>
    </div>
    <p class="sl-visually-hidden" aria-live="polite" aria-atomic="true">{{ announcement() }}</p>
    @if (actionError(); as message) {
      <p class="sl-alert" role="alert">{{ message }}</p>
    }
    @switch (log().state) {
      @case ('loading') {
        <p class="sl-muted" role="status">
          <span class="sl-spinner" aria-hidden="true"></span> Loading deliveries…
        </p>
      }
      @case ('error') {
        <div class="sl-alert sl-row" role="alert">
          <p>The delivery log couldn't be loaded. {{ errorMessage() }}</p>
          <button type="button" class="sl-button sl-button--small" (click)="load()">Try again</button>
        </div>
      }
      @case ('ready') {
        @if (items().length === 0) {
          <p class="empty">No deliveries yet. Send a test event to see one here.</p>
        } @else {
          <table class="sl-table log">
            <caption class="sl-visually-hidden">
              Deliveries, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Last answer</th>
                <th scope="col">Duration</th>
                <th scope="col"><span class="sl-visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (d of items(); track d.id) {
                <tr [attr.data-delivery-id]="d.id" [attr.data-status]="d.status">
                  <td data-label="Event">
                    <div>
                      <span class="log__event">{{ eventLabel(d.eventType) }}</span>
                      <span class="sl-muted log__when">{{ formatDate(d.createdAt) }}</span>
                    </div>
                  </td>
                  <td data-label="Status">
                    <span
                      class="sl-badge"
                      [class.sl-badge--success]="d.status === 'delivered'"
                      [class.sl-badge--danger]="d.status === 'failed'"
                      >{{ statusLabel(d) }}</span
                    >
                  </td>
                  <td data-label="Attempts">{{ d.attempts }}</td>
                  <td data-label="Next attempt">{{ d.nextAttemptAt ? formatDate(d.nextAttemptAt) : '—' }}</td>
                  <td data-label="Last answer" class="log__answer">
                    <div class="log__answer-box">
                      <span>{{ lastAnswer(d) }}</span>
                      @if (d.responseBody) {
                        <details class="log__body">
                          <summary>Answer body</summary>
                          <pre>{{ d.responseBody }}</pre>
                        </details>
                      }
                    </div>
                  </td>
                  <td data-label="Duration">{{ formatDuration(d.durationMs) }}</td>
                  <td data-label="Actions" class="log__actions">
                    <button
                      type="button"
                      class="sl-button sl-button--ghost sl-button--small"
                      [disabled]="retrying() === d.id"
                      (click)="retry(d)"
                    >
                      {{ retrying() === d.id ? 'Retrying…' : 'Retry'
                      }}<span class="sl-visually-hidden">
                        {{ eventLabel(d.eventType) }} of {{ formatDate(d.createdAt) }}</span
                      >
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
          @if (more()) {
            <button type="button" class="sl-button sl-button--ghost sl-button--small" (click)="loadOlder()">
              Older deliveries
            </button>
          }
        }
      }
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: var(--sl-space-3);
      margin-top: var(--sl-space-4);
    }
    .log__head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--sl-space-2);
    }
    .log__title {
      margin: 0;
      font-size: var(--sl-text-base);
    }
    .empty {
      margin: 0;
      padding: var(--sl-space-4);
      border: 1px dashed var(--sl-color-border);
      border-radius: var(--sl-radius-sm);
      color: var(--sl-color-text-muted);
    }
    .log__event {
      display: block;
      font-weight: 600;
    }
    .log__when {
      font-size: var(--sl-text-sm);
    }
    .log__answer {
      overflow-wrap: anywhere;
    }
    .log__answer-box {
      min-width: 0;
      max-width: 100%;
    }
    .log__body {
      margin-top: var(--sl-space-1);
      min-width: 0;
      max-width: 100%;
    }
    .log__body pre {
      max-height: 12rem;
      margin: var(--sl-space-1) 0 0;
      overflow: auto;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      font-size: var(--sl-text-sm);
    }
    .log__actions {
      text-align: right;
    }
    @media (max-width: 40rem) {
      .log__actions {
        text-align: left;
      }
    }
  `,
})
export class WebhookDeliveries {
  private readonly api = inject(WebhooksApi);
  private readonly session = inject(SessionService);

  readonly webhookId = input.required<string>();
  /** Bumped by the parent to reload (after a test event was queued). */
  readonly refresh = input(0);

  protected readonly log = signal<LogState>({ state: 'loading' });
  protected readonly retrying = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly announcement = signal('');

  protected readonly eventLabel = eventLabel;
  protected readonly statusLabel = deliveryStatusLabel;
  protected readonly lastAnswer = lastAnswer;
  protected readonly formatDuration = formatDuration;

  private timer: ReturnType<typeof setTimeout> | undefined;
  private liveRefreshes = 0;
  private destroyed = false;

  constructor() {
    effect(() => {
      this.refresh();
      this.webhookId();
      untracked(() => {
        this.liveRefreshes = 0;
        void this.load();
      });
    });
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      clearTimeout(this.timer);
    });
  }

  protected items(): readonly WebhookDelivery[] {
    const log = this.log();
    return log.state === 'ready' ? log.items : [];
  }

  protected more(): boolean {
    const log = this.log();
    return log.state === 'ready' && log.more;
  }

  protected errorMessage(): string {
    const log = this.log();
    return log.state === 'error' ? log.message : '';
  }

  protected formatDate(iso: string): string {
    return formatDateTime(iso, this.session.owner()?.timezone);
  }

  /** The newest page again (what the owner sees first), quietly when it is already shown. */
  async load(): Promise<void> {
    clearTimeout(this.timer);
    if (this.log().state !== 'ready') this.log.set({ state: 'loading' });
    const result = await this.api.deliveries(this.webhookId(), DELIVERIES_PAGE);
    if (this.destroyed) return;
    if (result.ok) {
      const items = result.data.items;
      this.log.set({ state: 'ready', items, more: items.length === DELIVERIES_PAGE });
      this.scheduleLiveRefresh(items);
    } else if (!this.session.handleExpiredSession(result.problem)) {
      this.log.set({ state: 'error', message: problemText(result.problem) });
    }
  }

  protected async loadOlder(): Promise<void> {
    const shown = this.items();
    const last = shown.at(-1);
    if (!last) return;
    const result = await this.api.deliveries(this.webhookId(), DELIVERIES_PAGE, last.id);
    if (result.ok) {
      const items = result.data.items;
      this.log.set({ state: 'ready', items: [...shown, ...items], more: items.length === DELIVERIES_PAGE });
    } else if (!this.session.handleExpiredSession(result.problem)) {
      this.actionError.set(problemText(result.problem));
    }
  }

  protected async retry(delivery: WebhookDelivery): Promise<void> {
    if (this.retrying()) return;
    this.retrying.set(delivery.id);
    this.actionError.set(null);
    const result = await this.api.retryDelivery(this.webhookId(), delivery.id);
    this.retrying.set(null);
    if (result.ok) {
      const updated = result.data;
      this.log.update((log) =>
        log.state === 'ready'
          ? { ...log, items: log.items.map((d) => (d.id === updated.id ? updated : d)) }
          : log,
      );
      this.announcement.set(`${eventLabel(delivery.eventType)} will be sent again now.`);
      this.liveRefreshes = 0;
      this.scheduleLiveRefresh(this.items());
      return;
    }
    if (this.session.handleExpiredSession(result.problem)) return;
    this.actionError.set(problemText(result.problem));
  }

  private scheduleLiveRefresh(items: readonly WebhookDelivery[]): void {
    clearTimeout(this.timer);
    const soon = Date.now() + LIVE_WINDOW_MS;
    const due = items.some(
      (d) => d.status === 'pending' && d.nextAttemptAt !== null && Date.parse(d.nextAttemptAt) <= soon,
    );
    if (!due || this.destroyed || this.liveRefreshes >= LIVE_REFRESH_MAX) return;
    this.liveRefreshes++;
    this.timer = setTimeout(() => void this.load(), LIVE_REFRESH_MS);
  }
}
