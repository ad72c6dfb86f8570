import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { problemText } from '../../core/api-problem';
import { ConnectApi, ConnectInfo } from './connect-api';

export type { ConnectInfo } from './connect-api';

/** What went wrong on Spotify's side, as the connect callback reports it in `?error=`. */
export const CONNECT_ERRORS: Readonly<Record<string, { title: string; text: string }>> = {
  denied: {
    title: 'You didn’t connect Spotify',
    text: 'That’s fine: nothing was connected and nothing was stored. The music is still one tap away.',
  },
  'dev-mode-cap': {
    title: 'Spotify didn’t let this app connect you',
    text:
      'Spotify only lets this app connect a limited number of people while it is in development mode, ' +
      'and that limit has been reached. Nothing was stored, and you can still listen.',
  },
  unavailable: {
    title: 'We couldn’t reach Spotify',
    text: 'Spotify didn’t answer just now. Nothing was stored. Try again in a minute, or go straight to the music.',
  },
  state: {
    title: 'That connection attempt didn’t finish',
    text: 'It took too long or was already used. Nothing was stored. You can start again below.',
  },
  failed: {
    title: 'Connecting Spotify didn’t work',
    text: 'Something went wrong between Spotify and Soundlink. Nothing was stored. You can try again below.',
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type PageState =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly info: ConnectInfo }
  | { readonly state: 'gone'; readonly message: string }
  | { readonly state: 'error'; readonly message: string };

/**
 * `/connect/:slug`: where a tracker link sends a listener. Says in plain words what connecting Spotify
 * means (what is read, for whom, for how long, how to stop) and offers the music either way.
 */
@Component({
  selector: 'sl-connect',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './connect.html',
  styleUrl: './connect.css',
})
export class Connect implements OnInit {
  private readonly api = inject(ConnectApi);

  /** Route parameter and query parameters (router input binding). */
  readonly slug = input.required<string>();
  readonly click = input<string | undefined>();
  readonly error = input<string | undefined>();

  protected readonly page = signal<PageState>({ state: 'loading' });
  protected readonly info = computed(() => {
    const page = this.page();
    return page.state === 'ready' ? page.info : null;
  });
  protected readonly message = computed(() => {
    const page = this.page();
    return page.state === 'gone' || page.state === 'error' ? page.message : '';
  });
  protected readonly problem = computed(() => {
    const error = this.error();
    return error ? (CONNECT_ERRORS[error] ?? CONNECT_ERRORS['failed']) : null;
  });
  /** Where "Connect Spotify" goes: the API starts Spotify's authorization (a full navigation). */
  protected readonly startUrl = computed(() => {
    const query = new URLSearchParams({ slug: this.slug() });
    const click = this.click();
    if (click && UUID.test(click)) query.set('click', click);
    return `/api/v1/listeners/connect/start?${query.toString()}`;
  });

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.page.set({ state: 'loading' });
    const result = await this.api.info(this.slug());
    if (result.ok) {
      this.page.set({ state: 'ready', info: result.data });
    } else if ([400, 404, 410].includes(result.problem.status)) {
      this.page.set({ state: 'gone', message: result.problem.message });
    } else {
      this.page.set({ state: 'error', message: problemText(result.problem) });
    }
  }

  protected destinationLabel(info: ConnectInfo): string {
    return info.campaign.destinationName ?? info.campaign.name;
  }
}
