import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';

/** The admin area's own navigation: one link per admin page, the current one marked for screen readers. */
@Component({
  selector: 'sl-admin-nav',
  imports: [RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="admin-nav" aria-label="Administration">
      <ul>
        <li>
          <a
            routerLink="/admin"
            routerLinkActive="active"
            [routerLinkActiveOptions]="{ exact: true }"
            ariaCurrentWhenActive="page"
            >Owners</a
          >
        </li>
        <li>
          <a routerLink="/admin/polling" routerLinkActive="active" ariaCurrentWhenActive="page"
            >Polling health</a
          >
        </li>
      </ul>
    </nav>
  `,
  styles: `
    .admin-nav ul {
      display: flex;
      flex-wrap: wrap;
      gap: var(--sl-space-1) var(--sl-space-6);
      margin: 0 0 var(--sl-space-6);
      padding: 0;
      border-bottom: 1px solid var(--sl-color-border);
      list-style: none;
    }
    .admin-nav a {
      display: inline-flex;
      align-items: center;
      min-height: 44px;
      margin-bottom: -1px;
      border-bottom: 3px solid transparent;
      color: var(--sl-color-text-muted);
      font-weight: 600;
      text-decoration: none;
    }
    .admin-nav a:hover {
      color: var(--sl-color-accent-strong);
      text-decoration: underline;
    }
    .admin-nav a.active {
      border-bottom-color: var(--sl-color-accent);
      color: var(--sl-color-accent);
    }
  `,
})
export class AdminNav {}
