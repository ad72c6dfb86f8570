import { ChangeDetectionStrategy, Component, ElementRef, viewChild } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { SiteFooter } from './core/site-footer';
import { SiteHeader } from './core/site-header';

@Component({
  selector: 'sl-root',
  imports: [RouterOutlet, SiteHeader, SiteFooter],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" href="#main" (click)="skipToMain($event)">Skip to main content</a>
    <sl-site-header />
    <main id="main" class="main" tabindex="-1" #main>
      <router-outlet />
    </main>
    <sl-site-footer />
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-height: 100vh;
      min-height: 100dvh;
    }
    .main {
      flex: 1;
    }
    .skip-link {
      position: absolute;
      top: var(--sl-space-2);
      left: var(--sl-space-2);
      z-index: 10;
      padding: var(--sl-space-2) var(--sl-space-4);
      border-radius: var(--sl-radius-sm);
      background: var(--sl-color-accent);
      color: var(--sl-color-accent-contrast);
      font-weight: 600;
      transform: translateY(-200%);
    }
    .skip-link:focus {
      transform: none;
    }
  `,
})
export class App {
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  /** In an SPA a bare `#main` link would navigate; move focus to the main landmark instead. */
  protected skipToMain(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }
}
