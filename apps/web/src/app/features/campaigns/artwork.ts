import { ChangeDetectionStrategy, Component, input, linkedSignal } from '@angular/core';

/**
 * Cover art of a Spotify destination, square, with a neutral placeholder when there is none (or it fails
 * to load). Decorative: the name next to it says what it is.
 */
@Component({
  selector: 'sl-artwork',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[style.--size]': 'size() + "px"' },
  template: `
    @if (src() && !failed()) {
      <img
        class="art"
        [src]="src()"
        alt=""
        [width]="size()"
        [height]="size()"
        loading="lazy"
        decoding="async"
        (error)="failed.set(true)"
      />
    } @else {
      <svg class="art art--empty" viewBox="0 0 48 48" aria-hidden="true">
        <rect width="48" height="48" rx="8" />
        <circle cx="24" cy="24" r="11" />
        <circle cx="24" cy="24" r="3" />
      </svg>
    }
  `,
  styles: `
    :host {
      display: block;
      flex: none;
      width: var(--size);
      height: var(--size);
    }
    .art {
      width: 100%;
      height: 100%;
      border-radius: var(--sl-radius-sm);
      object-fit: cover;
      background: var(--sl-color-surface-muted);
    }
    .art--empty rect {
      fill: var(--sl-color-surface-muted);
    }
    .art--empty circle {
      fill: none;
      stroke: var(--sl-color-text-muted);
      stroke-width: 2;
    }
  `,
})
export class Artwork {
  readonly src = input<string | null | undefined>(null);
  readonly size = input(56);
  /** Resets whenever the image changes. */
  protected readonly failed = linkedSignal({ source: this.src, computation: () => false });
}
