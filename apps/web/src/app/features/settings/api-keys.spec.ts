import { renderSignedIn } from '../../../testing/signed-in';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { apiError, fakeApi, owner, signInRoute } from '../../../testing/fake-api-client';
import { button, settle, text, type } from '../../../testing/dom';
import { SessionService } from '../../core/session.service';
import { ApiKey, ApiKeys } from './api-keys';

const SECRET = 'slk_a1B2c3D4_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

function key(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: '0190a0b0-0000-7000-8000-0000000000aa',
    name: 'Reporting warehouse',
    prefix: 'slk_zZ9yY8xX',
    scopes: ['campaigns:read', 'analytics:read'],
    createdAt: '2026-11-02T09:30:00.000Z',
    lastUsedAt: null,
    ...overrides,
  };
}

async function render(routes: Parameters<typeof fakeApi>[0]) {
  return renderSignedIn(ApiKeys, fakeApi({ ...signInRoute(owner()), ...routes }));
}

const rows = (el: HTMLElement) => Array.from(el.querySelectorAll('tbody tr')).map((row) => text(row));

describe('API keys in Settings', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('lists keys with name, prefix, permissions, created and last used', async () => {
    const { el } = await render({
      'GET /api/v1/api-keys': {
        status: 200,
        body: [key(), key({ id: 'k2', name: 'CI', lastUsedAt: '2026-11-03T12:00:00.000Z' })],
      },
    });

    const [first, second] = rows(el);
    expect(first).toContain('Reporting warehouse');
    expect(first).toContain('slk_zZ9yY8xX_…');
    expect(first).toContain('Read campaigns');
    expect(first).toContain('Read analytics');
    expect(first).toContain('Never');
    expect(second).toContain('CI');
    expect(second).not.toContain('Never');
  });

  it('says so when there are no keys yet, and offers a retry when loading fails', async () => {
    const empty = await render({ 'GET /api/v1/api-keys': { status: 200, body: [] } });
    expect(text(empty.el.querySelector('.empty'))).toContain('No API keys yet');

    TestBed.resetTestingModule();
    document.body.innerHTML = '';
    const failing = await render({ 'GET /api/v1/api-keys': { networkError: new TypeError('offline') } });
    expect(text(failing.el.querySelector('[role="alert"]'))).toContain("couldn't be loaded");
    expect(button(failing.el, 'Try again')).toBeTruthy();
  });

  it('shows the secret once, with a warning and a Copy button, and forgets it after dismissal', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { fixture, el, fake } = await render({
      'GET /api/v1/api-keys': { status: 200, body: [] },
      'POST /api/v1/api-keys': (init) => ({
        status: 201,
        body: { ...key({ name: (init.body as { name: string }).name }), secret: SECRET },
      }),
    });

    type(el, '#key-name', 'Reporting warehouse');
    button(el, 'Create key').click();
    await settle(fixture);

    expect(fake.calls.at(-1)?.init.body).toEqual({
      name: 'Reporting warehouse',
      scopes: ['campaigns:read', 'analytics:read'],
    });
    const panel = el.querySelector('.secret-panel')!;
    expect(text(panel)).toContain("You won't see it again.");
    expect(el.querySelector<HTMLInputElement>('#new-key-secret')?.value).toBe(SECRET);
    expect(document.activeElement).toBe(el.querySelector('#new-key-title'));
    expect(rows(el)[0]).toContain('slk_zZ9yY8xX_…');
    expect(rows(el)[0]).not.toContain(SECRET);

    button(panel, 'Copy').click();
    await settle(fixture);
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(text(panel)).toContain('The key is on your clipboard.');

    button(panel, "Done, I've stored it").click();
    await settle(fixture);
    expect(el.querySelector('.secret-panel')).toBeNull();
    expect(el.innerHTML).not.toContain(SECRET);
    expect(rows(el)).toHaveLength(1);
  });

  it('offers the webhooks permissions, unchecked until asked for', async () => {
    const { fixture, el, fake } = await render({
      'GET /api/v1/api-keys': { status: 200, body: [] },
      'POST /api/v1/api-keys': (init) => ({
        status: 201,
        body: { ...key(init.body as Partial<ApiKey>), secret: SECRET },
      }),
    });
    const box = (scope: string) =>
      Array.from(el.querySelectorAll('#key-scopes label'))
        .find((label) => text(label.querySelector('code')) === scope)
        ?.querySelector('input') as HTMLInputElement;
    expect(text(el.querySelector('#key-scopes'))).toContain('Manage webhooks');
    expect(box('webhooks:read').checked).toBe(false);
    expect(box('webhooks:write').checked).toBe(false);

    type(el, '#key-name', 'CRM');
    box('webhooks:read').click();
    box('webhooks:write').click();
    button(el, 'Create key').click();
    await settle(fixture);

    expect(fake.calls.at(-1)?.init.body).toEqual({
      name: 'CRM',
      scopes: ['campaigns:read', 'analytics:read', 'webhooks:read', 'webhooks:write'],
    });
    expect(rows(el)[0]).toContain('Manage webhooks');
  });

  it('asks for a name and at least one permission before creating', async () => {
    const { fixture, el, fake } = await render({ 'GET /api/v1/api-keys': { status: 200, body: [] } });

    for (const box of Array.from(el.querySelectorAll<HTMLInputElement>('#key-scopes input:checked')))
      box.click();
    button(el, 'Create key').click();
    await settle(fixture);

    expect(text(el.querySelector('#key-name-error'))).toContain('Give the key a name');
    expect(text(el.querySelector('#key-scopes-error'))).toBe('Choose at least one permission.');
    expect(fake.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('revokes a key only after confirmation', async () => {
    const { fixture, el, fake } = await render({
      'GET /api/v1/api-keys': { status: 200, body: [key()] },
      'DELETE /api/v1/api-keys/{id}': { status: 204 },
    });

    button(el, /^Revoke/).click();
    await settle(fixture);
    expect(text(el.querySelector('.confirm'))).toContain('Tools using it stop working at once.');
    expect(document.activeElement).toBe(el.querySelector('.confirm .cancel'));

    button(el, 'Cancel').click();
    await settle(fixture);
    expect(el.querySelector('.confirm')).toBeNull();
    expect(fake.calls.filter((c) => c.method === 'DELETE')).toEqual([]);

    button(el, /^Revoke/).click();
    await settle(fixture);
    button(el, 'Revoke key').click();
    await settle(fixture);

    expect(fake.calls.at(-1)).toEqual({
      method: 'DELETE',
      path: '/api/v1/api-keys/{id}',
      init: { params: { path: { id: key().id } } },
    });
    expect(text(el.querySelector('.empty'))).toContain('No API keys yet');
    expect(text(el.querySelector('[aria-live="polite"]'))).toContain('revoked');
  });

  it('sends an expired session to sign in again', async () => {
    const { fixture } = await render({
      'GET /api/v1/api-keys': apiError(401, 'Unauthenticated', 'Sign in.'),
    });
    await settle(fixture);

    expect(TestBed.inject(SessionService).signedIn()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2F');
  });
});
