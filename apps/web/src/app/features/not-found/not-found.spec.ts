import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { routes } from '../../app.routes';
import { NotFound } from './not-found';

describe('Not-found page', () => {
  it('apologises and links back home', () => {
    TestBed.configureTestingModule({ imports: [NotFound], providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(NotFound);
    fixture.detectChanges();
    const page = fixture.nativeElement as HTMLElement;

    expect(page.querySelector('h1')?.textContent).toContain('This page skipped a beat.');
    const homeLink = Array.from(page.querySelectorAll('a')).find((a) =>
      a.textContent?.includes('Back to the Soundlink home page'),
    );
    expect(homeLink?.getAttribute('href')).toBe('/');
  });

  it('is what an unknown URL shows, with a "Page not found" title', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter(routes)] });
    const harness = await RouterTestingHarness.create();

    await harness.navigateByUrl('/no/such/page');

    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toContain('skipped a beat');
    expect(TestBed.inject(Title).getTitle()).toBe('Page not found · Soundlink');
    expect(TestBed.inject(Router).url).toBe('/no/such/page');
  });
});
