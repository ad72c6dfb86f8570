import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  apiError,
  deferred,
  FakeAnswer,
  fakeApi,
  FakeApiClient,
  owner,
} from '../../../testing/fake-api-client';
import { button, describedErrors, settle, text, type } from '../../../testing/dom';
import { routes } from '../../app.routes';
import { API_CLIENT } from '../../core/api-client';
import { SessionService } from '../../core/session.service';

async function openLogin(
  login: FakeAnswer | (() => Promise<FakeAnswer>),
  url = '/login',
  demo: FakeAnswer = { status: 200, body: { enabled: false } },
) {
  const fake: FakeApiClient = fakeApi({
    'POST /api/v1/auth/login': typeof login === 'function' ? login : login,
    'GET /api/v1/api-keys': { status: 200, body: [] },
    'GET /api/v1/demo': demo,
  });
  TestBed.configureTestingModule({
    providers: [provideRouter(routes), { provide: API_CLIENT, useValue: fake.client }],
  });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl(url);
  const page = harness.routeNativeElement!;
  document.body.appendChild(harness.fixture.nativeElement);
  return { harness, page, fake };
}

function fillAndSubmit(page: HTMLElement, email = 'maya@label.example', password = 'wrong password') {
  type(page, '#login-email', email);
  type(page, '#login-password', password);
  button(page, 'Sign in').click();
}

describe('Login page', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('offers the demo account in sandbox mode and fills the form with it', async () => {
    const { harness, page } = await openLogin({ status: 500 }, '/login', {
      status: 200,
      body: { enabled: true, email: 'demo@soundlink.demo', password: 'soundlink-demo-2026', campaignId: 'c' },
    });
    await settle(harness.fixture);
    expect(text(page.querySelector('.sl-note'))).toContain('demo@soundlink.demo');
    button(page, 'Use the demo account').click();
    await settle(harness.fixture);
    expect((page.querySelector('#login-email') as HTMLInputElement).value).toBe('demo@soundlink.demo');
    expect((page.querySelector('#login-password') as HTMLInputElement).value).toBe('soundlink-demo-2026');
  });

  it('shows no demo hint when the API runs with real Spotify', async () => {
    const { harness, page } = await openLogin({ status: 500 });
    await settle(harness.fixture);
    expect(page.querySelector('.sl-note')).toBeNull();
  });

  it('has labelled email and password fields', async () => {
    const { page } = await openLogin({ status: 500 });

    expect(page.querySelector('label[for="login-email"]')?.textContent).toContain('Email');
    expect(page.querySelector('label[for="login-password"]')?.textContent).toContain('Password');
    expect(page.querySelector('h1')?.textContent).toContain('Sign in');
  });

  it('shows "The email or password is incorrect." on a 401 and moves focus to the message', async () => {
    const { harness, page } = await openLogin(
      apiError(401, 'InvalidCredentials', 'The email or password is incorrect.'),
    );

    fillAndSubmit(page);
    await settle(harness.fixture);

    const alert = page.querySelector('[aria-live="assertive"] .sl-alert');
    expect(text(alert)).toBe('The email or password is incorrect.');
    expect(document.activeElement).toBe(alert);
    expect(TestBed.inject(Router).url).toBe('/login');
    expect(TestBed.inject(SessionService).signedIn()).toBe(false);
  });

  it('disables the button and says "Signing in…" while waiting', async () => {
    const answer = deferred<FakeAnswer>();
    const { harness, page } = await openLogin(() => answer.promise);

    fillAndSubmit(page);
    await harness.fixture.whenStable();

    const submit = page.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(submit.disabled).toBe(true);
    expect(text(submit)).toBe('Signing in…');

    answer.resolve(apiError(429, 'TooManyAttempts', 'Too many sign-in attempts. Try again in 15 minute(s).'));
    await settle(harness.fixture);
    expect(submit.disabled).toBe(false);
    expect(text(page.querySelector('.sl-alert'))).toContain('Too many sign-in attempts');
  });

  it('says when the API cannot be reached', async () => {
    const { harness, page } = await openLogin({ networkError: new TypeError('Failed to fetch') });

    fillAndSubmit(page);
    await settle(harness.fixture);

    expect(text(page.querySelector('.sl-alert'))).toContain("couldn't reach Soundlink");
  });

  it('asks for missing fields next to them without calling the API', async () => {
    const { harness, page, fake } = await openLogin({ status: 500 });

    button(page, 'Sign in').click();
    await settle(harness.fixture);

    expect(describedErrors(page, '#login-email')).toBe('Enter your email address.');
    expect(describedErrors(page, '#login-password')).toBe('Enter your password.');
    expect(page.querySelector('#login-email')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(page.querySelector('#login-email'));
    expect(fake.calls.filter((c) => c.path !== '/api/v1/demo')).toEqual([]);
  });

  it('goes to the returnUrl after signing in', async () => {
    const { harness, page } = await openLogin(
      { status: 200, body: { owner: owner(), csrfToken: 't' } },
      '/login?returnUrl=%2Fsettings',
    );

    fillAndSubmit(page, 'maya@label.example', 'correct horse battery');
    await settle(harness.fixture);

    expect(TestBed.inject(Router).url).toBe('/settings');
    expect(TestBed.inject(SessionService).owner()?.email).toBe('maya@label.example');
  });
});
