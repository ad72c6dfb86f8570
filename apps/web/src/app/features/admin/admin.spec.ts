import { renderSignedIn } from '../../../testing/signed-in';
import { fakeApi, owner, signInRoute } from '../../../testing/fake-api-client';
import { button, settle, text } from '../../../testing/dom';
import { Admin } from './admin';

const admin = owner({ id: 'admin-1', email: 'ops@soundlink.example', displayName: 'Ops', role: 'admin' });
const maya = owner({ id: 'owner-2' });

async function render() {
  const fake = fakeApi({
    ...signInRoute(admin),
    'GET /api/v1/admin/owners': { status: 200, body: { items: [admin, maya], total: 2 } },
    'POST /api/v1/admin/owners/{id}/disable': { status: 204 },
    'POST /api/v1/admin/owners/{id}/enable': { status: 204 },
    'POST /api/v1/admin/owners/{id}/password-reset': {
      status: 201,
      body: {
        resetUrl: 'http://127.0.0.1:3000/reset-password?token=one-time-token',
        token: 'one-time-token',
        expiresAt: '2026-12-06T09:00:00.000Z',
      },
    },
  });
  const { fixture, el } = await renderSignedIn(Admin, fake);
  const row = (id: string) => el.querySelector<HTMLElement>(`[data-owner-id="${id}"]`)!;
  return { fixture, el, row, fake };
}

describe('Admin owners page', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('lists owners with role, status and an action (none for yourself)', async () => {
    const { row, fake } = await render();

    expect(fake.calls.find((c) => c.path === '/api/v1/admin/owners')?.init.params?.query).toEqual({
      limit: 50,
      offset: 0,
    });
    expect(text(row('admin-1'))).toContain('You');
    expect(text(row('admin-1'))).toContain('Admin');
    expect(row('admin-1').querySelector('button')).toBeNull();
    expect(text(row('owner-2'))).toContain('Owner');
    expect(text(row('owner-2'))).toContain('Active');
  });

  it('issues a one-time password reset link and shows it until dismissed', async () => {
    const { fixture, el, row, fake } = await render();

    button(row('owner-2'), /^Reset password/).click();
    await settle(fixture);

    expect(fake.calls.at(-1)?.path).toBe('/api/v1/admin/owners/{id}/password-reset');
    expect(fake.calls.at(-1)?.init.params?.path).toEqual({ id: 'owner-2' });
    expect(el.querySelector<HTMLInputElement>('#reset-link')?.value).toBe(
      'http://127.0.0.1:3000/reset-password?token=one-time-token',
    );
    expect(text(el.querySelector('.reset-panel'))).toContain("You won't see it again.");
    button(el, 'Done').click();
    await settle(fixture);
    expect(el.querySelector('#reset-link')).toBeNull();
  });

  it('disables an owner after confirmation, then can enable them again', async () => {
    const { fixture, row, fake } = await render();

    button(row('owner-2'), /^Disable/).click();
    await settle(fixture);
    expect(text(row('owner-2'))).toContain('Disable and sign them out?');
    button(row('owner-2'), 'Disable').click();
    await settle(fixture);

    expect(fake.calls.at(-1)?.path).toBe('/api/v1/admin/owners/{id}/disable');
    expect(fake.calls.at(-1)?.init.params?.path).toEqual({ id: 'owner-2' });
    expect(text(row('owner-2'))).toContain('Disabled');

    button(row('owner-2'), /^Enable/).click();
    await settle(fixture);
    expect(fake.calls.at(-1)?.path).toBe('/api/v1/admin/owners/{id}/enable');
    expect(text(row('owner-2'))).toContain('Active');
  });
});
