import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Home } from './home';

function renderHome(): HTMLElement {
  TestBed.configureTestingModule({ imports: [Home], providers: [provideRouter([])] });
  const fixture = TestBed.createComponent(Home);
  fixture.detectChanges();
  return fixture.nativeElement as HTMLElement;
}

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('Home page', () => {
  it('leads with a single headline that says what Soundlink does', () => {
    const page = renderHome();

    const headings = page.querySelectorAll('h1');
    expect(headings).toHaveLength(1);
    expect(text(headings[0])).toBe('Know which campaigns actually get people listening.');
    expect(text(page.querySelector('.hero__lead'))).toContain('Spotify');
  });

  it('explains how it works in four ordered steps, from campaign to confidence score', () => {
    const page = renderHome();

    const steps = Array.from(page.querySelectorAll('#how-it-works ol > li'));
    expect(steps.map((step) => text(step.querySelector('h3')))).toEqual([
      'Create a campaign',
      'Share tracker links',
      'Listeners connect Spotify',
      'Plays are attributed',
    ]);
    expect(text(steps[3])).toContain('confidence score');
  });

  it('names the four audiences it serves', () => {
    const page = renderHome();

    const audiences = Array.from(page.querySelectorAll('#who-its-for li h3')).map(text);
    expect(audiences).toEqual(['Campaign owners', 'Integrators', 'Listeners', 'Visitors']);
  });

  it('only links within the home page for now', () => {
    const page = renderHome();

    const hrefs = Array.from(page.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      expect(href).toMatch(/^\/(#[a-z-]+)?$/);
    }
  });
});
