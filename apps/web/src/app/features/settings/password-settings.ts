import { ChangeDetectionStrategy, Component, ElementRef, inject, Injector, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { passwordRules } from '@soundlink/domain';
import { focusFirstInvalid, serverErrorText, showSubmitProblem } from '../../core/forms';
import { PasswordField } from '../../core/password-field';
import { PASSWORD_MAX_LENGTH } from '../../core/password-rules';
import { SessionService } from '../../core/session.service';
import { SettingsApi } from './settings-api';

type Field = 'currentPassword' | 'password';
const LABELS: Record<Field, string> = { currentPassword: 'Current password', password: 'New password' };

/** Change your password: the current one, a new one (the registration rules); other sessions end. */
@Component({
  selector: 'sl-password-settings',
  imports: [ReactiveFormsModule, PasswordField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="sl-card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form class="sl-form password-form" [formGroup]="form" (ngSubmit)="save()" novalidate>
        <div
          class="sl-field"
          slPasswordField
          name="currentPassword"
          fieldId="current-password"
          label="Current password"
          autocomplete="current-password"
          [maxLength]="maxLength"
          [invalid]="showError('currentPassword')"
          [error]="errorText('currentPassword')"
        ></div>
        <div
          class="sl-field"
          slPasswordField
          name="password"
          fieldId="new-password"
          label="New password"
          autocomplete="new-password"
          [maxLength]="maxLength"
          [invalid]="showError('password')"
          [error]="errorText('password')"
          [rules]="rules()"
        ></div>
        <p class="sl-hint">Changing it signs you out on every other device; API keys keep working.</p>
        <div class="password-form__actions">
          <button class="sl-button" type="submit" [disabled]="pending()">
            {{ pending() ? 'Changing…' : 'Change password' }}
          </button>
          <p class="password-form__status" aria-live="polite" aria-atomic="true">
            @if (changed()) {
              <span class="sl-badge sl-badge--success">Password changed</span>
            }
          </p>
        </div>
        <div aria-live="assertive" aria-atomic="true">
          @if (formError(); as message) {
            <p class="sl-alert password-alert" tabindex="-1">{{ message }}</p>
          }
        </div>
      </form>
    </section>
  `,
  styles: `
    .password-form {
      max-width: 32rem;
    }
    .password-form__actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--sl-space-4);
    }
    .password-form__status {
      margin: 0;
    }
  `,
})
export class PasswordSettings {
  private readonly api = inject(SettingsApi);
  private readonly session = inject(SessionService);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly email = this.session.owner()?.email ?? '';

  protected readonly maxLength = PASSWORD_MAX_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    currentPassword: ['', [Validators.required]],
    password: [
      '',
      [
        Validators.required,
        (control: { value: string }) =>
          passwordRules(control.value ?? '', this.email).every((rule) => rule.met) ? null : { weak: true },
      ],
    ],
  });
  protected readonly rules = signal(passwordRules('', this.email));
  protected readonly pending = signal(false);
  protected readonly submitted = signal(false);
  protected readonly changed = signal(false);
  protected readonly formError = signal<string | null>(null);

  constructor() {
    this.form.controls.password.valueChanges.subscribe((value) =>
      this.rules.set(passwordRules(value, this.email)),
    );
  }

  protected showError(field: Field): boolean {
    const control = this.form.controls[field];
    return control.invalid && (control.touched || this.submitted());
  }

  protected errorText(field: Field): string {
    const control = this.form.controls[field];
    const server = serverErrorText(LABELS[field], control);
    if (server) return server;
    if (control.errors?.['required'])
      return field === 'currentPassword' ? 'Enter your current password.' : 'Choose a new password.';
    return 'The new password does not meet every rule above yet.';
  }

  async save(): Promise<void> {
    if (this.pending()) return;
    this.submitted.set(true);
    this.changed.set(false);
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host, this.form, ['currentPassword', 'password']);
      return;
    }
    this.pending.set(true);
    const { currentPassword, password } = this.form.getRawValue();
    const result = await this.api.changePassword(currentPassword, password);
    this.pending.set(false);
    if (result.ok) {
      this.form.reset();
      this.submitted.set(false);
      this.changed.set(true);
      return;
    }
    if (this.session.handleExpiredSession(result.problem)) return;
    showSubmitProblem(
      { form: this.form, host: this.host, injector: this.injector },
      result.problem,
      this.formError,
      '.password-alert',
    );
  }
}
