import { ChangeDetectionStrategy, Component, effect, ElementRef, inject, input, signal } from '@angular/core';

/**
 * A secret shown once (a new API key, a webhook's signing secret): its label, the read-only field (selected on
 * focus) and a Copy button, with a live line saying whether it reached the clipboard; when it did not, the
 * field is selected for Ctrl+C. The copy state starts again for each new value.
 */
@Component({
  selector: 'sl-secret-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <label class="sl-label" [for]="fieldId()">{{ label() }}</label>
    <div class="secret-field__row">
      <input
        [id]="fieldId()"
        class="sl-input secret-field__secret"
        type="text"
        readonly
        spellcheck="false"
        autocomplete="off"
        [value]="value()"
        (focus)="select($event)"
      />
      <button type="button" class="sl-button" (click)="copy()">
        {{ state() === 'copied' ? 'Copied' : 'Copy' }}
      </button>
    </div>
    <p class="sl-hint" aria-live="polite" aria-atomic="true">
      @switch (state()) {
        @case ('copied') {
          The {{ noun() }} is on your clipboard.
        }
        @case ('failed') {
          Couldn't copy automatically. The {{ noun() }} is selected: press Ctrl+C (⌘C on a Mac) to copy it.
        }
      }
    </p>
  `,
  styles: `
    :host {
      display: block;
    }
    .secret-field__row {
      display: flex;
      flex-wrap: wrap;
      gap: var(--sl-space-2);
      width: 100%;
    }
    .secret-field__secret {
      flex: 1 1 16rem;
      min-width: 0;
      font-family: var(--sl-font-mono);
    }
  `,
})
export class SecretField {
  private readonly host: HTMLElement = inject(ElementRef).nativeElement;

  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  readonly value = input.required<string>();
  /** What the secret is called in the copy messages: "key", "secret". */
  readonly noun = input('secret');

  protected readonly state = signal<'idle' | 'copied' | 'failed'>('idle');

  constructor() {
    effect(() => {
      this.value();
      this.state.set('idle');
    });
  }

  protected select(event: Event): void {
    (event.target as HTMLInputElement).select();
  }

  protected async copy(): Promise<void> {
    try {
      if (!navigator.clipboard) throw new Error('Clipboard unavailable');
      await navigator.clipboard.writeText(this.value());
      this.state.set('copied');
    } catch {
      this.state.set('failed');
      this.host.querySelector<HTMLInputElement>('input')?.select();
    }
  }
}
