import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { apiError, fakeApi, FakeApiClient } from '../../../testing/fake-api-client';
import { button, describedErrors, settle, text, type } from '../../../testing/dom';
import { API_CLIENT } from '../../core/api-client';
import { Connect, ConnectInfo } from './connect';
import { OPEN_EXTERNAL_URL } from './connect-api';

const CLICK = '0190a0b0-1111-7000-8000-00000000c11c';

function info(overrides: Partial<ConnectInfo> = {}): ConnectInfo {
  return {
    slug: 'summer-ig',
    campaign: {
      name: 'Summer Singles',
      destinationType: 'playlist',
      destinationName: 'Nightjar Demo Campaign: Summer Singles',
      imageUrl: 'https://i.scdn.co/image/ab67616d0000b273',
    },
    owner: { displayName: 'Nightjar Records' },
    destinationUrl: 'https://open.spotify.com/playlist/a5l66H8TsmXzVdKe4CdWK2',
    reads: 'recently played tracks',
    retentionNote: 'Soundlink keeps the plays it reads until you disconnect or erase your data.',
    sources: ['spotify', 'lastfm', 'listenbrainz'],
    ...overrides,
  };
}

async function render(
  routes: Parameters<typeof fakeApi>[0],
  inputs: { slug?: string; click?: string; error?: string } = {},
) {
  const fake: FakeApiClient = fakeApi(routes);
  const opened: string[] = [];
  TestBed.configureTestingModule({
    imports: [Connect],
    providers: [
      provideRouter([{ path: '**', children: [] }]),
      { provide: API_CLIENT, useValue: fake.client },
      { provide: OPEN_EXTERNAL_URL, useValue: (url: string) => opened.push(url) },
    ],
  });
  const fixture = TestBed.createComponent(Connect);
  fixture.componentRef.setInput('slug', inputs.slug ?? 'summer-ig');
  if (inputs.click !== undefined) fixture.componentRef.setInput('click', inputs.click);
  if (inputs.error !== undefined) fixture.componentRef.setInput('error', inputs.error);
  document.body.appendChild(fixture.nativeElement);
  fixture.detectChanges();
  await settle(fixture);
  return { fixture, el: fixture.nativeElement as HTMLElement, fake, opened };
}

const CONNECTED = {
  source: {
    kind: 'listenbrainz',
    accountName: 'ada_listens',
    status: 'active',
    connectedAt: '2026-11-20T10:00:00.000Z',
    lastPolledAt: null,
  },
  destinationUrl: 'https://open.spotify.com/playlist/a5l66H8TsmXzVdKe4CdWK2',
};

/** Reveals the ListenBrainz form, types the token and sends it. */
async function sendToken(el: HTMLElement, fixture: Parameters<typeof settle>[0], token: string) {
  if (!el.querySelector('#listenbrainz-token')) {
    button(el, 'Use ListenBrainz instead').click();
    await settle(fixture);
  }
  type(el, '#listenbrainz-token', token);
  button(el, 'Connect ListenBrainz').click();
  await settle(fixture);
}

const link = (el: HTMLElement, name: string) =>
  Array.from(el.querySelectorAll('a')).find((a) => text(a) === name) ?? null;

describe('Connect page', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('shows the campaign and says what is read, for whom, for how long and how to stop', async () => {
    const { el, fake } = await render(
      { 'GET /api/v1/connect/{slug}': { status: 200, body: info() } },
      { click: CLICK },
    );

    expect(fake.calls[0]!.init).toEqual({ params: { path: { slug: 'summer-ig' } } });
    expect(text(el.querySelector('h1'))).toBe('Nightjar Demo Campaign: Summer Singles');
    expect(text(el.querySelector('.sl-eyebrow'))).toBe('Summer Singles');
    const art = el.querySelector('img')!;
    expect(art.getAttribute('src')).toBe('https://i.scdn.co/image/ab67616d0000b273');
    expect(art.getAttribute('alt')).toBe('Cover art of Nightjar Demo Campaign: Summer Singles');

    const facts = Object.fromEntries(
      Array.from(el.querySelectorAll('dl > div')).map((row) => [
        text(row.querySelector('dt')),
        text(row.querySelector('dd')),
      ]),
    );
    expect(facts['What Soundlink reads']).toContain('recently played tracks');
    expect(facts['For whom']).toContain('Nightjar Records');
    expect(facts['For how long']).toContain('Until you disconnect');
    expect(facts['How to stop']).toContain('Disconnect any time');
    expect(link(el, 'your listener page')?.getAttribute('href')).toBe('/me');
    expect(el.querySelector('[role="alert"]')).toBeNull();
  });

  it('offers Connect Spotify (keeping the click) as the primary action and the music without connecting', async () => {
    const { el } = await render(
      { 'GET /api/v1/connect/{slug}': { status: 200, body: info() } },
      { click: CLICK },
    );

    const connect = link(el, 'Connect Spotify')!;
    expect(connect.classList).toContain('sl-button');
    expect(connect.getAttribute('href')).toBe(
      `/api/v1/listeners/connect/start?slug=summer-ig&click=${CLICK}`,
    );
    expect(link(el, 'No thanks, take me to the music')?.getAttribute('href')).toBe(
      'https://open.spotify.com/playlist/a5l66H8TsmXzVdKe4CdWK2',
    );
  });

  it('leaves out a click id that is not one', async () => {
    const { el } = await render(
      {
        'GET /api/v1/connect/{slug}': {
          status: 200,
          body: info({ campaign: { ...info().campaign, imageUrl: null } }),
        },
      },
      { click: '"><script>' },
    );
    expect(link(el, 'Connect Spotify')?.getAttribute('href')).toBe(
      '/api/v1/listeners/connect/start?slug=summer-ig',
    );
    expect(el.querySelector('img')).toBeNull();
  });

  it.each([
    ['denied', 'You didn’t connect Spotify', 'nothing was stored'],
    [
      'dev-mode-cap',
      'Spotify didn’t let this app connect you',
      'limited number of people while it is in development mode',
    ],
    ['unavailable', 'We couldn’t reach Spotify', 'Try again in a minute'],
    ['state', 'That connection attempt didn’t finish', 'start again'],
    ['something-new', 'Connecting Spotify didn’t work', 'try again'],
  ])('explains ?error=%s and still offers the music', async (error, title, detail) => {
    const { el } = await render({ 'GET /api/v1/connect/{slug}': { status: 200, body: info() } }, { error });

    const alert = text(el.querySelector('[role="alert"]'));
    expect(alert).toContain(title);
    expect(alert).toContain(detail);
    expect(link(el, 'No thanks, take me to the music')).not.toBeNull();
    expect(link(el, 'Connect Spotify')).not.toBeNull();
  });

  it('offers Last.fm and ListenBrainz after Spotify, each saying what it shares', async () => {
    const { el } = await render(
      { 'GET /api/v1/connect/{slug}': { status: 200, body: info() } },
      { click: CLICK },
    );

    const links = Array.from(el.querySelectorAll('a.sl-button, button.sl-button')).map(text);
    expect(links.slice(0, 3)).toEqual(['Connect Spotify', 'Use Last.fm instead', 'Use ListenBrainz instead']);
    expect(link(el, 'Use Last.fm instead')?.getAttribute('href')).toBe(
      `/api/v1/listeners/connect/lastfm/start?slug=summer-ig&click=${CLICK}`,
    );
    const others = Array.from(el.querySelectorAll('.connect__other')).map(text);
    expect(others[0]).toContain('Last.fm shares the tracks you scrobble');
    expect(others[1]).toContain('ListenBrainz shares the listens on your profile');
    // The token form stays out of the way until asked for.
    expect(el.querySelector('#listenbrainz-token')).toBeNull();
    expect(button(el, 'Use ListenBrainz instead').getAttribute('aria-expanded')).toBe('false');
  });

  it('connects ListenBrainz with the token, the slug, the click and the anti-CSRF header, then plays the music', async () => {
    const { el, fixture, fake, opened } = await render(
      {
        'GET /api/v1/connect/{slug}': { status: 200, body: info() },
        'POST /api/v1/listeners/connect/listenbrainz': { status: 200, body: CONNECTED },
      },
      { click: CLICK },
    );

    button(el, 'Use ListenBrainz instead').click();
    await settle(fixture);
    expect(button(el, 'Use ListenBrainz instead').getAttribute('aria-expanded')).toBe('true');
    const field = el.querySelector<HTMLInputElement>('#listenbrainz-token')!;
    expect(text(el.querySelector('label[for="listenbrainz-token"]'))).toBe('ListenBrainz user token');
    expect(document.activeElement).toBe(field);

    await sendToken(el, fixture, '  3b2a0c4e-8f1d-4c7e-9a6b-2d5e7f9a1c3b ');

    const sent = fake.calls.find((c) => c.path === '/api/v1/listeners/connect/listenbrainz')!;
    expect(sent.method).toBe('POST');
    expect(sent.init).toEqual({
      params: { header: { 'X-Requested-With': 'soundlink' } },
      body: { token: '3b2a0c4e-8f1d-4c7e-9a6b-2d5e7f9a1c3b', slug: 'summer-ig', click: CLICK },
    });
    expect(opened).toEqual(['https://open.spotify.com/playlist/a5l66H8TsmXzVdKe4CdWK2']);
  });

  it('goes to the listener page when the answer names no destination', async () => {
    const { el, fixture, opened } = await render({
      'GET /api/v1/connect/{slug}': { status: 200, body: info() },
      'POST /api/v1/listeners/connect/listenbrainz': {
        status: 200,
        body: { ...CONNECTED, destinationUrl: null },
      },
    });
    await sendToken(el, fixture, 'a-token');
    expect(opened).toEqual([]);
    expect(TestBed.inject(Router).url).toBe('/me');
  });

  it('shows the reason beside the field when ListenBrainz refuses the token, and sends nothing empty', async () => {
    const { el, fixture, fake, opened } = await render({
      'GET /api/v1/connect/{slug}': { status: 200, body: info() },
      'POST /api/v1/listeners/connect/listenbrainz': apiError(
        422,
        'SourceTokenInvalid',
        'The token was refused.',
        [{ field: 'token', reason: 'ListenBrainz says this user token is not valid.' }],
      ),
    });

    await sendToken(el, fixture, '   ');
    expect(describedErrors(el, '#listenbrainz-token')).toBe('Enter your ListenBrainz user token.');
    expect(fake.calls.some((c) => c.method === 'POST')).toBe(false);

    await sendToken(el, fixture, 'not-a-token');
    const field = el.querySelector('#listenbrainz-token')!;
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(describedErrors(el, '#listenbrainz-token')).toBe(
      'ListenBrainz says this user token is not valid.',
    );
    expect(document.activeElement).toBe(field);
    expect(opened).toEqual([]);

    // Typing again clears the complaint.
    type(el, '#listenbrainz-token', 'another-token');
    fixture.detectChanges();
    expect(field.getAttribute('aria-invalid')).toBeNull();
  });

  it('completes a bare validation reason into a sentence', async () => {
    const { el, fixture } = await render({
      'GET /api/v1/connect/{slug}': { status: 200, body: info() },
      'POST /api/v1/listeners/connect/listenbrainz': apiError(400, 'ValidationFailed', 'Invalid input.', [
        { field: 'token', reason: 'must be shorter than or equal to 200 characters' },
      ]),
    });
    await sendToken(el, fixture, 'x'.repeat(201));
    expect(describedErrors(el, '#listenbrainz-token')).toBe(
      'The token must be shorter than or equal to 200 characters.',
    );
  });

  it('says when ListenBrainz cannot be reached, and keeps the form', async () => {
    const { el, fixture } = await render({
      'GET /api/v1/connect/{slug}': { status: 200, body: info() },
      'POST /api/v1/listeners/connect/listenbrainz': apiError(
        503,
        'SourceUnavailable',
        'ListenBrainz cannot be reached right now; try again in a moment.',
      ),
    });
    await sendToken(el, fixture, 'a-token');
    expect(text(el.querySelector('.connect__token [role="alert"]'))).toContain('ListenBrainz didn’t answer');
    expect(button(el, 'Connect ListenBrainz').disabled).toBe(false);
  });

  it.each([
    ['lastfm-denied', 'You didn’t connect Last.fm'],
    ['lastfm-failed', 'Connecting Last.fm didn’t work'],
    ['lastfm-unavailable', 'We couldn’t reach Last.fm'],
    ['lastfm-state', 'That Last.fm connection didn’t finish'],
    ['lastfm-something-new', 'Connecting Last.fm didn’t work'],
  ])('explains ?error=%s from Last.fm in the problem banner', async (error, title) => {
    const { el } = await render({ 'GET /api/v1/connect/{slug}': { status: 200, body: info() } }, { error });
    const alert = text(el.querySelector('[role="alert"]'));
    expect(alert).toContain(title);
    expect(alert).toMatch(/nothing was stored/i);
    expect(link(el, 'Use Last.fm instead')).not.toBeNull();
  });

  it('points a listener refused by Spotify’s five-user cap at Last.fm and ListenBrainz on the same page', async () => {
    const { el } = await render(
      { 'GET /api/v1/connect/{slug}': { status: 200, body: info() } },
      { error: 'dev-mode-cap', click: CLICK },
    );
    const alert = text(el.querySelector('[role="alert"]'));
    expect(alert).toContain('You can still connect with Last.fm or ListenBrainz below');
    expect(link(el, 'Use Last.fm instead')).not.toBeNull();
    expect(button(el, 'Use ListenBrainz instead')).toBeTruthy();
  });

  it('offers only the sources this deployment has: no Last.fm without an API key', async () => {
    const { el } = await render(
      { 'GET /api/v1/connect/{slug}': { status: 200, body: info({ sources: ['spotify', 'listenbrainz'] }) } },
      { error: 'dev-mode-cap', click: CLICK },
    );
    expect(text(el.querySelector('[role="alert"]'))).toContain(
      'You can still connect with ListenBrainz below: it sees the same listening without that limit.',
    );
    expect(link(el, 'Use Last.fm instead')).toBeNull();
    expect(text(el)).not.toContain('Last.fm');
    expect(button(el, 'Use ListenBrainz instead')).toBeTruthy();
    expect(text(el.querySelector('.connect__others'))).toContain(
      'ListenBrainz keeps the listening you send it',
    );
  });

  it('shows no other way in when the deployment offers Spotify alone', async () => {
    const { el } = await render(
      { 'GET /api/v1/connect/{slug}': { status: 200, body: info({ sources: ['spotify'] }) } },
      { error: 'dev-mode-cap' },
    );
    expect(el.querySelector('.connect__others')).toBeNull();
    expect(text(el)).not.toMatch(/Last\.fm|ListenBrainz/);
    expect(link(el, 'Connect Spotify')).not.toBeNull();
  });

  it('says so kindly when the link is unknown, switched off or expired', async () => {
    const { el } = await render({
      'GET /api/v1/connect/{slug}': apiError(410, 'LinkExpired', 'This link has expired.'),
    });
    expect(text(el.querySelector('h1'))).toBe('This link doesn’t lead anywhere now');
    expect(text(el)).toContain('This link has expired.');
    expect(link(el, 'Connect Spotify')).toBeNull();
    expect(link(el, 'Use Last.fm instead')).toBeNull();
  });

  it('offers a retry when Soundlink cannot be reached', async () => {
    let calls = 0;
    const { el, fixture } = await render({
      'GET /api/v1/connect/{slug}': () =>
        ++calls === 1 ? { networkError: new TypeError('offline') } : { status: 200, body: info() },
    });
    expect(text(el.querySelector('[role="alert"]'))).toContain("couldn't reach Soundlink");
    button(el, 'Try again').click();
    await settle(fixture);
    expect(link(el, 'Connect Spotify')).not.toBeNull();
  });
});
