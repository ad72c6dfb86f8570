import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, fakeApi, FakeApiClient } from '../../../testing/fake-api-client';
import { button, settle, text } from '../../../testing/dom';
import { API_CLIENT } from '../../core/api-client';
import { Connect, ConnectInfo } from './connect';

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
    ...overrides,
  };
}

async function render(
  routes: Parameters<typeof fakeApi>[0],
  inputs: { slug?: string; click?: string; error?: string } = {},
) {
  const fake: FakeApiClient = fakeApi(routes);
  TestBed.configureTestingModule({
    imports: [Connect],
    providers: [
      provideRouter([{ path: '**', children: [] }]),
      { provide: API_CLIENT, useValue: fake.client },
    ],
  });
  const fixture = TestBed.createComponent(Connect);
  fixture.componentRef.setInput('slug', inputs.slug ?? 'summer-ig');
  if (inputs.click !== undefined) fixture.componentRef.setInput('click', inputs.click);
  if (inputs.error !== undefined) fixture.componentRef.setInput('error', inputs.error);
  document.body.appendChild(fixture.nativeElement);
  fixture.detectChanges();
  await settle(fixture);
  return { fixture, el: fixture.nativeElement as HTMLElement, fake };
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

  it('says so kindly when the link is unknown, switched off or expired', async () => {
    const { el } = await render({
      'GET /api/v1/connect/{slug}': apiError(410, 'LinkExpired', 'This link has expired.'),
    });
    expect(text(el.querySelector('h1'))).toBe('This link doesn’t lead anywhere now');
    expect(text(el)).toContain('This link has expired.');
    expect(link(el, 'Connect Spotify')).toBeNull();
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
