import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { CampaignList } from './campaign-list';

/** /campaigns: every campaign, with search, filter and pages. */
@Component({
  selector: 'sl-campaigns-page',
  imports: [RouterLink, CampaignList],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="sl-container sl-page">
      <div class="page-head">
        <div>
          <h1>Campaigns</h1>
        </div>
        <a class="sl-button" routerLink="/campaigns/new">New campaign</a>
      </div>
      <p class="sl-page__lead">What you promote on Spotify, with a tracker link for every channel.</p>
      <sl-campaign-list />
    </div>
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
    .sl-page__lead {
      margin-block: var(--sl-space-4) var(--sl-space-8);
    }
  `,
})
export class CampaignsPage {}
