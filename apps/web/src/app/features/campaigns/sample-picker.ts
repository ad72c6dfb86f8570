import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
} from '@angular/core';
import type { SandboxSample } from './campaign-model';

/** At most this many options are listed at once; typing narrows the rest down. */
export const SAMPLE_LIST_LIMIT = 60;

const KIND_LABELS: Record<SandboxSample['kind'], string> = {
  playlist: 'Playlist',
  album: 'Album',
  artist: 'Artist',
  track: 'Track',
};

let nextId = 0;

/**
 * "Pick a sample": in sandbox mode, the sandbox's playlists, albums, artists and tracks by name, to fill the
 * Spotify link field. A button opens a filter box (ARIA 1.2 combobox) over a listbox: type to filter, arrow
 * keys to move, Enter to pick, Escape to close; a click picks too.
 */
@Component({
  selector: 'sl-sample-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      #toggle
      type="button"
      class="sl-button sl-button--ghost sl-button--small picker__toggle"
      [attr.aria-expanded]="open()"
      [attr.aria-controls]="panelId"
      (click)="open() ? close() : show()"
    >
      Pick a sample
    </button>
    @if (open()) {
      <div class="picker__panel" [id]="panelId">
        <label class="sl-label" [for]="inputId">Filter samples</label>
        <input
          #filter
          [id]="inputId"
          class="sl-input"
          type="text"
          role="combobox"
          autocomplete="off"
          spellcheck="false"
          aria-autocomplete="list"
          aria-expanded="true"
          [attr.aria-controls]="listId"
          [attr.aria-activedescendant]="activeId()"
          [attr.aria-describedby]="countId"
          placeholder="Name, artist or kind (album, playlist…)"
          [value]="query()"
          (input)="onInput($event)"
          (keydown)="onKeydown($event)"
        />
        <p class="sl-hint picker__count" [id]="countId" aria-live="polite">{{ countText() }}</p>
        <ul class="picker__list" role="listbox" [id]="listId" aria-label="Samples">
          @for (sample of shown(); track sample.kind + sample.id; let i = $index) {
            <li
              role="option"
              class="picker__option"
              [id]="optionId(i)"
              [attr.aria-selected]="i === active()"
              [class.picker__option--active]="i === active()"
              tabindex="-1"
              (mousedown)="$event.preventDefault()"
              (click)="pick(sample)"
              (keydown.enter)="pick(sample)"
            >
              <span class="picker__kind">{{ kindLabel(sample.kind) }}</span>
              <span class="picker__name">{{ sample.name }}</span>
              @if (sample.byline) {
                <span class="picker__byline"
                  >{{ sample.kind === 'playlist' ? 'by ' : '' }}{{ sample.byline }}</span
                >
              }
              @if (sample.playlist; as access) {
                <span class="picker__access" [class.picker__access--ready]="access.usableByYou">
                  {{
                    access.usableByYou
                      ? 'Ready: your Spotify can read it'
                      : 'Needs Spotify connected as ' + access.ownerName
                  }}
                </span>
              }
            </li>
          }
        </ul>
      </div>
    }
  `,
  styles: `
    :host {
      display: contents;
    }
    .picker__panel {
      flex: 1 1 100%;
      display: grid;
      gap: var(--sl-space-2);
      padding: var(--sl-space-3);
      border: 1px solid var(--sl-color-border);
      border-radius: var(--sl-radius-sm);
      background: var(--sl-color-surface);
      min-width: 0;
    }
    .picker__count {
      margin: 0;
    }
    .picker__list {
      list-style: none;
      margin: 0;
      padding: 0;
      max-height: 18rem;
      overflow-y: auto;
      border: 1px solid var(--sl-color-border);
      border-radius: var(--sl-radius-sm);
    }
    .picker__option {
      display: grid;
      grid-template-columns: auto 1fr;
      column-gap: var(--sl-space-2);
      padding: var(--sl-space-2) var(--sl-space-3);
      cursor: pointer;
      border-bottom: 1px solid var(--sl-color-border);
      overflow-wrap: anywhere;
    }
    .picker__option:last-child {
      border-bottom: 0;
    }
    .picker__option:hover,
    .picker__option--active {
      background: var(--sl-color-accent-soft);
    }
    .picker__option--active {
      outline: 2px solid var(--sl-color-focus);
      outline-offset: -2px;
    }
    .picker__kind {
      grid-row: span 3;
      align-self: start;
      font-size: var(--sl-text-sm);
      font-weight: 700;
      color: var(--sl-color-text-muted);
      min-width: 4.5rem;
    }
    .picker__name {
      font-weight: 600;
    }
    .picker__byline,
    .picker__access {
      grid-column: 2;
      font-size: var(--sl-text-sm);
      color: var(--sl-color-text-muted);
    }
    .picker__access--ready {
      color: var(--sl-color-success);
      font-weight: 600;
    }
  `,
})
export class SamplePicker {
  readonly samples = input.required<readonly SandboxSample[]>();
  readonly picked = output<SandboxSample>();

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly injector = inject(Injector);

  private readonly uid = ++nextId;
  protected readonly panelId = `sample-picker-${this.uid}`;
  protected readonly inputId = `sample-filter-${this.uid}`;
  protected readonly listId = `sample-list-${this.uid}`;
  protected readonly countId = `sample-count-${this.uid}`;

  protected readonly open = signal(false);
  protected readonly query = signal('');
  protected readonly active = signal(0);

  /** The sample playlists the owner's Spotify can read come first; otherwise the API's order. */
  private readonly ordered = computed(() => {
    const samples = this.samples();
    return [
      ...samples.filter((s) => s.playlist?.usableByYou),
      ...samples.filter((s) => !s.playlist?.usableByYou),
    ];
  });
  private readonly matches = computed(() => {
    const words = this.query().toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return this.ordered();
    return this.ordered().filter((s) => {
      const text = `${s.kind} ${s.name} ${s.byline}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  });
  protected readonly shown = computed(() => this.matches().slice(0, SAMPLE_LIST_LIMIT));
  protected readonly activeId = computed(() => (this.shown().length ? this.optionId(this.active()) : null));
  protected readonly countText = computed(() => {
    const total = this.matches().length;
    if (total === 0) return 'No sample matches: try another word.';
    if (total > SAMPLE_LIST_LIMIT)
      return `${total} samples match; the first ${SAMPLE_LIST_LIMIT} are listed. Type to narrow.`;
    return `${total} ${total === 1 ? 'sample matches' : 'samples match'}.`;
  });

  protected optionId(index: number): string {
    return `sample-option-${this.uid}-${index}`;
  }

  protected kindLabel(kind: SandboxSample['kind']): string {
    return KIND_LABELS[kind];
  }

  show(): void {
    this.open.set(true);
    this.active.set(0);
    afterNextRender(() => this.host.querySelector<HTMLInputElement>('[role="combobox"]')?.focus(), {
      injector: this.injector,
    });
  }

  close(): void {
    this.open.set(false);
    afterNextRender(() => this.host.querySelector<HTMLElement>('.picker__toggle')?.focus(), {
      injector: this.injector,
    });
  }

  protected onInput(event: Event): void {
    this.query.set((event.target as HTMLInputElement).value);
    this.active.set(0);
  }

  protected onKeydown(event: KeyboardEvent): void {
    const count = this.shown().length;
    const move = (to: number) => {
      event.preventDefault();
      if (!count) return;
      this.active.set((to + count) % count);
      afterNextRender(() => this.revealActive(), { injector: this.injector });
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(this.active() + 1);
      case 'ArrowUp':
        return move(this.active() - 1);
      case 'Home':
        if (event.ctrlKey) return move(0);
        return;
      case 'End':
        if (event.ctrlKey) return move(count - 1);
        return;
      case 'Enter': {
        event.preventDefault();
        const sample = this.shown()[this.active()];
        if (sample) this.pick(sample);
        return;
      }
      case 'Escape':
        event.preventDefault();
        this.close();
        return;
    }
  }

  /** Keeps the active option in view (jsdom has no scrollIntoView: then nothing to do). */
  private revealActive(): void {
    const option: { scrollIntoView?: (options: ScrollIntoViewOptions) => void } | null =
      this.host.querySelector(`#${this.optionId(this.active())}`);
    option?.scrollIntoView?.({ block: 'nearest' });
  }

  protected pick(sample: SandboxSample): void {
    this.picked.emit(sample);
    this.close();
  }
}
