import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  OnInit,
  signal,
} from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { problemText } from '../../core/api-problem';
import { SessionService } from '../../core/session.service';
import { formatDateTime } from '../../core/time-zones';
import { OwnerSpotify, SettingsApi } from './settings-api';

export type { OwnerSpotify } from './settings-api';

/** Starts the OAuth dance: a full page navigation (the API redirects to Spotify and back to /settings). */
export const CONNECT_URL = '/api/v1/owners/me/spotify/connect';

/** What `/settings?spotify=…` (set by the API after Spotify's consent page) means for the owner. */
export function connectOutcome(value: string | null): { ok: boolean; message: string } | null {
  switch (value) {
    case null:
    case '':
      return null;
    case 'connected':
      return { ok: true, message: 'Spotify is connected. You can now use your playlists in campaigns.' };
    case 'denied':
      return { ok: false, message: 'Spotify wasn’t connected: the request was cancelled on Spotify’s page.' };
    case 'dev-mode-cap':
      return {
        ok: false,
        message:
          'Spotify refused this account: the Soundlink app is in Spotify’s development mode, which allows only a few ' +
          'listed users. Ask your Soundlink administrator to add your Spotify account.',
      };
    default:
      return value.startsWith('state-')
        ? { ok: false, message: 'The connection took too long or was opened twice. Please connect again.' }
        : { ok: false, message: 'Spotify couldn’t be connected. Please try again in a moment.' };
  }
}

type State =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly account: OwnerSpotify };

/** Settings card: the owner's own Spotify account (needed to read the tracks of their playlists). */
@Component({
  selector: 'sl-spotify-account',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section id="spotify" class="sl-card" aria-labelledby="spotify-title">
      <h2 id="spotify-title" tabindex="-1">Spotify account</h2>
      <p class="sl-muted intro">
        Campaigns for a playlist need your Spotify account: Spotify only shows a playlist's tracks to its
        owner and collaborators. Tracks, albums and artists work without it.
      </p>

      <div aria-live="polite" aria-atomic="true">
        @if (outcome(); as o) {
          <p class="sl-alert outcome" [class.sl-alert--success]="o.ok">{{ o.message }}</p>
        }
      </div>

      @switch (state().state) {
        @case ('loading') {
          <p class="sl-muted" role="status">
            <span class="sl-spinner" aria-hidden="true"></span> Checking Spotify…
          </p>
        }
        @case ('error') {
          <div class="sl-alert sl-row" role="alert">
            <p>Your Spotify connection couldn't be checked. {{ errorMessage() }}</p>
            <button type="button" class="sl-button sl-button--small" (click)="load()">Try again</button>
          </div>
        }
        @case ('ready') {
          @if (account(); as a) {
            @if (a.connected) {
              <p class="status">
                <span class="sl-badge sl-badge--success">Connected</span>
                as <strong>{{ a.displayName || a.spotifyUserId }}</strong>
                @if (a.connectedAt) {
                  <span class="sl-muted"> since {{ formatDate(a.connectedAt) }}</span>
                }
              </p>
              @if (confirming()) {
                <div class="confirm" role="group" aria-labelledby="spotify-confirm-text">
                  <span id="spotify-confirm-text" class="confirm__text"
                    >Disconnect? Playlist campaigns stop picking up changes to their playlists.</span
                  >
                  <button
                    type="button"
                    class="sl-button sl-button--ghost sl-button--small cancel"
                    (click)="cancel()"
                  >
                    Cancel
                  </button>
                  <button
                    type="button"
                    class="sl-button sl-button--danger sl-button--small"
                    [disabled]="busy()"
                    (click)="disconnect()"
                  >
                    {{ busy() ? 'Disconnecting…' : 'Disconnect Spotify' }}
                  </button>
                </div>
              } @else {
                <button
                  type="button"
                  class="sl-button sl-button--ghost sl-button--small disconnect"
                  (click)="ask()"
                >
                  Disconnect
                </button>
              }
            } @else {
              <p class="status"><span class="sl-badge">Not connected</span></p>
              <a class="sl-button" [href]="connectUrl">Connect Spotify</a>
            }
            @if (a.mode === 'sandbox') {
              <p class="sl-hint sandbox">
                Demo mode: this connects an account of the built-in Spotify sandbox.
              </p>
            }
          }
          @if (actionError(); as message) {
            <p class="sl-alert" role="alert">{{ message }}</p>
          }
        }
      }
    </section>
  `,
  styles: `
    .intro {
      max-width: 48rem;
    }
    .outcome {
      margin-bottom: var(--sl-space-4);
    }
    .status {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: var(--sl-space-2);
      overflow-wrap: anywhere;
    }
    .confirm {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--sl-space-2);
    }
    .confirm__text {
      color: var(--sl-color-danger-text);
      font-size: var(--sl-text-sm);
      font-weight: 600;
    }
    .sandbox {
      margin-top: var(--sl-space-4);
    }
  `,
})
export class SpotifyAccount implements OnInit {
  private readonly api = inject(SettingsApi);
  private readonly session = inject(SessionService);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  protected readonly connectUrl = CONNECT_URL;
  protected readonly outcome = signal(
    connectOutcome(inject(ActivatedRoute).snapshot.queryParamMap.get('spotify')),
  );
  protected readonly state = signal<State>({ state: 'loading' });
  protected readonly account = computed(() => {
    const state = this.state();
    return state.state === 'ready' ? state.account : null;
  });
  protected readonly errorMessage = computed(() => {
    const state = this.state();
    return state.state === 'error' ? state.message : '';
  });
  protected readonly confirming = signal(false);
  protected readonly busy = signal(false);
  protected readonly actionError = signal<string | null>(null);

  ngOnInit(): void {
    void this.load();
    if (this.outcome()) {
      // Back from Spotify: bring the result into view.
      afterNextRender(() => this.host.querySelector<HTMLElement>('#spotify-title')?.focus(), {
        injector: this.injector,
      });
    }
  }

  async load(): Promise<void> {
    this.state.set({ state: 'loading' });
    const result = await this.api.spotify();
    if (result.ok) this.state.set({ state: 'ready', account: result.data });
    else if (!this.session.handleExpiredSession(result.problem))
      this.state.set({ state: 'error', message: problemText(result.problem) });
  }

  protected formatDate(iso: string): string {
    return formatDateTime(iso, this.session.owner()?.timezone);
  }

  protected ask(): void {
    this.actionError.set(null);
    this.confirming.set(true);
    afterNextRender(() => this.host.querySelector<HTMLElement>('.confirm .cancel')?.focus(), {
      injector: this.injector,
    });
  }

  protected cancel(): void {
    this.confirming.set(false);
    afterNextRender(() => this.host.querySelector<HTMLElement>('.disconnect')?.focus(), {
      injector: this.injector,
    });
  }

  async disconnect(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    const result = await this.api.disconnectSpotify();
    this.busy.set(false);
    this.confirming.set(false);
    if (result.ok) {
      this.outcome.set({ ok: true, message: 'Spotify is disconnected. Its access has been deleted.' });
      await this.load();
      return;
    }
    if (this.session.handleExpiredSession(result.problem)) return;
    this.actionError.set(problemText(result.problem));
  }
}
