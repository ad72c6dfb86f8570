import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionService } from '../../core/session.service';
import { CampaignList } from '../campaigns/campaign-list';

/** Where owners land after signing in: a greeting and their campaigns (the same list as /campaigns). */
@Component({
  selector: 'sl-dashboard',
  imports: [RouterLink, CampaignList],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="sl-container sl-page" aria-labelledby="dashboard-title">
      <div class="page-head">
        <div>
          <p class="sl-eyebrow">Dashboard</p>
          <h1 id="dashboard-title">{{ greeting() }}</h1>
        </div>
        <a class="sl-button" routerLink="/campaigns/new">New campaign</a>
      </div>
      @if (timeZone(); as zone) {
        <p class="sl-muted zone">
          Reports use your time zone, {{ zone }} (change it in <a routerLink="/settings">Settings</a>).
        </p>
      }
      <sl-campaign-list />
    </section>
  `,
  styles: `
    .page-head {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      justify-content: space-between;
      gap: var(--sl-space-4);
    }
    .page-head h1 {
      margin-bottom: 0;
    }
    .zone {
      margin-block: var(--sl-space-4) var(--sl-space-8);
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
