import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { fakeApi, owner, setCsrfCookie } from '../../testing/fake-api-client';
import { button, settle, text } from '../../testing/dom';
import { API_CLIENT } from './api-client';
import { SiteHeader } from './site-header';

async function renderHeader(me: ReturnType<typeof owner> | null) {
  if (me) setCsrfCookie('token');
  const fake = fakeApi({
    'GET /api/v1/auth/me': { status: 200, body: me },
    'POST /api/v1/auth/logout': { status: 204 },
  });
  TestBed.configureTestingModule({
    imports: [SiteHeader],
    providers: [
      provideRouter([{ path: '**', children: [] }]),
      { provide: API_CLIENT, useValue: fake.client },
    ],
  });
  const fixture = TestBed.createComponent(SiteHeader);
  fixture.detectChanges();
  await settle(fixture);
  const nav = fixture.nativeElement.querySelector('nav') as HTMLElement;
  const links = () =>
    Array.from(nav.querySelectorAll('a')).map((a) => `${text(a)} ${a.getAttribute('href')}`);
  return { fixture, nav, links, fake };
}

describe('SiteHeader', () => {
  afterEach(() => setCsrfCookie(null));

  it('offers "Sign in" and "Create account" when signed out', async () => {
    const { links } = await renderHeader(null);

    expect(links()).toEqual(
      expect.arrayContaining(['Trends /trends', 'Sign in /login', 'Create account /register']),
    );
    expect(links().some((link) => link.startsWith('Dashboard'))).toBe(false);
  });

  it('shows Dashboard, Settings, the owner’s name and "Sign out" when signed in', async () => {
    const { links, nav } = await renderHeader(owner({ displayName: 'Maya at Nightjar' }));

    expect(links()).toEqual([
      'Dashboard /dashboard',
      'Campaigns /campaigns',
      'Settings /settings',
      'Trends /trends',
    ]);
    expect(text(nav)).toContain('Maya at Nightjar');
    expect(button(nav, 'Sign out')).toBeTruthy();
  });

  it('adds Admin for admins only', async () => {
    const { links } = await renderHeader(owner({ role: 'admin' }));

    expect(links()).toContain('Admin /admin');
  });

  it('signs out and goes home', async () => {
    const { fixture, nav, links, fake } = await renderHeader(owner());

    button(nav, 'Sign out').click();
    await settle(fixture);

    expect(fake.calls.at(-1)?.path).toBe('/api/v1/auth/logout');
    expect(TestBed.inject(Router).url).toBe('/');
    expect(links()).toContain('Sign in /login');
  });
});
