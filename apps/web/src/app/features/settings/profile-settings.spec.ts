import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, fakeApi, FakeAnswer, owner, signIn, signInRoute } from '../../../testing/fake-api-client';
import { button, describedErrors, settle, text, type } from '../../../testing/dom';
import { API_CLIENT } from '../../core/api-client';
import { SessionService } from '../../core/session.service';
import { ProfileSettings } from './profile-settings';

async function render(answer: FakeAnswer, signedIn = owner()) {
  const fake = fakeApi({ ...signInRoute(signedIn), 'PATCH /api/v1/auth/me': answer });
  TestBed.configureTestingModule({
    imports: [ProfileSettings],
    providers: [provideRouter([]), { provide: API_CLIENT, useValue: fake.client }],
  });
  await signIn(TestBed.inject(SessionService), fake);
  const fixture = TestBed.createComponent(ProfileSettings);
  document.body.appendChild(fixture.nativeElement);
  fixture.detectChanges();
  await settle(fixture);
  const el = fixture.nativeElement as HTMLElement;
  const save = async () => {
    button(el, 'Save profile').click();
    await settle(fixture);
    fixture.detectChanges();
  };
  return { el, fake, save };
}

describe('click retention in the profile settings', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it("sets the account's default click retention, with the server's limits in the hint", async () => {
    const { el, fake, save } = await render({ status: 200, body: owner({ clickRetentionDays: 200 }) });
    expect(text(el.querySelector('label[for=profile-retention]'))).toContain('Keep raw clicks (days)');
    expect(text(el.querySelector('#profile-retention-hint'))).toContain(
      "empty: this server's maximum, 395 days. Between 120 and 395 days.",
    );
    type(el, '#profile-retention', '200');
    await save();
    expect(fake.calls.find((c) => c.method === 'PATCH')?.init.body).toEqual({
      displayName: 'Maya',
      timezone: 'Europe/Berlin',
      clickRetentionDays: 200,
    });
    expect(text(el)).toContain('Profile saved');
  });

  it("checks the server's limits before sending, and shows the API's reason on the field", async () => {
    const { el, fake, save } = await render(
      apiError(400, 'ValidationFailed', 'The request is not valid: see details.', [
        {
          field: 'clickRetentionDays',
          reason:
            'must be between 120 and 300 days (this server keeps raw clicks at most CLICK_RETENTION_DAYS = 300 days)',
        },
      ]),
    );
    for (const refused of ['60', '500']) {
      type(el, '#profile-retention', refused);
      await save();
      expect(describedErrors(el, '#profile-retention')).toContain(
        'Enter a whole number of days between 120 and 395, or leave it empty.',
      );
    }
    expect(fake.calls.some((c) => c.method === 'PATCH')).toBe(false);

    // The operator lowered the cap since the page loaded: the API's reason goes on the field.
    type(el, '#profile-retention', '350');
    await save();
    expect(describedErrors(el, '#profile-retention')).toContain('CLICK_RETENTION_DAYS = 300');
  });

  it('an emptied field goes back to the server maximum (null)', async () => {
    const { el, fake, save } = await render(
      { status: 200, body: owner() },
      owner({ clickRetentionDays: 150 }),
    );
    expect(el.querySelector<HTMLInputElement>('#profile-retention')?.value).toBe('150');
    type(el, '#profile-retention', '');
    await save();
    expect(
      (fake.calls.find((c) => c.method === 'PATCH')?.init.body as { clickRetentionDays: unknown })
        .clickRetentionDays,
    ).toBeNull();
  });
});
