import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, fakeApi, owner, setCsrfCookie } from '../../testing/fake-api-client';
import { API_CLIENT } from './api-client';
import { SessionService } from './session.service';

function setup(routes: Parameters<typeof fakeApi>[0]) {
  const fake = fakeApi(routes);
  TestBed.configureTestingModule({
    providers: [provideRouter([]), { provide: API_CLIENT, useValue: fake.client }],
  });
  return { session: TestBed.inject(SessionService), fake };
}

describe('SessionService', () => {
  afterEach(() => setCsrfCookie(null));

  it('restores the session after a reload by asking GET /auth/me', async () => {
    setCsrfCookie('token');
    const { session, fake } = setup({ 'GET /api/v1/auth/me': { status: 200, body: owner() } });

    expect(session.loaded()).toBe(false);
    await session.whenLoaded();

    expect(fake.requests).toEqual(['/api/v1/auth/me']);
    expect(session.loaded()).toBe(true);
    expect(session.owner()?.email).toBe('maya@label.example');
  });

  it('does not ask (and logs no 401) when there is no session cookie', async () => {
    const { session, fake } = setup({});

    await session.whenLoaded();

    expect(fake.requests).toEqual([]);
    expect(session.loaded()).toBe(true);
    expect(session.signedIn()).toBe(false);
  });

  it('treats a 401 from /auth/me as signed out', async () => {
    setCsrfCookie('stale');
    const { session } = setup({ 'GET /api/v1/auth/me': apiError(401, 'Unauthenticated', 'Sign in.') });

    await session.whenLoaded();

    expect(session.signedIn()).toBe(false);
  });

  it('signs in, updates the profile and signs out', async () => {
    const { session, fake } = setup({
      'POST /api/v1/auth/login': { status: 200, body: { owner: owner(), csrfToken: 't' } },
      'PATCH /api/v1/auth/me': (init) => ({ status: 200, body: owner(init.body as object) }),
      'POST /api/v1/auth/logout': { status: 204 },
    });

    const login = await session.login('maya@label.example', 'correct horse battery');
    expect(login.ok).toBe(true);
    expect(session.owner()?.displayName).toBe('Maya');

    await session.updateProfile({ displayName: 'Maya N.' });
    expect(session.owner()?.displayName).toBe('Maya N.');

    await session.logout();
    expect(session.signedIn()).toBe(false);
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/v1/auth/login',
      'PATCH /api/v1/auth/me',
      'POST /api/v1/auth/logout',
    ]);
  });

  it('stays signed in when sign-out fails on the network', async () => {
    const { session } = setup({
      'POST /api/v1/auth/login': { status: 200, body: { owner: owner(), csrfToken: 't' } },
      'POST /api/v1/auth/logout': { networkError: new TypeError('Failed to fetch') },
    });
    await session.login('maya@label.example', 'correct horse battery');

    const result = await session.logout();

    expect(result.ok).toBe(false);
    expect(session.signedIn()).toBe(true);
  });
});
