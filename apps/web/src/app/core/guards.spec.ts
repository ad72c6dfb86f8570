import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { apiError, fakeApi, owner, setCsrfCookie } from '../../testing/fake-api-client';
import { API_CLIENT } from './api-client';
import { redirectIfSignedIn, requireAdmin, requireOwner, safeReturnUrl } from './guards';

@Component({ selector: 'sl-page', template: 'page', changeDetection: ChangeDetectionStrategy.OnPush })
class Page {}

async function navigate(url: string, me: Parameters<typeof fakeApi>[0][string] | null) {
  if (me) setCsrfCookie('token');
  const fake = fakeApi(me ? { 'GET /api/v1/auth/me': me } : {});
  TestBed.configureTestingModule({
    providers: [
      { provide: API_CLIENT, useValue: fake.client },
      provideRouter([
        { path: 'login', canActivate: [redirectIfSignedIn], component: Page },
        { path: 'dashboard', canActivate: [requireOwner], component: Page },
        { path: 'settings', canActivate: [requireOwner], component: Page },
        { path: 'admin', canActivate: [requireAdmin], component: Page },
      ]),
    ],
  });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl(url);
  return TestBed.inject(Router).url;
}

describe('route guards', () => {
  afterEach(() => setCsrfCookie(null));

  it('requireOwner sends a signed-out visitor to /login with the page to come back to', async () => {
    expect(await navigate('/settings?tab=keys', null)).toBe('/login?returnUrl=%2Fsettings%3Ftab%3Dkeys');
  });

  it('requireOwner treats an expired session (401) as signed out', async () => {
    expect(await navigate('/dashboard', apiError(401, 'Unauthenticated', 'Sign in.'))).toBe(
      '/login?returnUrl=%2Fdashboard',
    );
  });

  it('requireOwner lets a signed-in owner through', async () => {
    expect(await navigate('/settings', { status: 200, body: owner() })).toBe('/settings');
  });

  it('requireAdmin sends owners without the admin role to their dashboard', async () => {
    expect(await navigate('/admin', { status: 200, body: owner() })).toBe('/dashboard');
  });

  it('requireAdmin lets admins through and sends signed-out visitors to sign in', async () => {
    expect(await navigate('/admin', { status: 200, body: owner({ role: 'admin' }) })).toBe('/admin');
    TestBed.resetTestingModule();
    setCsrfCookie(null);
    expect(await navigate('/admin', null)).toBe('/login?returnUrl=%2Fadmin');
  });

  it('redirectIfSignedIn skips /login for a signed-in owner, honouring a local returnUrl only', async () => {
    expect(await navigate('/login?returnUrl=%2Fsettings', { status: 200, body: owner() })).toBe('/settings');
    TestBed.resetTestingModule();
    expect(await navigate('/login?returnUrl=%2F%2Fevil.example', { status: 200, body: owner() })).toBe(
      '/dashboard',
    );
  });

  it('only follows local return URLs', () => {
    expect(safeReturnUrl('/settings')).toBe('/settings');
    expect(safeReturnUrl('//evil.example')).toBeNull();
    expect(safeReturnUrl('https://evil.example')).toBeNull();
    expect(safeReturnUrl('/\\evil.example')).toBeNull();
    expect(safeReturnUrl(undefined)).toBeNull();
  });
});
