import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  OnInit,
  signal,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { ApiProblem, problemText } from '../../core/api-problem';
import { ConnectApi, ConnectInfo, OPEN_EXTERNAL_URL } from './connect-api';

export type { ConnectInfo } from './connect-api';

/**
 * What went wrong, as the connect callbacks report it in `?error=`: Spotify's (`denied`, …) and Last.fm's
 * (`lastfm-denied`, …). `others: true` points the listener at Last.fm and ListenBrainz below.
 */
export const CONNECT_ERRORS: Readonly<Record<string, { title: string; text: string; others?: boolean }>> = {
  denied: {
    title: 'You didn’t connect Spotify',
    text: 'That’s fine: nothing was connected and nothing was stored. The music is still one tap away.',
  },
  'dev-mode-cap': {
    title: 'Spotify didn’t let this app connect you',
    text:
      'Spotify only lets this app connect a limited number of people while it is in development mode, ' +
      'and that limit has been reached. Nothing was stored, and you can still listen.',
    others: true,
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
  'lastfm-denied': {
    title: 'You didn’t connect Last.fm',
    text: 'That’s fine: nothing was connected and nothing was stored. The music is still one tap away.',
  },
  'lastfm-unavailable': {
    title: 'We couldn’t reach Last.fm',
    text:
      'Last.fm didn’t answer just now, or this Soundlink isn’t set up for it. Nothing was stored. Try again ' +
      'later, use another way below, or go straight to the music.',
  },
  'lastfm-state': {
    title: 'That Last.fm connection didn’t finish',
    text: 'It took too long or was already used. Nothing was stored. You can start again below.',
  },
  'lastfm-failed': {
    title: 'Connecting Last.fm didn’t work',
    text: 'Last.fm didn’t confirm your account. Nothing was stored. You can try again below.',
  },
};

/** The sentence beside an error that points at the other ways to connect (`others: true`) this deployment offers. */
export function otherSourcesHint(names: readonly string[]): string {
  return names.length > 1
    ? `You can still connect with ${names.join(' or ')} below: they see the same listening without that limit.`
    : `You can still connect with ${names[0]} below: it sees the same listening without that limit.`;
}

/** How people read the sources beside Spotify, in the order the page offers them. */
const OTHER_SOURCE_NAMES: Readonly<Record<'lastfm' | 'listenbrainz', string>> = {
  lastfm: 'Last.fm',
  listenbrainz: 'ListenBrainz',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ListenBrainz form, once revealed. */
type TokenState =
  | { readonly state: 'idle' }
  | { readonly state: 'sending' }
  | { readonly state: 'invalid'; readonly message: string }
  | { readonly state: 'failed'; readonly message: string };

type PageState =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly info: ConnectInfo }
  | { readonly state: 'gone'; readonly message: string }
  | { readonly state: 'error'; readonly message: string };

/**
 * `/connect/:slug`: where a tracker link sends a listener. Says in plain words what connecting Spotify
 * means (what is read, for whom, for how long, how to stop) and offers the music either way. Last.fm and
 * ListenBrainz are the other ways in (Spotify connects only a few people to an app in development mode):
 * Last.fm through its authorization page, ListenBrainz with the user token pasted here.
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
  private readonly router = inject(Router);
  private readonly openExternal = inject(OPEN_EXTERNAL_URL);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

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
    if (!error) return null;
    const fallback = error.startsWith('lastfm-') ? 'lastfm-failed' : 'failed';
    return CONNECT_ERRORS[error] ?? CONNECT_ERRORS[fallback];
  });
  /** The click id of the URL, when it is one (anything else is left out of the requests). */
  private readonly clickId = computed(() => {
    const click = this.click();
    return click && UUID.test(click) ? click : undefined;
  });
  /** Where "Connect Spotify" goes: the API starts Spotify's authorization (a full navigation). */
  protected readonly startUrl = computed(() => this.apiStart('/api/v1/listeners/connect/start'));
  /** Where "Use Last.fm instead" goes: the API starts Last.fm's web authentication. */
  protected readonly lastfmUrl = computed(() => this.apiStart('/api/v1/listeners/connect/lastfm/start'));

  /** The sources beside Spotify this deployment offers (Last.fm only with an API key or its sandbox). */
  protected readonly offersLastfm = computed(() => this.info()?.sources.includes('lastfm') ?? false);
  protected readonly offersListenBrainz = computed(
    () => this.info()?.sources.includes('listenbrainz') ?? false,
  );
  /** Their names: "Last.fm or ListenBrainz", "ListenBrainz" … */
  protected readonly otherNames = computed(() =>
    (['lastfm', 'listenbrainz'] as const)
      .filter((kind) => this.info()?.sources.includes(kind))
      .map((kind) => OTHER_SOURCE_NAMES[kind]),
  );
  /** The others card's first sentence and the facts' aside, worded for one source or two. */
  protected readonly othersLead = computed(() => {
    const names = this.otherNames();
    return names.length > 1
      ? `${names.join(' and ')} keep the listening you send them from Spotify or any other player. Connecting one of them works just as well.`
      : `${names[0]} keeps the listening you send it from Spotify or any other player. Connecting it works just as well.`;
  });
  protected readonly othersRead = computed(() => {
    const names = this.otherNames();
    if (!names.length) return '';
    return ` (or what ${names.join(' or ')} shares, if you connect ${names.length > 1 ? 'one of them' : 'it'} instead)`;
  });
  protected readonly otherSourcesHint = computed(() =>
    this.otherNames().length ? otherSourcesHint(this.otherNames()) : '',
  );

  /** ListenBrainz: the form is shown once asked for; the token as typed; how the last attempt went. */
  protected readonly listenBrainzOpen = signal(false);
  protected readonly token = signal('');
  protected readonly tokenState = signal<TokenState>({ state: 'idle' });
  protected readonly tokenError = computed(() => {
    const state = this.tokenState();
    return state.state === 'invalid' ? state.message : '';
  });
  protected readonly connectError = computed(() => {
    const state = this.tokenState();
    return state.state === 'failed' ? state.message : '';
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

  /** Shows the ListenBrainz form (and moves to its field), or hides it again. */
  protected toggleListenBrainz(): void {
    const open = !this.listenBrainzOpen();
    this.listenBrainzOpen.set(open);
    if (!open) return;
    afterNextRender(() => this.host.querySelector<HTMLElement>('#listenbrainz-token')?.focus(), {
      injector: this.injector,
    });
  }

  protected onTokenInput(event: Event): void {
    this.token.set((event.target as HTMLInputElement).value);
    if (this.tokenState().state === 'invalid') this.tokenState.set({ state: 'idle' });
  }

  /** Sends the token; on success goes on to the campaign's music (or the listener page without one). */
  async connectListenBrainz(event?: Event): Promise<void> {
    event?.preventDefault();
    if (this.tokenState().state === 'sending') return;
    const token = this.token().trim();
    if (!token) return this.invalidToken('Enter your ListenBrainz user token.');
    this.tokenState.set({ state: 'sending' });
    const result = await this.api.connectListenBrainz(token, this.slug(), this.clickId());
    if (result.ok) {
      const destination = result.data.destinationUrl;
      if (destination && /^https?:\/\//i.test(destination)) this.openExternal(destination);
      else await this.router.navigateByUrl('/me');
      return;
    }
    const reason = result.problem.details.find((d) => d.field === 'token')?.reason;
    if (reason) return this.invalidToken(tokenReasonText(reason));
    this.tokenState.set({ state: 'failed', message: listenBrainzProblemText(result.problem) });
  }

  private invalidToken(message: string): void {
    this.tokenState.set({ state: 'invalid', message });
    afterNextRender(() => this.host.querySelector<HTMLElement>('#listenbrainz-token')?.focus(), {
      injector: this.injector,
    });
  }

  private apiStart(path: string): string {
    const query = new URLSearchParams({ slug: this.slug() });
    const click = this.clickId();
    if (click) query.set('click', click);
    return `${path}?${query.toString()}`;
  }
}

/** The API's reason for the token, as a sentence: its own sentences as they are, a bare reason completed. */
function tokenReasonText(reason: string): string {
  const sentence = /^[A-Z]/.test(reason) ? reason : `The token ${reason}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

function listenBrainzProblemText(problem: ApiProblem): string {
  if (problem.code === 'SourceUnavailable') {
    return 'ListenBrainz didn’t answer just now. Nothing was stored. Try again in a minute.';
  }
  return problemText(problem);
}
