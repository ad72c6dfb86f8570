import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { button, settle, text } from '../../../testing/dom';
import { apiError, fakeApi, FakeApiClient } from '../../../testing/fake-api-client';
import { emptyTrendsRoutes, trends, trendsRoutes } from '../../../testing/trends';
import { routes } from '../../app.routes';
import { API_CLIENT } from '../../core/api-client';

/** Opens `url` in the real app routes (no one signed in: the page is public). */
async function open(url: string, fakeRoutes: Parameters<typeof fakeApi>[0]) {
  const fake: FakeApiClient = fakeApi({ 'GET /api/v1/auth/me': { status: 401 }, ...fakeRoutes });
  TestBed.configureTestingModule({
    providers: [
      provideRouter(routes, withComponentInputBinding()),
      { provide: API_CLIENT, useValue: fake.client },
    ],
  });
  const harness = await RouterTestingHarness.create();
  document.body.appendChild(harness.fixture.nativeElement);
  await harness.navigateByUrl(url);
  await settle(harness.fixture);
  const page = harness.fixture.nativeElement as HTMLElement;
  return { harness, page, fake };
}

const chart = (page: HTMLElement, key: string) => page.querySelector<HTMLElement>(`[data-chart="${key}"]`)!;
const trendCalls = (fake: FakeApiClient) => fake.calls.filter((c) => c.path.startsWith('/api/v1/trends/'));

describe('Trends page (/trends)', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('shows the six public charts of the window, with k and what each item did', async () => {
    const { page } = await open('/trends', trendsRoutes());

    expect(text(page.querySelector('h1'))).toBe('What Soundlink listeners play');
    expect(text(page.querySelector('[data-testid="privacy"]'))).toBe(
      'Only tracks and artists played by at least 10 different listeners in the window are shown, and every figure is anonymized: counts of many listeners, never one person’s listening.',
    );
    expect(Array.from(page.querySelectorAll('h2')).map(text)).toEqual([
      'Top tracks',
      'Top artists',
      'Rising tracks',
      'Rising artists',
      'New tracks',
      'New artists',
    ]);
    const top = chart(page, 'top-track');
    const [first, second] = Array.from(top.querySelectorAll('li'));
    expect(text(first!.querySelector('.trend__name'))).toBe('Night Drive');
    expect(text(first!.querySelector('.trend__by'))).toBe('The Nightjars');
    expect(text(first!.querySelector('.trend__figures'))).toBe('24 listeners · 130 plays');
    expect(text(first!.querySelector('.trend__move'))).toBe('▲ 2, up 2 from number 3');
    expect(text(second!.querySelector('.trend__move'))).toContain('New');
    expect(text(chart(page, 'rising-artist'))).toContain('Hollow Pines');
    expect(text(chart(page, 'rising-track').querySelector('.trend__move'))).toContain('×2.4');
    expect(text(chart(page, 'new-artist'))).toContain('Glass Owls');
    // 7 whole UTC days up to (not including) 21 Nov.
    expect(text(page.querySelector('.trends__period'))).toBe(
      'Showing Nov 14, 2026 – Nov 20, 2026 (whole days, UTC)',
    );
  });

  it('asks for 7 days by default and keeps the window the reader picks in the URL', async () => {
    const { page, fake, harness } = await open('/trends', trendsRoutes());

    expect(trendCalls(fake).map((c) => c.init.params?.query?.['window'])).toEqual(Array(6).fill('7d'));
    expect(page.querySelector('[aria-current="true"]')?.textContent?.trim()).toBe('7 days');
    const link = Array.from(page.querySelectorAll<HTMLAnchorElement>('.windows a')).find(
      (a) => text(a) === '28 days',
    )!;
    expect(link.getAttribute('href')).toBe('/trends?window=28d');

    fake.calls.splice(0);
    link.click();
    await settle(harness.fixture);

    expect(TestBed.inject(Router).url).toBe('/trends?window=28d');
    expect(trendCalls(fake).map((c) => c.init.params?.query?.['window'])).toEqual(Array(6).fill('28d'));
    expect(trendCalls(fake).map((c) => `${c.path} ${c.init.params?.query?.['type'] ?? ''}`.trim())).toEqual([
      '/api/v1/trends/tracks',
      '/api/v1/trends/artists',
      '/api/v1/trends/rising track',
      '/api/v1/trends/rising artist',
      '/api/v1/trends/new track',
      '/api/v1/trends/new artist',
    ]);
    expect(page.querySelector('[aria-current="true"]')?.textContent?.trim()).toBe('28 days');
  });

  it('opens the window named in the URL, and the whole day for 24 hours', async () => {
    const { page, fake } = await open('/trends?window=24h', trendsRoutes());

    expect(trendCalls(fake).every((c) => c.init.params?.query?.['window'] === '24h')).toBe(true);
    expect(text(page.querySelector('.trends__period'))).toBe('Showing Nov 20, 2026 (whole days, UTC)');
  });

  it('falls back to 7 days for a window it does not know', async () => {
    const { fake } = await open('/trends?window=1y', trendsRoutes());

    expect(trendCalls(fake).every((c) => c.init.params?.query?.['window'] === '7d')).toBe(true);
  });

  it('says there are not enough listeners yet when nothing reaches k', async () => {
    const { page } = await open('/trends', emptyTrendsRoutes());

    expect(page.querySelectorAll('sl-trend-list')).toHaveLength(0);
    expect(text(chart(page, 'top-track').querySelector('.chart__empty'))).toBe(
      'Not enough listeners yet. A track shows here once at least 10 different listeners played it in this window.',
    );
    expect(text(chart(page, 'top-artist'))).toContain('Not enough listeners yet. An artist shows here');
    expect(text(chart(page, 'rising-track'))).toContain('the 7 days before');
  });

  it('shows a failed chart with the reason and fetches it again on request', async () => {
    let fail = true;
    const { page, fake, harness } = await open(
      '/trends',
      trendsRoutes({
        'GET /api/v1/trends/artists': () =>
          fail
            ? apiError(503, 'ServiceUnavailable', 'Down for a moment.')
            : { status: 200, body: trends([], '7d', 'artist') },
      }),
    );

    const artists = chart(page, 'top-artist');
    expect(text(artists.querySelector('[role="alert"]'))).toContain('This chart couldn’t be loaded.');
    expect(text(artists.querySelector('[role="alert"]'))).toContain('Something went wrong on our side');
    // The other charts are unaffected.
    expect(text(chart(page, 'top-track'))).toContain('Night Drive');

    fail = false;
    fake.calls.splice(0);
    button(artists, 'Try again').click();
    await settle(harness.fixture);

    expect(trendCalls(fake).map((c) => c.path)).toEqual(['/api/v1/trends/artists']);
    expect(chart(page, 'top-artist').querySelector('[role="alert"]')).toBeNull();
    expect(text(chart(page, 'top-artist'))).toContain('Not enough listeners yet');
  });
});
