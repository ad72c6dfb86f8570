import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionService } from '../../core/session.service';

@Component({
  selector: 'sl-dashboard',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="sl-container sl-page" aria-labelledby="dashboard-title">
      <p class="sl-eyebrow">Dashboard</p>
      <h1 id="dashboard-title">{{ greeting() }}</h1>

      <div class="sl-card empty-state">
        <svg class="empty-state__art" viewBox="0 0 64 64" width="64" height="64" aria-hidden="true">
          <rect width="64" height="64" rx="16" />
          <path d="M16 38c5-12 9-12 14 0s9 12 14 0" />
          <circle cx="48" cy="22" r="5" />
        </svg>
        <h2>No campaigns yet</h2>
        <p>
          Campaigns are where Soundlink starts counting: you name what you promote, pick the tracks that count
          and hand out a tracker link for every channel. Creating campaigns is coming to this dashboard next —
          once it lands, your campaigns and their attributed plays will appear right here.
        </p>
        <h3>While you wait</h3>
        <ol class="next-steps">
          <li>
            <strong>Check your time zone.</strong> Daily reports are cut at midnight in the zone set in
            <a routerLink="/settings">Settings</a>
            @if (timeZone(); as zone) {
              <span> (now {{ zone }})</span>
            }
            .
          </li>
          <li>
            <strong>Connect your tools.</strong> Create an API key in
            <a routerLink="/settings" fragment="api-keys">Settings</a> to read campaigns and analytics from
            your own scripts or dashboards.
          </li>
        </ol>
      </div>
    </section>
  `,
  styles: `
    .empty-state {
      max-width: 44rem;
    }
    .empty-state h2 {
      font-size: var(--sl-text-xl);
    }
    .empty-state p,
    .next-steps {
      color: var(--sl-color-text-muted);
    }
    .empty-state__art {
      margin-bottom: var(--sl-space-4);
    }
    .empty-state__art rect {
      fill: var(--sl-color-accent-soft);
    }
    .empty-state__art path {
      fill: none;
      stroke: var(--sl-color-accent);
      stroke-width: 4;
      stroke-linecap: round;
    }
    .empty-state__art circle {
      fill: var(--sl-color-accent);
    }
    .next-steps {
      display: grid;
      gap: var(--sl-space-3);
      margin: 0;
      padding-left: var(--sl-space-6);
    }
    .next-steps strong {
      color: var(--sl-color-text);
    }
  `,
})
export class Dashboard {
  private readonly session = inject(SessionService);

  protected readonly greeting = computed(() => {
    const name = this.session.owner()?.displayName?.trim();
    return name ? `Welcome, ${name}` : 'Welcome to Soundlink';
  });
  protected readonly timeZone = computed(() => this.session.owner()?.timezone ?? null);
}
