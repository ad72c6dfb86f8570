import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DOCUMENT,
  ElementRef,
  inject,
  Injector,
  OnInit,
  signal,
} from '@angular/core';
import { ApiProblem, problemText } from '../../core/api-problem';
import { formatDateTime } from '../../core/time-zones';
import { HistoryImport } from './history-import';
import { ListenerApi, ListenerMe, ListenerSource, SOURCE_NAMES, SourceKind } from './listener-api';
import { ListenerInsights } from './listener-insights';

export type { ListenerMe } from './listener-api';

const STATUS_TEXT: Record<ListenerMe['status'], string> = {
  active: 'Connected',
  needs_reconnect: 'Needs reconnecting',
  dev_mode_blocked: 'Blocked by Spotify',
  disconnected: 'Disconnected',
};

type PageState =
  | { readonly state: 'loading' }
  | { readonly state: 'none' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly me: ListenerMe; readonly sources: SourcesState }
  | { readonly state: 'erased' };

/** The listener's sources, read beside the page (the page still shows what was recorded without them). */
type SourcesState =
  | { readonly state: 'ready'; readonly items: readonly ListenerSource[] }
  | { readonly state: 'error'; readonly message: string };

type Busy = 'sync' | 'export' | 'disconnect' | 'erase' | null;

/**
 * `/me`: the listener's own page, reached with the listener cookie set when they connected Spotify, Last.fm or
 * ListenBrainz. Shows what Soundlink recorded, the sources it reads and their listening insights, imports their
 * streaming history, and lets them sync, download, disconnect each source or erase it all.
 */
@Component({
  selector: 'sl-listener-page',
  imports: [ListenerInsights, HistoryImport],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './listener-page.html',
  styleUrl: './listener-page.css',
})
export class ListenerPage implements OnInit {
  private readonly api = inject(ListenerApi);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  protected readonly page = signal<PageState>({ state: 'loading' });
  protected readonly me = computed(() => {
    const page = this.page();
    return page.state === 'ready' ? page.me : null;
  });
  protected readonly sources = computed((): SourcesState | null => {
    const page = this.page();
    return page.state === 'ready' ? page.sources : null;
  });
  /** The sources as listed, or null while they could not be read. */
  private readonly sourceItems = computed(() => {
    const sources = this.sources();
    return sources?.state === 'ready' ? sources.items : null;
  });
  /**
   * The listener has (or had) Spotify: the header then names the Spotify account and its status. Unknown
   * sources (not read) count as Spotify, as before there were others.
   */
  protected readonly hasSpotify = computed(
    () => this.sourceItems()?.some((s) => s.kind === 'spotify') ?? true,
  );
  /** Sync reads every active source: it needs at least one. */
  protected readonly canSync = computed(() => {
    const items = this.sourceItems();
    return items ? items.some((s) => s.status === 'active') : this.me()?.status === 'active';
  });
  /** The latest read of any source. */
  protected readonly lastRead = computed(() => {
    const times = [this.me()?.lastSyncedAt, ...(this.sourceItems() ?? []).map((s) => s.lastPolledAt)];
    return (
      times
        .filter((t): t is string => !!t)
        .sort()
        .at(-1) ?? null
    );
  });
  /** The source whose Disconnect asks for confirmation. */
  protected readonly confirmingDisconnect = signal<SourceKind | null>(null);
  protected readonly loadError = computed(() => {
    const page = this.page();
    return page.state === 'error' ? page.message : '';
  });
  protected readonly busy = signal<Busy>(null);
  /** The outcome of the last action, announced politely. */
  protected readonly notice = signal('');
  protected readonly actionError = signal('');
  protected readonly confirmingErase = signal(false);
  /** Bumped when the plays changed (a sync, an import): the insights fetch again. */
  protected readonly insightsVersion = signal(0);

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    const [result, sources] = await Promise.all([this.api.me(), this.api.sources()]);
    if (result.ok) {
      this.page.set({
        state: 'ready',
        me: result.data,
        sources: sources.ok
          ? { state: 'ready', items: sources.data.items }
          : { state: 'error', message: problemText(sources.problem) },
      });
    } else if (result.problem.status === 401) this.page.set({ state: 'none' });
    else this.page.set({ state: 'error', message: problemText(result.problem) });
  }

  protected statusText(status: ListenerMe['status']): string {
    return STATUS_TEXT[status];
  }

  protected sourceName(kind: SourceKind): string {
    return SOURCE_NAMES[kind];
  }

  protected date(iso: string): string {
    return formatDateTime(iso);
  }

  async sync(): Promise<void> {
    if (this.busy()) return;
    this.start('sync');
    const result = await this.api.sync();
    this.busy.set(null);
    if (!result.ok) return this.fail(result.problem);
    const n = result.data.newPlays;
    // Plays are attributed in the transaction that stores them: the count is final when the answer arrives.
    const attributed = result.data.attributedPlays ?? 0;
    this.notice.set(
      n === 0
        ? 'No new plays since the last sync.'
        : `${n} new play${n === 1 ? '' : 's'} recorded` +
            (attributed > 0 ? `, ${attributed} of them attributed to a campaign.` : '.'),
    );
    if (n > 0) this.insightsVersion.update((v) => v + 1);
    await this.load();
  }

  async download(): Promise<void> {
    if (this.busy()) return;
    this.start('export');
    const result = await this.api.export();
    this.busy.set(null);
    if (!result.ok) return this.fail(result.problem);
    const data: unknown = result.data;
    const blob =
      data instanceof Blob ? data : new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = 'soundlink-my-data.json';
    this.document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.notice.set('Your data is downloading as soundlink-my-data.json.');
  }

  protected askDisconnect(kind: SourceKind): void {
    this.actionError.set('');
    this.confirmingDisconnect.set(kind);
    afterNextRender(() => this.host.querySelector<HTMLElement>('#disconnect-cancel')?.focus(), {
      injector: this.injector,
    });
  }

  protected cancelDisconnect(): void {
    const kind = this.confirmingDisconnect();
    this.confirmingDisconnect.set(null);
    afterNextRender(() => this.host.querySelector<HTMLElement>(`#disconnect-${kind}`)?.focus(), {
      injector: this.injector,
    });
  }

  /** Disconnects one source (after its confirmation): its credential deleted, no more reading. */
  async disconnect(kind: SourceKind): Promise<void> {
    if (this.busy()) return;
    this.start('disconnect');
    const result = await this.api.disconnectSource(kind);
    this.busy.set(null);
    if (!result.ok) return this.fail(result.problem);
    this.confirmingDisconnect.set(null);
    this.notice.set(
      `${SOURCE_NAMES[kind]} is disconnected. Soundlink no longer reads it; what it recorded stays until you ` +
        'erase it.',
    );
    await this.load();
  }

  protected onImported(): void {
    this.insightsVersion.update((v) => v + 1);
    void this.load();
  }

  protected askErase(): void {
    this.actionError.set('');
    this.confirmingErase.set(true);
    afterNextRender(() => this.host.querySelector<HTMLElement>('#erase-cancel')?.focus(), {
      injector: this.injector,
    });
  }

  protected cancelErase(): void {
    this.confirmingErase.set(false);
    afterNextRender(() => this.host.querySelector<HTMLElement>('#erase-ask')?.focus(), {
      injector: this.injector,
    });
  }

  async erase(): Promise<void> {
    if (this.busy()) return;
    this.start('erase');
    const result = await this.api.erase();
    this.busy.set(null);
    if (!result.ok) return this.fail(result.problem);
    this.confirmingErase.set(false);
    this.page.set({ state: 'erased' });
  }

  private start(action: Exclude<Busy, null>): void {
    this.busy.set(action);
    this.notice.set('');
    this.actionError.set('');
  }

  private fail(problem: ApiProblem): void {
    if (problem.status === 401) {
      this.page.set({ state: 'none' });
      return;
    }
    this.actionError.set(problemText(problem));
  }
}
