import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router } from '@angular/router';
import { fakeApiClient, healthReport } from '../testing/fake-api-client';
import { trends } from '../testing/trends';
import { App } from './app';
import { routes } from './app.routes';
import { API_CLIENT } from './core/api-client';

async function renderShell() {
  const fake = fakeApiClient((path) =>
    path.startsWith('/api/v1/trends/')
      ? { status: 200, body: trends([]) }
      : { status: 200, body: healthReport() },
  );
  TestBed.configureTestingModule({
    imports: [App],
    providers: [provideRouter(routes), { provide: API_CLIENT, useValue: fake.client }],
  });
  const fixture = TestBed.createComponent(App);
  await TestBed.inject(Router).navigateByUrl('/');
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('App shell', () => {
  it('has banner, navigation, main and contentinfo landmarks', async () => {
    const shell = await renderShell();

    expect(shell.querySelector('header')).not.toBeNull();
    expect(shell.querySelector('nav')?.getAttribute('aria-label')).toBe('Primary');
    expect(shell.querySelector('main')).not.toBeNull();
    expect(shell.querySelector('footer')).not.toBeNull();
  });

  it('shows the Soundlink wordmark as a link home', async () => {
    const shell = await renderShell();

    const wordmark = shell.querySelector('header a.wordmark');
    expect(wordmark?.textContent).toContain('Soundlink');
    expect(wordmark?.getAttribute('href')).toBe('/');
  });

  it('offers a skip link that moves focus to the main content', async () => {
    const shell = await renderShell();
    document.body.appendChild(shell);

    const skip = shell.querySelector('a.skip-link') as HTMLAnchorElement;
    expect(skip.textContent).toContain('Skip to main content');
    expect(shell.firstElementChild).toBe(skip);
    skip.click();

    expect(document.activeElement).toBe(shell.querySelector('main'));
    shell.remove();
  });

  it('renders the home page in the main region with its title', async () => {
    const shell = await renderShell();

    expect(shell.querySelector('main h1')?.textContent).toContain('get people listening');
    expect(TestBed.inject(Title).getTitle()).toBe('Soundlink — campaign attribution for Spotify');
    expect(shell.querySelector('footer')?.textContent).toContain('API v1.4.2 · database up');
  });
});
