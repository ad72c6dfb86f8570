import { TestBed } from '@angular/core/testing';
import { FakeAnswer, fakeApiClient, healthReport } from '../../testing/fake-api-client';
import { API_CLIENT } from './api-client';
import { SiteFooter } from './site-footer';

async function renderFooter(answer: (path: string) => FakeAnswer) {
  const fake = fakeApiClient(answer);
  TestBed.configureTestingModule({
    imports: [SiteFooter],
    providers: [{ provide: API_CLIENT, useValue: fake.client }],
  });
  const fixture = TestBed.createComponent(SiteFooter);
  fixture.detectChanges();
  await fixture.whenStable();
  const status = fixture.nativeElement.querySelector('[role="status"]') as HTMLElement;
  return { fixture, status, requests: fake.requests };
}

describe('SiteFooter API status line', () => {
  it('shows the API version and database state when /health answers', async () => {
    const { status, requests } = await renderFooter(() => ({ status: 200, body: healthReport() }));

    expect(requests).toEqual(['/health']);
    expect(status.textContent).toContain('API v1.4.2 · database up');
    expect(status.textContent).not.toContain('unreachable');
    expect(status.textContent).not.toContain('sandbox');
  });

  it('tells the visitor when the API runs against the Spotify sandbox', async () => {
    const { status } = await renderFooter(() => ({
      status: 200,
      body: healthReport({ version: '0.9.0', spotify: { mode: 'sandbox' } }),
    }));

    expect(status.textContent).toContain('API v0.9.0 · database up');
    expect(status.textContent).toContain('Spotify sandbox mode (demo)');
  });

  it('reports a degraded API (503) with its database down rather than as unreachable', async () => {
    const { status } = await renderFooter(() => ({
      status: 503,
      body: healthReport({ status: 'degraded', database: { status: 'down' } }),
    }));

    expect(status.textContent).toContain('API v1.4.2 · database down');
  });

  it('shows "API unreachable" when the request fails', async () => {
    const { status } = await renderFooter(() => ({ networkError: new TypeError('Failed to fetch') }));

    expect(status.textContent).toContain('API unreachable');
    expect(status.textContent).not.toContain('API v');
  });

  it('shows "API unreachable" when something else answers (e.g. a proxy error page)', async () => {
    const { status } = await renderFooter(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));

    expect(status.textContent).toContain('API unreachable');
  });
});
