import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'sl-not-found',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="sl-container not-found" aria-labelledby="not-found-title">
      <p class="sl-eyebrow">Error 404</p>
      <h1 id="not-found-title">This page skipped a beat.</h1>
      <p>
        We couldn't find the page you were looking for. The link may be mistyped, or the page may have moved.
      </p>
      <a class="sl-button" routerLink="/">Back to the Soundlink home page</a>
    </section>
  `,
  styles: `
    .not-found {
      padding-block: var(--sl-space-16);
    }
    p:not(.sl-eyebrow) {
      max-width: 44rem;
      color: var(--sl-color-text-muted);
      font-size: var(--sl-text-lg);
    }
  `,
})
export class NotFound {}
