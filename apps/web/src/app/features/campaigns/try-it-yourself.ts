import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Campaign } from './campaign-model';
import { CampaignsApi } from './campaigns-api';

/** Where the panel remembers that the owner hid it (this browser only). */
export const TRY_IT_HIDDEN_KEY = 'sl-try-it-hidden';

/** The sandbox's play page, served by the in-process Spotify sandbox (same origin). */
export const SANDBOX_PLAY_PATH = '/sandbox/spotify/_sandbox/play';

/**
 * Sandbox mode only: a short walk-through for trying a campaign alone, as its own listener: open a tracker
 * link in a private window, connect as a sample listener, play with the sandbox's play page, watch the
 * dashboard. Hidden for good with "Hide" (this browser).
 */
@Component({
  selector: 'sl-try-it-yourself',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (visible()) {
      <section class="sl-card try" aria-labelledby="try-title">
        <div class="try__head">
          <h2 id="try-title">Try it yourself</h2>
          <button type="button" class="sl-button sl-button--ghost sl-button--small" (click)="hide()">
            Hide
          </button>
        </div>
        <p class="sl-muted">
          Soundlink runs on its built-in Spotify emulator, so you can be this campaign's listener yourself:
        </p>
        <ol class="try__steps">
          <li>
            Create a tracker link below (or use one), <strong>copy it</strong> and open it in a
            <strong>private window</strong>.
          </li>
          <li>
            Press <strong>Connect Spotify</strong> and pick a <strong>sample listener</strong>, e.g. Ada
            Moreno, on the sandbox's consent page.
          </li>
          <li>
            Open the sandbox's
            <a [href]="playUrl()" target="_blank" rel="noopener">play control (opens in a new tab)</a>, choose
            the same listener and press <strong>Play</strong>.
          </li>
          <li>
            Back in the private window, open your Soundlink data page (<code>/me</code>) and press
            <strong>Sync now</strong> (or wait for the next poll), then watch
            <a [routerLink]="['/campaigns', campaign().id, 'dashboard']">the dashboard</a> count the click,
            the connect and the attributed plays.
          </li>
        </ol>
        <p class="sl-hint">The walk-through with pictures: <code>docs/sandbox.md</code>.</p>
      </section>
    }
  `,
  styles: `
    .try {
      display: grid;
      gap: var(--sl-space-3);
      border-left: 4px solid var(--sl-color-accent);
    }
    .try__head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--sl-space-2);
    }
    .try h2 {
      margin: 0;
      font-size: var(--sl-text-xl);
    }
    .try p {
      margin: 0;
    }
    .try__steps {
      margin: 0;
      padding-left: var(--sl-space-6);
      display: grid;
      gap: var(--sl-space-2);
    }
  `,
})
export class TryItYourself implements OnInit {
  readonly campaign = input.required<Campaign>();

  private readonly api = inject(CampaignsApi);
  private readonly sandboxMode = signal(false);
  private readonly hidden = signal(readHidden());

  protected readonly visible = computed(() => this.sandboxMode() && !this.hidden());
  protected readonly playUrl = computed(() => {
    const context = this.campaign().destination.uri;
    return `${SANDBOX_PLAY_PATH}?${new URLSearchParams({ context }).toString()}`;
  });

  ngOnInit(): void {
    if (!this.hidden()) void this.checkMode();
  }

  private async checkMode(): Promise<void> {
    const result = await this.api.ownerSpotify();
    if (result.ok) this.sandboxMode.set(result.data.mode === 'sandbox');
  }

  protected hide(): void {
    this.hidden.set(true);
    try {
      localStorage.setItem(TRY_IT_HIDDEN_KEY, '1');
    } catch {
      // Storage refused (private mode): hidden for this page only.
    }
  }
}

function readHidden(): boolean {
  try {
    return localStorage.getItem(TRY_IT_HIDDEN_KEY) === '1';
  } catch {
    return false;
  }
}
