import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { settle } from '../../../testing/dom';
import { apiError, fakeApi, FakeApiClient } from '../../../testing/fake-api-client';
import { emptyTrendsRoutes, trendItem, trends } from '../../../testing/trends';
import { API_CLIENT } from '../../core/api-client';
import { Home } from './home';

async function renderHome(fake: FakeApiClient = fakeApi(emptyTrendsRoutes())): Promise<HTMLElement> {
  TestBed.configureTestingModule({
    imports: [Home],
    providers: [provideRouter([]), { provide: API_CLIENT, useValue: fake.client }],
  });
  const fixture = TestBed.createComponent(Home);
  fixture.detectChanges();
  await settle(fixture);
  return fixture.nativeElement as HTMLElement;
}

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('Home page', () => {
  it('leads with a single headline that says what Soundlink does', async () => {
    const page = await renderHome();

    const headings = page.querySelectorAll('h1');
    expect(headings).toHaveLength(1);
    expect(text(headings[0])).toBe('Know which campaigns actually get people listening.');
    expect(text(page.querySelector('.hero__lead'))).toContain('Spotify');
  });

  it('explains how it works in four ordered steps, from campaign to confidence score', async () => {
    const page = await renderHome();

    const steps = Array.from(page.querySelectorAll('#how-it-works ol > li'));
    expect(steps.map((step) => text(step.querySelector('h3')))).toEqual([
      'Create a campaign',
      'Share tracker links',
      'Listeners connect Spotify',
      'Plays are attributed',
    ]);
    expect(text(steps[3])).toContain('confidence score');
  });

  it('names the four audiences it serves', async () => {
    const page = await renderHome();

    const audiences = Array.from(page.querySelectorAll('#who-its-for li h3')).map(text);
    expect(audiences).toEqual(['Campaign owners', 'Integrators', 'Listeners', 'Visitors']);
  });

  it('links within the home page and to the public trends, nowhere else', async () => {
    const page = await renderHome();

    const hrefs = Array.from(page.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(hrefs).toContain('/trends');
    for (const href of hrefs) {
      expect(href).toMatch(/^\/((#[a-z-]+)?|trends(\?window=7d)?)$/);
    }
  });

  it('shows this week’s top 5 tracks as a teaser of the trends', async () => {
    const fake = fakeApi({
      'GET /api/v1/trends/tracks': {
        status: 200,
        body: trends([trendItem(), trendItem({ rank: 2, id: '1aaaaaaaaaaaaaaaaaaaaa', name: 'Slow Tide' })]),
      },
    });
    const page = await renderHome(fake);

    expect(fake.calls.map((c) => [c.path, c.init.params?.query])).toEqual([
      ['/api/v1/trends/tracks', { window: '7d', limit: 5 }],
    ]);
    const teaser = page.querySelector('#trending')!;
    expect(Array.from(teaser.querySelectorAll('.trend__name')).map(text)).toEqual([
      'Night Drive',
      'Slow Tide',
    ]);
    expect(text(teaser)).toContain('Anonymized');
  });

  it('says when not enough listeners played anything yet, and stays calm when trends fail', async () => {
    expect(text((await renderHome()).querySelector('#trending'))).toContain(
      'Not enough listeners yet: a track shows here once at least 10 different listeners played it this week.',
    );
    TestBed.resetTestingModule();
    const failing = fakeApi({ 'GET /api/v1/trends/tracks': apiError(503, 'ServiceUnavailable', 'Down.') });
    expect(text((await renderHome(failing)).querySelector('#trending'))).toContain(
      'This week’s top tracks can’t be shown right now.',
    );
  });
});
