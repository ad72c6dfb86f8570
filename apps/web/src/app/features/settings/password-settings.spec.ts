import { renderSignedIn } from '../../../testing/signed-in';
import { apiError, fakeApi, FakeAnswer, owner, signInRoute } from '../../../testing/fake-api-client';
import { button, describedErrors, settle, text, type } from '../../../testing/dom';
import { PasswordSettings } from './password-settings';

async function render(answer: FakeAnswer) {
  const fake = fakeApi({ ...signInRoute(owner()), 'POST /api/v1/auth/password': answer });
  const { fixture, el } = await renderSignedIn(PasswordSettings, fake);
  const submit = async (current: string, next: string) => {
    type(el, '#current-password', current);
    type(el, '#new-password', next);
    button(el, 'Change password').click();
    await settle(fixture);
    fixture.detectChanges();
  };
  return { el, fake, submit };
}

describe('password change in Settings', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('sends the current and the new password and says it is changed', async () => {
    const { el, fake, submit } = await render({ status: 204 });
    await submit('the old passphrase', 'a new and long passphrase');
    const call = fake.calls.find((c) => c.path === '/api/v1/auth/password');
    expect(call?.init.body).toEqual({
      currentPassword: 'the old passphrase',
      newPassword: 'a new and long passphrase',
    });
    expect(text(el)).toContain('Password changed');
  });

  it('checks the rules before sending, and shows the API’s reason on the field', async () => {
    const { el, fake, submit } = await render(
      apiError(400, 'WrongPassword', 'currentPassword is not your current password.', [
        { field: 'currentPassword', reason: 'is not your current password' },
      ]),
    );
    await submit('the old passphrase', 'short');
    expect(fake.calls.some((c) => c.path === '/api/v1/auth/password')).toBe(false);
    expect(describedErrors(el, '#new-password')).toContain('does not meet every rule');

    await submit('a wrong guess', 'a new and long passphrase');
    expect(describedErrors(el, '#current-password')).toBe('Current password is not your current password.');
  });
});
