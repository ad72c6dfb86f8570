import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { apiError, FakeAnswer, fakeApi, owner } from '../../../testing/fake-api-client';
import { button, describedErrors, settle, text, type } from '../../../testing/dom';
import { routes } from '../../app.routes';
import { API_CLIENT } from '../../core/api-client';

async function openRegister(answer: FakeAnswer) {
  const fake = fakeApi({
    'POST /api/v1/auth/register': answer,
    // The dashboard it lands on lists the (new) owner's campaigns.
    'GET /api/v1/campaigns': { status: 200, body: { items: [], total: 0, limit: 20, offset: 0 } },
  });
  TestBed.configureTestingModule({
    providers: [provideRouter(routes), { provide: API_CLIENT, useValue: fake.client }],
  });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl('/register');
  document.body.appendChild(harness.fixture.nativeElement);
  return { harness, page: harness.routeNativeElement!, fake };
}

const rules = (page: HTMLElement) =>
  Array.from(page.querySelectorAll('#register-password-rules li')).map(
    (li) =>
      `${li.classList.contains('rule--met') ? '✓' : '✗'} ${text(li.lastElementChild).replace(/ \((met|not met yet)\)$/, '')}`,
  );

describe('Register page', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('shows the password rules and checks them as you type', async () => {
    const { harness, page } = await openRegister({ status: 500 });

    type(page, '#register-email', 'maya@label.example');
    type(page, '#register-password', 'maya-1');
    await harness.fixture.whenStable();

    expect(rules(page)).toEqual([
      '✗ At least 10 characters',
      '✓ At least 4 different characters',
      '✓ Not a common password like “password123”',
      '✗ Does not contain the name part of your email',
    ]);
    expect(page.querySelector('#register-password')?.getAttribute('aria-describedby')).toContain(
      'register-password-rules',
    );

    type(page, '#register-password', 'correct horse battery');
    await harness.fixture.whenStable();
    expect(rules(page).every((rule) => rule.startsWith('✓'))).toBe(true);
  });

  it('validates the email format as you type', async () => {
    const { harness, page } = await openRegister({ status: 500 });

    type(page, '#register-email', 'maya@label');
    await harness.fixture.whenStable();
    expect(describedErrors(page, '#register-email')).toBe('Enter an email address like name@example.com.');

    type(page, '#register-email', 'maya@label.example');
    await harness.fixture.whenStable();
    expect(describedErrors(page, '#register-email')).toBe('');
  });

  it('puts a 409 EmailTaken next to the email field and focuses it', async () => {
    const { harness, page } = await openRegister(
      apiError(409, 'EmailTaken', 'An account with this email already exists.', [
        { field: 'email', reason: 'is already registered' },
      ]),
    );

    type(page, '#register-email', 'maya@label.example');
    type(page, '#register-password', 'correct horse battery');
    button(page, 'Create account').click();
    await settle(harness.fixture);

    expect(describedErrors(page, '#register-email')).toBe('Email is already registered.');
    expect(page.querySelector('#register-email')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(page.querySelector('#register-email'));
    expect(page.querySelector('.sl-alert')).toBeNull();

    // Editing the field clears the server's complaint.
    type(page, '#register-email', 'maya+2@label.example');
    await harness.fixture.whenStable();
    expect(describedErrors(page, '#register-email')).toBe('');
  });

  it('puts a WeakPassword answer next to the password field', async () => {
    const { harness, page } = await openRegister(
      apiError(400, 'WeakPassword', 'password is one of the most common passwords.', [
        { field: 'password', reason: 'is one of the most common passwords' },
      ]),
    );

    type(page, '#register-email', 'maya@label.example');
    type(page, '#register-password', 'a perfectly fine one');
    button(page, 'Create account').click();
    await settle(harness.fixture);

    expect(describedErrors(page, '#register-password')).toBe('Password is one of the most common passwords.');
    expect(describedErrors(page, '#register-email')).toBe('');
  });

  it('does not send a password that breaks the rules', async () => {
    const { harness, page, fake } = await openRegister({ status: 500 });

    type(page, '#register-email', 'maya@label.example');
    type(page, '#register-password', 'password123');
    button(page, 'Create account').click();
    await settle(harness.fixture);

    expect(fake.calls).toEqual([]);
    expect(describedErrors(page, '#register-password')).toBe(
      'Choose a password that meets every rule below.',
    );
    expect(document.activeElement).toBe(page.querySelector('#register-password'));
  });

  it('creates the account with the browser’s time zone and lands on the dashboard', async () => {
    const { harness, page, fake } = await openRegister({
      status: 201,
      body: { owner: owner({ displayName: 'Maya at Nightjar' }), csrfToken: 't' },
    });

    type(page, '#register-name', '  Maya at Nightjar ');
    type(page, '#register-email', 'maya@label.example');
    type(page, '#register-password', 'correct horse battery');
    button(page, 'Create account').click();
    await settle(harness.fixture);

    expect(fake.calls[0].init.body).toEqual(
      expect.objectContaining({
        email: 'maya@label.example',
        password: 'correct horse battery',
        displayName: 'Maya at Nightjar',
      }),
    );
    expect(TestBed.inject(Router).url).toBe('/dashboard');
    expect(text(harness.routeNativeElement?.querySelector('h2'))).toBe('No campaigns yet');
  });
});
