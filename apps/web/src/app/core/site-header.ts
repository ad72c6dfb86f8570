import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { problemText } from './api-problem';
import { SessionService } from './session.service';

@Component({
  selector: 'sl-site-header',
  imports: [RouterLink, RouterLinkActive],
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
          @if (session.loaded()) {
            @if (session.owner(); as owner) {
              <ul>
                <li>
                  <a routerLink="/dashboard" routerLinkActive="active" ariaCurrentWhenActive="page"
                    >Dashboard</a
                  >
                </li>
                <li>
                  <a routerLink="/campaigns" routerLinkActive="active" ariaCurrentWhenActive="page"
                    >Campaigns</a
                  >
                </li>
                <li>
                  <a routerLink="/settings" routerLinkActive="active" ariaCurrentWhenActive="page"
                    >Settings</a
                  >
                </li>
                <li>
                  <a routerLink="/trends" routerLinkActive="active" ariaCurrentWhenActive="page">Trends</a>
                </li>
                @if (session.isAdmin()) {
                  <li>
                    <a routerLink="/admin" routerLinkActive="active" ariaCurrentWhenActive="page">Admin</a>
                  </li>
                }
              </ul>
              <div class="account">
                <span class="account__name" [title]="owner.email">
                  <span class="sl-visually-hidden">Signed in as </span>{{ owner.displayName }}
                </span>
                <button
                  type="button"
                  class="sl-button sl-button--ghost sl-button--small"
                  [disabled]="signingOut()"
                  (click)="signOut()"
                >
                  {{ signingOut() ? 'Signing out…' : 'Sign out' }}
                </button>
              </div>
            } @else {
              <ul>
                <li class="marketing"><a routerLink="/" fragment="how-it-works">How it works</a></li>
                <li class="marketing"><a routerLink="/" fragment="who-its-for">Who it's for</a></li>
                <li>
                  <a routerLink="/trends" routerLinkActive="active" ariaCurrentWhenActive="page">Trends</a>
                </li>
                <li>
                  <a routerLink="/login" routerLinkActive="active" ariaCurrentWhenActive="page">Sign in</a>
                </li>
              </ul>
              <a class="sl-button sl-button--small" routerLink="/register">Create account</a>
            }
          }
        </nav>
      </div>
      <div class="sl-container" aria-live="assertive" aria-atomic="true">
        @if (signOutError(); as message) {
          <p class="sl-alert sign-out-error">Sign-out didn't go through. {{ message }}</p>
        }
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
    .site-nav {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--sl-space-1) var(--sl-space-4);
      min-height: 44px;
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
    .site-nav a.active {
      color: var(--sl-color-accent);
      text-decoration: underline;
      text-decoration-thickness: 2px;
    }
    .site-nav .sl-button {
      color: var(--sl-color-accent-contrast);
      text-decoration: none;
    }
    .site-nav .sl-button--ghost {
      color: var(--sl-color-accent);
    }
    .account {
      display: flex;
      align-items: center;
      gap: var(--sl-space-3);
    }
    .account__name {
      max-width: 14rem;
      overflow: hidden;
      font-weight: 600;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .sign-out-error {
      margin-bottom: var(--sl-space-4);
    }
    @media (max-width: 40rem) {
      .marketing {
        display: none;
      }
      .account__name {
        max-width: 9rem;
      }
    }
  `,
})
export class SiteHeader implements OnInit {
  protected readonly session = inject(SessionService);
  private readonly router = inject(Router);
  protected readonly signingOut = signal(false);
  protected readonly signOutError = signal<string | null>(null);

  ngOnInit(): void {
    void this.session.whenLoaded();
  }

  async signOut(): Promise<void> {
    if (this.signingOut()) return;
    this.signingOut.set(true);
    this.signOutError.set(null);
    const result = await this.session.logout();
    this.signingOut.set(false);
    if (result.ok) {
      await this.router.navigateByUrl('/');
    } else {
      this.signOutError.set(problemText(result.problem));
    }
  }
}
