import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { ApiStatusService } from './api-status.service';

@Component({
  selector: 'sl-site-footer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <footer class="site-footer">
      <div class="sl-container site-footer__inner">
        <p class="site-footer__about">
          Soundlink — campaign attribution and listening analytics for Spotify. Not affiliated with Spotify
          AB.
        </p>
        <p class="site-footer__status" role="status">
          <span
            class="dot"
            [class.dot--up]="apiStatus.status().state === 'reachable'"
            [class.dot--down]="apiStatus.status().state === 'unreachable'"
            aria-hidden="true"
          ></span>
          <span>{{ apiStatus.summary() }}</span>
          @if (apiStatus.sandboxMode()) {
            <span class="badge">Spotify sandbox mode (demo)</span>
          }
        </p>
      </div>
    </footer>
  `,
  styles: `
    .site-footer {
      margin-top: var(--sl-space-16);
      border-top: 1px solid var(--sl-color-border);
      background: var(--sl-color-surface);
      color: var(--sl-color-text-muted);
      font-size: var(--sl-text-sm);
    }
    .site-footer__inner {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--sl-space-2) var(--sl-space-6);
      padding-block: var(--sl-space-6);
    }
    p {
      margin: 0;
    }
    .site-footer__status {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--sl-space-2);
    }
    .dot {
      width: 0.625rem;
      height: 0.625rem;
      border-radius: 50%;
      background: var(--sl-color-border);
    }
    .dot--up {
      background: var(--sl-color-success);
    }
    .dot--down {
      background: var(--sl-color-danger);
    }
    .badge {
      padding: 0 var(--sl-space-2);
      border-radius: var(--sl-radius-pill);
      background: var(--sl-color-accent-soft);
      color: var(--sl-color-accent-strong);
      font-weight: 600;
    }
  `,
})
export class SiteFooter implements OnInit {
  protected readonly apiStatus = inject(ApiStatusService);

  ngOnInit(): void {
    void this.apiStatus.refresh();
  }
}
