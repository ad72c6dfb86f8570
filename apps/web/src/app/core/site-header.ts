import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'sl-site-header',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="site-header">
      <div class="sl-container site-header__inner">
        <a class="wordmark" routerLink="/" aria-label="Soundlink home">
          <svg class="wordmark__mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
            <rect width="32" height="32" rx="8" />
            <path d="M9 19c2.5-6 4.5-6 7 0s4.5 6 7 0" />
          </svg>
          <span class="wordmark__text">Soundlink</span>
        </a>
        <nav class="site-nav" aria-label="Primary">
          <ul>
            <li><a routerLink="/" fragment="how-it-works">How it works</a></li>
            <li><a routerLink="/" fragment="who-its-for">Who it's for</a></li>
          </ul>
        </nav>
      </div>
    </header>
  `,
  styles: `
    .site-header {
      background: var(--sl-color-surface);
      border-bottom: 1px solid var(--sl-color-border);
    }
    .site-header__inner {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--sl-space-2) var(--sl-space-6);
      min-height: 4rem;
      padding-block: var(--sl-space-2);
    }
    .wordmark {
      display: inline-flex;
      align-items: center;
      gap: var(--sl-space-2);
      min-height: 44px;
      color: var(--sl-color-text);
      font-size: var(--sl-text-xl);
      font-weight: 800;
      letter-spacing: -0.03em;
      text-decoration: none;
    }
    .wordmark:hover {
      color: var(--sl-color-accent-strong);
    }
    .wordmark__mark rect {
      fill: var(--sl-color-accent);
    }
    .wordmark__mark path {
      fill: none;
      stroke: var(--sl-color-accent-contrast);
      stroke-width: 3;
      stroke-linecap: round;
    }
    .site-nav ul {
      display: flex;
      flex-wrap: wrap;
      gap: var(--sl-space-1) var(--sl-space-4);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .site-nav a {
      display: inline-flex;
      align-items: center;
      min-height: 44px;
      color: var(--sl-color-text-muted);
      font-weight: 600;
      text-decoration: none;
    }
    .site-nav a:hover {
      color: var(--sl-color-accent-strong);
      text-decoration: underline;
    }
  `,
})
export class SiteHeader {}
